/*
 * Checks one record from zks.settlements or zks.traces.dlq against what the
 * load generator sent. A settlement must decode, name a pair we sent, cover
 * exactly the accepted traces between its init and final nonce, carry public
 * inputs [user, provider, initNonce, finalNonce, totalFee, signer0, signer1]
 * equal to ours, and hold a Groth16 proof that our verifier accepts with the
 * fleet's verification_key.json. A DLQ record must be one of our probes,
 * never an accepted trace.
 */
#ifndef ZKS_LOADGEN_SETTLEMENT_CHECK_H
#define ZKS_LOADGEN_SETTLEMENT_CHECK_H

#include "ledger.h"
#include "population.h"
#include "send.h"

#include "snark/groth16.h"

#include <stddef.h>
#include <stdint.h>

/* dump_dir (may be NULL): each verified settlement is also written there as
 * <batch id hex>.proof.json and .public.json (snarkjs shapes), for an independent verifier. */
void check_settlement(lg_ledger *l, lg_population *pop, const groth16_vkey_t *vk, const uint8_t *buf, size_t len,
                      int64_t seen_ms, const char *dump_dir);

void check_dlq(lg_ledger *l, const lg_population *pop, lg_probes *probes, const uint8_t *buf, size_t len);

#endif
