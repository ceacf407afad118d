/* Fq2 = Fq[u] / (u^2 + 1), the field of the G2 twist coordinates. */
#ifndef ZKS_CRYPTO_FQ2_H
#define ZKS_CRYPTO_FQ2_H

#include "fq.h"

/* c0 + c1*u. Layout (c0 then c1, Montgomery limbs) matches snarkjs zkey G2 storage. */
typedef struct {
    fq_t c0, c1;
} fq2_t;

void fq2_add(fq2_t *r, const fq2_t *a, const fq2_t *b);
void fq2_sub(fq2_t *r, const fq2_t *a, const fq2_t *b);
void fq2_neg(fq2_t *r, const fq2_t *a);
void fq2_dbl(fq2_t *r, const fq2_t *a);
void fq2_mul(fq2_t *r, const fq2_t *a, const fq2_t *b);
void fq2_sqr(fq2_t *r, const fq2_t *a);
void fq2_conj(fq2_t *r, const fq2_t *a);
/* multiplies by xi = 9 + u, the non-residue that defines Fq6 and the twist */
void fq2_mul_by_xi(fq2_t *r, const fq2_t *a);
void fq2_mul_fq(fq2_t *r, const fq2_t *a, const fq_t *b);
bool fq2_inv(fq2_t *r, const fq2_t *a);
/* some square root of a; false (r untouched) when a is not a square in Fq2 */
bool fq2_sqrt(fq2_t *r, const fq2_t *a);
bool fq2_is_zero(const fq2_t *a);
bool fq2_eq(const fq2_t *a, const fq2_t *b);
void fq2_set_zero(fq2_t *r);
void fq2_set_one(fq2_t *r);

#endif
