/* Fq12 = Fq6[w] / (w^2 - v): the top of the BN254 tower, where pairing values (GT) live. */
#ifndef ZKS_CRYPTO_FQ12_H
#define ZKS_CRYPTO_FQ12_H

#include "fq6.h"

/* c0 + c1 w; as Fq2 coordinates: w^0 = c0.c0, w^1 = c1.c0, w^2 = c0.c1, w^3 = c1.c1, w^4 = c0.c2, w^5 = c1.c2 */
typedef struct {
    fq6_t c0, c1;
} fq12_t;

/* All functions allow r to alias the inputs. */
void fq12_add(fq12_t *r, const fq12_t *a, const fq12_t *b);
void fq12_sub(fq12_t *r, const fq12_t *a, const fq12_t *b);
void fq12_neg(fq12_t *r, const fq12_t *a);
void fq12_mul(fq12_t *r, const fq12_t *a, const fq12_t *b);
void fq12_sqr(fq12_t *r, const fq12_t *a);
bool fq12_inv(fq12_t *r, const fq12_t *a); /* false (r = 0) for a = 0 */
/* a^(p^6): the conjugate over Fq6, and the inverse for elements of the cyclotomic subgroup */
void fq12_conj(fq12_t *r, const fq12_t *a);
/* a^(p^k), k taken mod 12 */
void fq12_frobenius(fq12_t *r, const fq12_t *a, unsigned k);
/*
 * a * (l0 + l1 w + l3 w^3): multiplication by a pairing line value, which has
 * only those three Fq2 coordinates (13 Fq2 products instead of 18).
 */
void fq12_mul_by_line(fq12_t *r, const fq12_t *a, const fq2_t *l0, const fq2_t *l1, const fq2_t *l3);
/*
 * Squaring in the cyclotomic subgroup (the order p^4 - p^2 + 1 subgroup that
 * the easy part of the final exponentiation lands in): Granger-Scott,
 * 9 Fq2 squarings instead of 12 products. Wrong for other elements.
 */
void fq12_cyclotomic_sqr(fq12_t *r, const fq12_t *a);
/* a^e for a little-endian exponent of n limbs (generic square-and-multiply) */
void fq12_pow(fq12_t *r, const fq12_t *a, const uint64_t *e, size_t n);
bool fq12_is_one(const fq12_t *a);
bool fq12_eq(const fq12_t *a, const fq12_t *b);
void fq12_set_zero(fq12_t *r);
void fq12_set_one(fq12_t *r);

#endif
