/*
 * Groth16 over BN254: the proof and verification-key types shared by the
 * prover (groth16_prove.c), the verifier (groth16_verify.c), the snarkjs JSON
 * codecs and the Solidity/calldata export.
 */
#ifndef ZKS_SNARK_GROTH16_H
#define ZKS_SNARK_GROTH16_H

#include "crypto/fr.h"
#include "crypto/g1.h"
#include "crypto/g2.h"
#include "snark/zkey.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    g1_affine_t a;
    g2_affine_t b;
    g1_affine_t c;
} groth16_proof_t;

typedef struct {
    uint32_t n_public;
    g1_affine_t alpha1;
    g2_affine_t beta2, gamma2, delta2;
    g1_affine_t *ic; /* n_public + 1 points, owned */
} groth16_vkey_t;

/*
 * Proves with a mapped key. witness: zk->n_vars values in Montgomery form,
 * witness[0] == 1. Blinding r, s from libsodium. threads: 0 = all cores.
 * Returns false (and a one-line reason in err) on inconsistent input.
 */
bool groth16_prove(const zkey_t *zk, const fr_t *witness, groth16_proof_t *proof, unsigned threads, char *err,
                   size_t err_len);

#endif
