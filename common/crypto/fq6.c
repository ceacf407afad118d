/* Fq6 = Fq2[v] / (v^3 - xi). Formulas: Devegili, O hEigeartaigh, Scott, Dahab,
 * "Multiplication and Squaring on Pairing-Friendly Fields" (2006): Karatsuba
 * product and Chung-Hasan SQR2 squaring. */
#include "fq6.h"

#include "bn254_frobenius.h"

void fq6_add(fq6_t *r, const fq6_t *a, const fq6_t *b)
{
    fq2_add(&r->c0, &a->c0, &b->c0);
    fq2_add(&r->c1, &a->c1, &b->c1);
    fq2_add(&r->c2, &a->c2, &b->c2);
}

void fq6_sub(fq6_t *r, const fq6_t *a, const fq6_t *b)
{
    fq2_sub(&r->c0, &a->c0, &b->c0);
    fq2_sub(&r->c1, &a->c1, &b->c1);
    fq2_sub(&r->c2, &a->c2, &b->c2);
}

void fq6_neg(fq6_t *r, const fq6_t *a)
{
    fq2_neg(&r->c0, &a->c0);
    fq2_neg(&r->c1, &a->c1);
    fq2_neg(&r->c2, &a->c2);
}

void fq6_dbl(fq6_t *r, const fq6_t *a)
{
    fq2_dbl(&r->c0, &a->c0);
    fq2_dbl(&r->c1, &a->c1);
    fq2_dbl(&r->c2, &a->c2);
}

/* Karatsuba: 6 Fq2 products. */
void fq6_mul(fq6_t *r, const fq6_t *a, const fq6_t *b)
{
    fq2_t v0, v1, v2, s, t, c0, c1, c2;
    fq2_mul(&v0, &a->c0, &b->c0);
    fq2_mul(&v1, &a->c1, &b->c1);
    fq2_mul(&v2, &a->c2, &b->c2);

    fq2_add(&s, &a->c1, &a->c2);
    fq2_add(&t, &b->c1, &b->c2);
    fq2_mul(&c0, &s, &t);
    fq2_sub(&c0, &c0, &v1);
    fq2_sub(&c0, &c0, &v2);
    fq2_mul_by_xi(&c0, &c0);
    fq2_add(&c0, &c0, &v0);

    fq2_add(&s, &a->c0, &a->c1);
    fq2_add(&t, &b->c0, &b->c1);
    fq2_mul(&c1, &s, &t);
    fq2_sub(&c1, &c1, &v0);
    fq2_sub(&c1, &c1, &v1);
    fq2_mul_by_xi(&s, &v2);
    fq2_add(&c1, &c1, &s);

    fq2_add(&s, &a->c0, &a->c2);
    fq2_add(&t, &b->c0, &b->c2);
    fq2_mul(&c2, &s, &t);
    fq2_sub(&c2, &c2, &v0);
    fq2_sub(&c2, &c2, &v2);
    fq2_add(&c2, &c2, &v1);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

/* CH-SQR2: 2 products and 3 squarings in Fq2. */
void fq6_sqr(fq6_t *r, const fq6_t *a)
{
    fq2_t s0, s1, s2, s3, s4, t;
    fq2_sqr(&s0, &a->c0);
    fq2_mul(&s1, &a->c0, &a->c1);
    fq2_dbl(&s1, &s1);
    fq2_sub(&t, &a->c0, &a->c1);
    fq2_add(&t, &t, &a->c2);
    fq2_sqr(&s2, &t);
    fq2_mul(&s3, &a->c1, &a->c2);
    fq2_dbl(&s3, &s3);
    fq2_sqr(&s4, &a->c2);

    fq2_mul_by_xi(&t, &s3);
    fq2_add(&r->c0, &s0, &t);
    fq2_add(&r->c2, &s1, &s2);
    fq2_add(&r->c2, &r->c2, &s3);
    fq2_sub(&r->c2, &r->c2, &s0);
    fq2_sub(&r->c2, &r->c2, &s4);
    fq2_mul_by_xi(&t, &s4);
    fq2_add(&r->c1, &s1, &t);
}

/*
 * The inverse through the adjugate: with t0 = a0^2 - xi a1 a2,
 * t1 = xi a2^2 - a0 a1, t2 = a1^2 - a0 a2, a * (t0 + t1 v + t2 v^2) is the
 * Fq2 scalar a0 t0 + xi (a2 t1 + a1 t2).
 */
bool fq6_inv(fq6_t *r, const fq6_t *a)
{
    fq2_t t0, t1, t2, s, d;
    fq2_sqr(&t0, &a->c0);
    fq2_mul(&s, &a->c1, &a->c2);
    fq2_mul_by_xi(&s, &s);
    fq2_sub(&t0, &t0, &s);

    fq2_sqr(&t1, &a->c2);
    fq2_mul_by_xi(&t1, &t1);
    fq2_mul(&s, &a->c0, &a->c1);
    fq2_sub(&t1, &t1, &s);

    fq2_sqr(&t2, &a->c1);
    fq2_mul(&s, &a->c0, &a->c2);
    fq2_sub(&t2, &t2, &s);

    fq2_mul(&d, &a->c2, &t1);
    fq2_mul(&s, &a->c1, &t2);
    fq2_add(&d, &d, &s);
    fq2_mul_by_xi(&d, &d);
    fq2_mul(&s, &a->c0, &t0);
    fq2_add(&d, &d, &s);
    if (!fq2_inv(&d, &d)) {
        fq6_set_zero(r);
        return false;
    }
    fq2_mul(&r->c0, &t0, &d);
    fq2_mul(&r->c1, &t1, &d);
    fq2_mul(&r->c2, &t2, &d);
    return true;
}

/* v (c0 + c1 v + c2 v^2) = xi c2 + c0 v + c1 v^2 */
void fq6_mul_by_v(fq6_t *r, const fq6_t *a)
{
    fq2_t t;
    fq2_mul_by_xi(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}

void fq6_mul_fq2(fq6_t *r, const fq6_t *a, const fq2_t *b)
{
    fq2_mul(&r->c0, &a->c0, b);
    fq2_mul(&r->c1, &a->c1, b);
    fq2_mul(&r->c2, &a->c2, b);
}

/* Karatsuba with b2 = 0: 5 Fq2 products. */
void fq6_mul_by_01(fq6_t *r, const fq6_t *a, const fq2_t *b0, const fq2_t *b1)
{
    fq2_t v0, v1, s, t, c0, c1, c2;
    fq2_mul(&v0, &a->c0, b0);
    fq2_mul(&v1, &a->c1, b1);

    fq2_add(&s, &a->c1, &a->c2);
    fq2_mul(&c0, &s, b1);
    fq2_sub(&c0, &c0, &v1);
    fq2_mul_by_xi(&c0, &c0);
    fq2_add(&c0, &c0, &v0);

    fq2_add(&s, &a->c0, &a->c1);
    fq2_add(&t, b0, b1);
    fq2_mul(&c1, &s, &t);
    fq2_sub(&c1, &c1, &v0);
    fq2_sub(&c1, &c1, &v1);

    fq2_add(&s, &a->c0, &a->c2);
    fq2_mul(&c2, &s, b0);
    fq2_sub(&c2, &c2, &v0);
    fq2_add(&c2, &c2, &v1);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

/* Odd powers of p conjugate the Fq2 coefficients; v = w^2 picks up gamma_k,2 and v^2 gamma_k,4. */
static void fq2_frobenius(fq2_t *r, const fq2_t *a, unsigned k)
{
    if (k & 1)
        fq2_conj(r, a);
    else
        *r = *a;
}

/* p^k for k = 4, 5 as p^3 followed by p^(k-3): the tables cover k = 1..3 only */
void fq6_frobenius(fq6_t *r, const fq6_t *a, unsigned k)
{
    k %= 6;
    fq6_t t = *a;
    while (k > 0) {
        unsigned step = k > 3 ? 3 : k;
        const fq2_t *g = BN254_FROB_GAMMA[step - 1];
        fq2_frobenius(&t.c0, &t.c0, step);
        fq2_frobenius(&t.c1, &t.c1, step);
        fq2_frobenius(&t.c2, &t.c2, step);
        fq2_mul(&t.c1, &t.c1, &g[2]);
        fq2_mul(&t.c2, &t.c2, &g[4]);
        k -= step;
    }
    *r = t;
}

bool fq6_is_zero(const fq6_t *a) { return fq2_is_zero(&a->c0) && fq2_is_zero(&a->c1) && fq2_is_zero(&a->c2); }

bool fq6_eq(const fq6_t *a, const fq6_t *b)
{
    return fq2_eq(&a->c0, &b->c0) && fq2_eq(&a->c1, &b->c1) && fq2_eq(&a->c2, &b->c2);
}

void fq6_set_zero(fq6_t *r)
{
    fq2_set_zero(&r->c0);
    fq2_set_zero(&r->c1);
    fq2_set_zero(&r->c2);
}

void fq6_set_one(fq6_t *r)
{
    fq2_set_one(&r->c0);
    fq2_set_zero(&r->c1);
    fq2_set_zero(&r->c2);
}
