/*
 * Groth16 verification over BN254, single and batched:
 *   e(A, B) = e(alpha, beta) * e(vk_x, gamma) * e(C, delta),  vk_x = IC_0 + sum pub_i IC_{i+1}
 * checked as one product of four pairings equal to 1.
 */
#ifndef ZKS_SNARK_GROTH16_VERIFY_H
#define ZKS_SNARK_GROTH16_VERIFY_H

#include "snark/groth16.h"

#include <stdbool.h>
#include <stddef.h>

void groth16_vkey_free(groth16_vkey_t *vk);
/* Copies the verification key out of a mapped proving key. */
bool groth16_vkey_from_zkey(groth16_vkey_t *vk, const zkey_t *zk);

/* A, C on the curve (not infinity), B in the G2 subgroup: what an honest prover's proof satisfies. */
bool groth16_proof_is_well_formed(const groth16_proof_t *proof);

/*
 * pub: vk->n_public values (Montgomery form, hence < r). False for an
 * ill-formed or invalid proof.
 */
bool groth16_verify(const groth16_vkey_t *vk, const fr_t *pub, const groth16_proof_t *proof);

/*
 * n proofs for one key; pub holds n * vk->n_public values, proof i's first.
 * One multi-pairing of n + 3 pairs over a random linear combination with
 * 128-bit weights from libsodium: a batch containing an invalid proof passes
 * with probability about 2^-128. True only when every proof is valid.
 */
bool groth16_verify_batch(const groth16_vkey_t *vk, const fr_t *pub, const groth16_proof_t *proofs, size_t n);

#endif
