/*
 * Single-party development setup for Groth16 over BN254: toxic waste from
 * libsodium, known to this process only while it runs and wiped afterwards.
 * NOT for production: whoever ran it could forge proofs. Production keys
 * come from a Powers-of-Tau plus phase-2 ceremony (snarkjs).
 *
 * The QAP polynomials are evaluated at tau through the Lagrange basis of the
 * size-n domain (snarkjs's domain: the smallest power of two covering the
 * constraints plus one row per public signal and the constant), and H holds
 * L_{2i+1}(tau)/delta over the 2n domain, so that the snarkjs prover,
 * rapidsnark and ours, which evaluate A*B-C on the odd coset, work with it.
 */
#ifndef ZKS_SNARK_SETUP_H
#define ZKS_SNARK_SETUP_H

#include "snark/groth16.h"
#include "snark/r1cs.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes a snarkjs-format .zkey for cs to zkey_path and, when vk_out is not
 * NULL, fills the verification key (free with groth16_vkey_free).
 * threads: 0 = all cores.
 */
bool groth16_dev_setup(const r1cs_t *cs, const char *zkey_path, groth16_vkey_t *vk_out, unsigned threads, char *err,
                       size_t err_len);

/* The size-2^log_n root of unity snarkjs/ffjavascript use: 5^((r-1)/2^log_n). */
void groth16_root_of_unity(fr_t *w, unsigned log_n);

/* The domain snarkjs picks: smallest 2^k >= n_constraints + n_public + 1. Returns k. */
unsigned groth16_domain_log(const r1cs_t *cs);

#endif
