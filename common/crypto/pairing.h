/* Optimal ate pairing on BN254 (e: G1 x G2 -> GT in Fq12). */
#ifndef ZKS_CRYPTO_PAIRING_H
#define ZKS_CRYPTO_PAIRING_H

#include "fq12.h"
#include "g1.h"
#include "g2.h"

/* e(p, q); either argument at infinity gives 1. */
void bn254_pairing(fq12_t *r, const g1_affine_t *p, const g2_affine_t *q);
/*
 * e(p[0], q[0]) * ... * e(p[n-1], q[n-1]) == 1, with one shared Miller loop
 * accumulator and one final exponentiation (EIP-197's pairing check).
 * Inputs must already be validated (on curve, G2 in subgroup).
 */
bool bn254_pairing_product_is_one(const g1_affine_t *p, const g2_affine_t *q, size_t n);
void bn254_miller_loop(fq12_t *r, const g1_affine_t *p, const g2_affine_t *q, size_t n);
void bn254_final_exponentiation(fq12_t *r, const fq12_t *f);

#endif
