/*
 * snarkjs JSON shapes for Groth16 over BN254 ("bn128" in snarkjs):
 *   verification_key.json  protocol, curve, nPublic, vk_alpha_1, vk_beta_2, vk_gamma_2, vk_delta_2,
 *                          vk_alphabeta_12 (e(alpha, beta), informative), IC
 *   proof.json             pi_a, pi_b, pi_c (projective, z = 1), protocol, curve
 *   public.json            array of decimal strings
 * Readers are strict: decimal strings only, field elements below their modulus,
 * points on the curve (G2 in the subgroup), counts that match. A failing
 * reader writes a one-line reason into err.
 */
#ifndef ZKS_SNARK_SNARK_JSON_H
#define ZKS_SNARK_SNARK_JSON_H

#include "snark/groth16.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

json_t *groth16_vkey_to_json(const groth16_vkey_t *vk);
bool groth16_vkey_from_json(groth16_vkey_t *vk, const json_t *j, char *err, size_t err_len);
json_t *groth16_proof_to_json(const groth16_proof_t *p);
bool groth16_proof_from_json(groth16_proof_t *p, const json_t *j, char *err, size_t err_len);
json_t *groth16_public_to_json(const fr_t *pub, size_t n);
/* *pub malloc'd (n values); n == 0 is allowed */
bool groth16_public_from_json(fr_t **pub, size_t *n, const json_t *j, char *err, size_t err_len);

/* File helpers: load fails with exit-2 class reasons (missing file reported as such in err). */
json_t *snark_json_load(const char *path, char *err, size_t err_len);
bool snark_json_save(const json_t *j, const char *path, char *err, size_t err_len);

#endif
