/* Fq12 = Fq6[w] / (w^2 - v). */
#include "fq12.h"

#include "bn254_frobenius.h"

void fq12_add(fq12_t *r, const fq12_t *a, const fq12_t *b)
{
    fq6_add(&r->c0, &a->c0, &b->c0);
    fq6_add(&r->c1, &a->c1, &b->c1);
}

void fq12_sub(fq12_t *r, const fq12_t *a, const fq12_t *b)
{
    fq6_sub(&r->c0, &a->c0, &b->c0);
    fq6_sub(&r->c1, &a->c1, &b->c1);
}

void fq12_neg(fq12_t *r, const fq12_t *a)
{
    fq6_neg(&r->c0, &a->c0);
    fq6_neg(&r->c1, &a->c1);
}

/* Karatsuba: 3 Fq6 products. */
void fq12_mul(fq12_t *r, const fq12_t *a, const fq12_t *b)
{
    fq6_t v0, v1, s, t;
    fq6_mul(&v0, &a->c0, &b->c0);
    fq6_mul(&v1, &a->c1, &b->c1);
    fq6_add(&s, &a->c0, &a->c1);
    fq6_add(&t, &b->c0, &b->c1);
    fq6_mul(&s, &s, &t);
    fq6_sub(&s, &s, &v0);
    fq6_sub(&r->c1, &s, &v1);
    fq6_mul_by_v(&v1, &v1);
    fq6_add(&r->c0, &v0, &v1);
}

/* Complex squaring: (a0 + a1 w)^2 = (a0 + a1)(a0 + v a1) - m - v m + 2 m w with m = a0 a1; 2 Fq6 products. */
void fq12_sqr(fq12_t *r, const fq12_t *a)
{
    fq6_t m, s, t;
    fq6_mul(&m, &a->c0, &a->c1);
    fq6_add(&s, &a->c0, &a->c1);
    fq6_mul_by_v(&t, &a->c1);
    fq6_add(&t, &t, &a->c0);
    fq6_mul(&s, &s, &t);
    fq6_sub(&s, &s, &m);
    fq6_mul_by_v(&t, &m);
    fq6_sub(&r->c0, &s, &t);
    fq6_dbl(&r->c1, &m);
}

/* 1/(a0 + a1 w) = (a0 - a1 w) / (a0^2 - v a1^2) */
bool fq12_inv(fq12_t *r, const fq12_t *a)
{
    fq6_t t0, t1;
    fq6_sqr(&t0, &a->c0);
    fq6_sqr(&t1, &a->c1);
    fq6_mul_by_v(&t1, &t1);
    fq6_sub(&t0, &t0, &t1);
    if (!fq6_inv(&t0, &t0)) {
        fq12_set_zero(r);
        return false;
    }
    fq6_mul(&r->c0, &a->c0, &t0);
    fq6_mul(&t1, &a->c1, &t0);
    fq6_neg(&r->c1, &t1);
    return true;
}

void fq12_conj(fq12_t *r, const fq12_t *a)
{
    r->c0 = a->c0;
    fq6_neg(&r->c1, &a->c1);
}

/* One application of p^k, k = 1..3: coefficient of w^i becomes its conjugate (k odd) times gamma_k,i. */
static void frobenius_step(fq12_t *r, const fq12_t *a, unsigned k)
{
    const fq2_t *g = BN254_FROB_GAMMA[k - 1];
    fq2_t *c[6] = {&r->c0.c0, &r->c1.c0, &r->c0.c1, &r->c1.c1, &r->c0.c2, &r->c1.c2}; /* by power of w */
    *r = *a;
    for (int i = 0; i < 6; i++) {
        if (k & 1)
            fq2_conj(c[i], c[i]);
        if (i > 0)
            fq2_mul(c[i], c[i], &g[i]);
    }
}

void fq12_frobenius(fq12_t *r, const fq12_t *a, unsigned k)
{
    k %= 12;
    fq12_t t = *a;
    if (k >= 6) { /* p^6 is the conjugation */
        fq12_conj(&t, &t);
        k -= 6;
    }
    while (k > 0) {
        unsigned step = k > 3 ? 3 : k;
        frobenius_step(&t, &t, step);
        k -= step;
    }
    *r = t;
}

/*
 * The line is L0 + L1 w with L0 = (l0, 0, 0) and L1 = (l1, l3, 0) in Fq6:
 * Karatsuba over w with the sparse Fq6 products.
 */
void fq12_mul_by_line(fq12_t *r, const fq12_t *a, const fq2_t *l0, const fq2_t *l1, const fq2_t *l3)
{
    fq6_t v0, v1, s;
    fq2_t t;
    fq6_mul_fq2(&v0, &a->c0, l0);
    fq6_mul_by_01(&v1, &a->c1, l1, l3);
    fq6_add(&s, &a->c0, &a->c1);
    fq2_add(&t, l0, l1);
    fq6_mul_by_01(&s, &s, &t, l3);
    fq6_sub(&s, &s, &v0);
    fq6_sub(&r->c1, &s, &v1);
    fq6_mul_by_v(&v1, &v1);
    fq6_add(&r->c0, &v0, &v1);
}

/* (x + y s)^2 in Fq4 = Fq2[s]/(s^2 - xi): x^2 + xi y^2 + 2xy s, with three squarings. */
static void fq4_sqr(fq2_t *rx, fq2_t *ry, const fq2_t *x, const fq2_t *y)
{
    fq2_t x2, y2, t;
    fq2_sqr(&x2, x);
    fq2_sqr(&y2, y);
    fq2_add(&t, x, y);
    fq2_sqr(&t, &t);
    fq2_sub(&t, &t, &x2);
    fq2_sub(ry, &t, &y2);
    fq2_mul_by_xi(&y2, &y2);
    fq2_add(rx, &x2, &y2);
}

/* 3 t - 2 a and 3 t + 2 a */
static void three_minus_two(fq2_t *r, const fq2_t *t, const fq2_t *a)
{
    fq2_t d;
    fq2_sub(&d, t, a);
    fq2_dbl(&d, &d);
    fq2_add(r, &d, t);
}

static void three_plus_two(fq2_t *r, const fq2_t *t, const fq2_t *a)
{
    fq2_t d;
    fq2_add(&d, t, a);
    fq2_dbl(&d, &d);
    fq2_add(r, &d, t);
}

/*
 * Granger, Scott, "Faster Squaring in the Cyclotomic Subgroup of Sixth
 * Degree Extensions" (PKC 2010). Regroup f over Fq4 = Fq2[s], s = w^3,
 * s^2 = xi: f = A + B w + C w^2 with A = g0 + g3 s, B = g1 + g4 s,
 * C = g2 + g5 s (g_i the coefficient of w^i). For f in the cyclotomic
 * subgroup, f^2 = (3A^2 - 2 conj A) + (3 s C^2 + 2 conj B) w + (3B^2 - 2 conj C) w^2.
 */
void fq12_cyclotomic_sqr(fq12_t *r, const fq12_t *a)
{
    const fq2_t *g0 = &a->c0.c0, *g1 = &a->c1.c0, *g2 = &a->c0.c1;
    const fq2_t *g3 = &a->c1.c1, *g4 = &a->c0.c2, *g5 = &a->c1.c2;
    fq2_t ax, ay, bx, by, cx, cy;
    fq4_sqr(&ax, &ay, g0, g3);
    fq4_sqr(&bx, &by, g1, g4);
    fq4_sqr(&cx, &cy, g2, g5);
    fq2_t sc_x; /* s C^2 = xi cy + cx s */
    fq2_mul_by_xi(&sc_x, &cy);

    fq12_t t;
    three_minus_two(&t.c0.c0, &ax, g0);   /* w^0 */
    three_plus_two(&t.c1.c1, &ay, g3);    /* w^3 */
    three_plus_two(&t.c1.c0, &sc_x, g1);  /* w^1 */
    three_minus_two(&t.c0.c2, &cx, g4);   /* w^4 */
    three_minus_two(&t.c0.c1, &bx, g2);   /* w^2 */
    three_plus_two(&t.c1.c2, &by, g5);    /* w^5 */
    *r = t;
}

void fq12_pow(fq12_t *r, const fq12_t *a, const uint64_t *e, size_t n)
{
    fq12_t acc, base = *a;
    fq12_set_one(&acc);
    for (size_t i = n; i-- > 0;) {
        for (int b = 63; b >= 0; b--) {
            fq12_sqr(&acc, &acc);
            if ((e[i] >> b) & 1)
                fq12_mul(&acc, &acc, &base);
        }
    }
    *r = acc;
}

bool fq12_is_one(const fq12_t *a)
{
    fq12_t one;
    fq12_set_one(&one);
    return fq12_eq(a, &one);
}

bool fq12_eq(const fq12_t *a, const fq12_t *b) { return fq6_eq(&a->c0, &b->c0) && fq6_eq(&a->c1, &b->c1); }

void fq12_set_zero(fq12_t *r)
{
    fq6_set_zero(&r->c0);
    fq6_set_zero(&r->c1);
}

void fq12_set_one(fq12_t *r)
{
    fq6_set_one(&r->c0);
    fq6_set_zero(&r->c1);
}
