/*
 * Signed requests -> SettleBatch(L) witness -> Groth16 proof: the part of
 * `zks prove` that the worker service calls in-process.
 *
 * Input is refused, with a one-line reason naming the trace (its position in
 * the caller's list), before any proving work when: there are none or more
 * than L, user/provider or signer differ from trace 0, two traces share a
 * nonce, a signature does not verify (C EdDSA), or the signer key is not a
 * valid point of large order.
 */
#ifndef ZKS_CIRCUIT_SETTLE_PROVE_H
#define ZKS_CIRCUIT_SETTLE_PROVE_H

#include "circuit/settle_batch.h"
#include "crypto/eddsa.h"
#include "snark/groth16.h"
#include "snark/zkey.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t nonce;
    unsigned __int128 fee;
    uint8_t user[20], provider[20]; /* big-endian address bytes */
    uint8_t signer[32];             /* packed public key */
    uint8_t signature[64];          /* packPoint(R8) || S little-endian */
} settle_request_t;

/*
 * Fills in (allocated here for batch L; free with settle_input_free) from n
 * requests in any order: sorted by nonce, then padding. False with a reason
 * in err on invalid input.
 */
bool settle_input_from_requests(settle_input_t *in, unsigned batch, const settle_request_t *req, size_t n,
                                const eddsa_ctx *ed, char *err, size_t err_len);

/*
 * Checks that a proving key belongs to SettleBatch(r1cs): wire and public
 * counts, domain, and every A/B coefficient. False with a reason otherwise.
 */
bool settle_key_matches(const zkey_t *zk, const r1cs_t *r1cs, char *err, size_t err_len);

/*
 * Synthesises the witness for in, checks it satisfies every constraint and
 * fits the key, and proves. pub receives the seven public values.
 */
bool settle_prove(const zkey_t *zk, settle_ctx_t *ctx, const settle_input_t *in, groth16_proof_t *proof,
                  fr_t pub[SETTLE_N_PUBLIC], unsigned threads, char *err, size_t err_len);

/* Builds SettleBatch(L)'s matrices over the dummy assignment. */
bool settle_build_r1cs(r1cs_t *out, settle_ctx_t *ctx, unsigned batch);

#endif
