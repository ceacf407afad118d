/*
 * The Settlement message (proto/zks.proto) a worker publishes on
 * zks.settlements for one proved batch, and its EVM calldata.
 */
#ifndef ZKS_WORKER_SETTLEMENT_H
#define ZKS_WORKER_SETTLEMENT_H

#include "batch_plan.h"
#include "trace_record.h"

#include "circuit/settle_batch.h"
#include "snark/groth16.h"

#include <stddef.h>
#include <stdint.h>

/* 4-byte selector + 8 proof words + 7 public inputs, each word 32 bytes. */
enum { SETTLEMENT_CALLDATA_LEN = 4 + (8 + SETTLE_N_PUBLIC) * 32 };

/* ABI encoding of verifyProof(uint256[2] pA, uint256[2][2] pB, uint256[2] pC,
 * uint256[7] pubSignals) of the exported verifier (snark/solidity.c): static
 * arrays are encoded in place, so it is the selector followed by the words. */
void settlement_calldata(uint8_t out[SETTLEMENT_CALLDATA_LEN], const groth16_proof_t *proof,
                         const fr_t pub[SETTLE_N_PUBLIC]);

typedef struct {
    const uint8_t *batch_id;       /* BATCH_ID_LEN bytes */
    const trace_pair *pair;
    uint32_t count;                /* real traces */
    uint64_t sealed_at_ms, proved_at_ms, prove_duration_ms;
    const char *key_id;            /* which proving key */
    const char *prover;            /* worker instance id */
} settlement_info;

/* Packs a Settlement (version 1). malloc'd buffer (caller frees) and its length; NULL on OOM. */
uint8_t *settlement_encode(const settlement_info *info, const groth16_proof_t *proof,
                           const fr_t pub[SETTLE_N_PUBLIC], size_t *len);

#endif
