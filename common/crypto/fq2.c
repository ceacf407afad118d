/* Fq2 = Fq[u] / (u^2 + 1). Every function allows r to alias its inputs. */
#include "fq2.h"

void fq2_add(fq2_t *r, const fq2_t *a, const fq2_t *b)
{
    fq_add(&r->c0, &a->c0, &b->c0);
    fq_add(&r->c1, &a->c1, &b->c1);
}

void fq2_sub(fq2_t *r, const fq2_t *a, const fq2_t *b)
{
    fq_sub(&r->c0, &a->c0, &b->c0);
    fq_sub(&r->c1, &a->c1, &b->c1);
}

void fq2_neg(fq2_t *r, const fq2_t *a)
{
    fq_neg(&r->c0, &a->c0);
    fq_neg(&r->c1, &a->c1);
}

void fq2_dbl(fq2_t *r, const fq2_t *a)
{
    fq_dbl(&r->c0, &a->c0);
    fq_dbl(&r->c1, &a->c1);
}

/* Karatsuba: three base-field products instead of four. */
void fq2_mul(fq2_t *r, const fq2_t *a, const fq2_t *b)
{
    fq_t v0, v1, sa, sb;
    fq_mul(&v0, &a->c0, &b->c0);
    fq_mul(&v1, &a->c1, &b->c1);
    fq_add(&sa, &a->c0, &a->c1);
    fq_add(&sb, &b->c0, &b->c1);
    fq_mul(&sa, &sa, &sb);
    fq_sub(&r->c0, &v0, &v1);
    fq_sub(&sa, &sa, &v0);
    fq_sub(&r->c1, &sa, &v1);
}

/* (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u: two products, since u^2 = -1. */
void fq2_sqr(fq2_t *r, const fq2_t *a)
{
    fq_t s, d, m;
    fq_add(&s, &a->c0, &a->c1);
    fq_sub(&d, &a->c0, &a->c1);
    fq_mul(&m, &a->c0, &a->c1);
    fq_mul(&r->c0, &s, &d);
    fq_dbl(&r->c1, &m);
}

void fq2_conj(fq2_t *r, const fq2_t *a)
{
    r->c0 = a->c0;
    fq_neg(&r->c1, &a->c1);
}

/* (9 + u)(a0 + a1 u) = (9 a0 - a1) + (9 a1 + a0) u; 9a as 8a + a keeps it to additions. */
void fq2_mul_by_xi(fq2_t *r, const fq2_t *a)
{
    fq_t n0, n1;
    fq_dbl(&n0, &a->c0);
    fq_dbl(&n0, &n0);
    fq_dbl(&n0, &n0);
    fq_add(&n0, &n0, &a->c0);
    fq_dbl(&n1, &a->c1);
    fq_dbl(&n1, &n1);
    fq_dbl(&n1, &n1);
    fq_add(&n1, &n1, &a->c1);
    fq_sub(&n0, &n0, &a->c1);
    fq_add(&r->c1, &n1, &a->c0);
    r->c0 = n0;
}

void fq2_mul_fq(fq2_t *r, const fq2_t *a, const fq_t *b)
{
    fq_mul(&r->c0, &a->c0, b);
    fq_mul(&r->c1, &a->c1, b);
}

/* 1/(a0 + a1 u) = (a0 - a1 u) / (a0^2 + a1^2): one base-field inversion. */
bool fq2_inv(fq2_t *r, const fq2_t *a)
{
    fq_t n, t;
    fq_sqr(&n, &a->c0);
    fq_sqr(&t, &a->c1);
    fq_add(&n, &n, &t);
    if (!fq_inv(&n, &n)) {
        fq2_set_zero(r);
        return false;
    }
    fq_mul(&r->c0, &a->c0, &n);
    fq_mul(&t, &a->c1, &n);
    fq_neg(&r->c1, &t);
    return true;
}

/*
 * Square root through the norm: if x^2 = a then N(x)^2 = N(a), so
 * x0^2 = (a0 + s)/2 for a square root s of N(a) = a0^2 + a1^2 (one of the
 * two choices of s gives a square), and x1 = a1 / (2 x0).
 */
bool fq2_sqrt(fq2_t *r, const fq2_t *a)
{
    if (fq_is_zero(&a->c1)) {
        fq2_t x;
        fq_set_zero(&x.c1);
        if (fq_sqrt(&x.c0, &a->c0)) {
            *r = x;
            return true;
        }
        /* a0 is a non-square: (y u)^2 = -y^2, so y = sqrt(-a0), which exists since -1 is a non-square mod p */
        fq_t m;
        fq_neg(&m, &a->c0);
        if (!fq_sqrt(&x.c1, &m))
            return false;
        fq_set_zero(&x.c0);
        *r = x;
        return true;
    }
    fq_t n, t, s, half, x0, x1;
    fq_sqr(&n, &a->c0);
    fq_sqr(&t, &a->c1);
    fq_add(&n, &n, &t);
    if (!fq_sqrt(&s, &n))
        return false;
    fq_from_u64(&half, 2);
    fq_inv(&half, &half);
    fq_add(&t, &a->c0, &s);
    fq_mul(&t, &t, &half);
    if (fq_legendre(&t) != 1) {
        fq_sub(&t, &a->c0, &s);
        fq_mul(&t, &t, &half);
    }
    if (!fq_sqrt(&x0, &t))
        return false;
    fq_dbl(&t, &x0);
    if (!fq_inv(&t, &t))
        return false;
    fq_mul(&x1, &a->c1, &t);
    fq2_t x = {x0, x1}, chk;
    fq2_sqr(&chk, &x);
    if (!fq2_eq(&chk, a))
        return false;
    *r = x;
    return true;
}

bool fq2_is_zero(const fq2_t *a) { return fq_is_zero(&a->c0) && fq_is_zero(&a->c1); }

bool fq2_eq(const fq2_t *a, const fq2_t *b) { return fq_eq(&a->c0, &b->c0) && fq_eq(&a->c1, &b->c1); }

void fq2_set_zero(fq2_t *r)
{
    fq_set_zero(&r->c0);
    fq_set_zero(&r->c1);
}

void fq2_set_one(fq2_t *r)
{
    fq_set_one(&r->c0);
    fq_set_zero(&r->c1);
}
