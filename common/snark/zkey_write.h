/*
 * Writes a snarkjs Groth16 .zkey (the layout zkey.h reads).
 *
 * The coefficient section lists the A and B matrices per constraint, then
 * one A entry (signal s, value 1) at constraint n_constraints + s for each
 * public signal s = 0..n_public, as snarkjs zkey_new.js does: those extra
 * rows make the IC points independent. Each coefficient is stored as the
 * canonical little-endian integer c * R^2 mod r (R = 2^256), snarkjs's
 * convention: one Montgomery multiplication by a canonical witness value
 * then yields the product in Montgomery form.
 */
#ifndef ZKS_SNARK_ZKEY_WRITE_H
#define ZKS_SNARK_ZKEY_WRITE_H

#include "snark/r1cs.h"
#include "snark/zkey.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const r1cs_t *cs; /* the coefficient section comes from here */
    uint32_t domain_size;
    g1_affine_t alpha1, beta1, delta1;
    g2_affine_t beta2, gamma2, delta2;
    const g1_affine_t *ic; /* n_public + 1 */
    const g1_affine_t *a;  /* n_wires */
    const g1_affine_t *b1; /* n_wires */
    const g2_affine_t *b2; /* n_wires */
    const g1_affine_t *c;  /* n_wires - n_public - 1 */
    const g1_affine_t *h;  /* domain_size */
} zkey_contents_t;

bool zkey_write(const zkey_contents_t *k, const char *path, char *err, size_t err_len);

/* The stored form of a coefficient (see above), and back. */
void zkey_coef_encode(uint8_t out[32], const fr_t *coef);
void zkey_coef_decode(fr_t *coef, const uint8_t in[32]);

#endif
