/* Fq6 = Fq2[v] / (v^3 - xi), xi = 9 + u: the middle floor of the BN254 tower. */
#ifndef ZKS_CRYPTO_FQ6_H
#define ZKS_CRYPTO_FQ6_H

#include "fq2.h"

/* c0 + c1 v + c2 v^2 */
typedef struct {
    fq2_t c0, c1, c2;
} fq6_t;

/* All functions allow r to alias the inputs. */
void fq6_add(fq6_t *r, const fq6_t *a, const fq6_t *b);
void fq6_sub(fq6_t *r, const fq6_t *a, const fq6_t *b);
void fq6_neg(fq6_t *r, const fq6_t *a);
void fq6_dbl(fq6_t *r, const fq6_t *a);
void fq6_mul(fq6_t *r, const fq6_t *a, const fq6_t *b);
void fq6_sqr(fq6_t *r, const fq6_t *a);
bool fq6_inv(fq6_t *r, const fq6_t *a); /* false (r = 0) for a = 0 */
void fq6_mul_by_v(fq6_t *r, const fq6_t *a);
void fq6_mul_fq2(fq6_t *r, const fq6_t *a, const fq2_t *b);
/* a * (b0 + b1 v), the sparse product used by the pairing's line multiplication */
void fq6_mul_by_01(fq6_t *r, const fq6_t *a, const fq2_t *b0, const fq2_t *b1);
/* a^(p^k) for k = 0..5 (k is taken mod 6) */
void fq6_frobenius(fq6_t *r, const fq6_t *a, unsigned k);
bool fq6_is_zero(const fq6_t *a);
bool fq6_eq(const fq6_t *a, const fq6_t *b);
void fq6_set_zero(fq6_t *r);
void fq6_set_one(fq6_t *r);

#endif
