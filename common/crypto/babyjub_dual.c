/*
 * Joint double-scalar checks on the a = -1 model of BabyJubJub (see
 * babyjub_dual.h): the full-length check, and the EdDSA check that first
 * halves the scalars (scalar_split.h).
 */
#include "babyjub_dual.h"

#include <gmp.h>
#include <stdlib.h>
#include <string.h>

#include "babyjub_lanes.h"
#include "scalar_split.h"
#include "wnaf.h"

#define DUAL_W_BASE 8 /* odd multiples 1..127 of the fixed base: ~28 additions for a 252-bit scalar */
#define DUAL_SPLIT_BITS 128 /* the half-length check splits base's scalar at 2^128 */
#define DUAL_BASE_ENTRIES (1 << (DUAL_W_BASE - 2))
#define DUAL_W_VAR 5 /* odd multiples 1..15 of the variable point, built per call */
#define DUAL_VAR_ENTRIES (1 << (DUAL_W_VAR - 2))

/* Affine point of the a = -1 model as (y - x, y + x, 2 d' x y). */
typedef struct {
    fr_t ymx, ypx, t2d;
} m1_affine;

/* Projective point of the a = -1 model as (Y - X, Y + X, 2 d' T, 2 Z). */
typedef struct {
    fr_t ymx, ypx, t2d, z2;
} m1_cached;

struct babyjub_dual_table {
    /* vector copies of base and base_hi for the half-length loop on IFMA (babyjub_lanes.h); NULL without */
    bj_lanes_table *lanes;
    fr_t c;  /* sqrt(-a): x' = c x */
    fr_t d2; /* 2 d' = -2 d / a */
    m1_affine base[DUAL_BASE_ENTRIES];
    m1_affine base_hi[DUAL_BASE_ENTRIES]; /* odd multiples of 2^128 * base */
};

/*
 * dbl-2008-hwcd with a = -1 (3M + 4S, one more M for T). Every output
 * coordinate is the negation of the EFD formulas' (F and H negated), which
 * is the same projective point and saves the negations.
 */
static inline void m1_dbl(babyjub_ext *r, const babyjub_ext *p, bool need_t)
{
    fr_t A, B, C, E, F, G, H, s;
    fr_sqr(&A, &p->x);
    fr_sqr(&B, &p->y);
    fr_sqr(&C, &p->z);
    fr_dbl(&C, &C);
    fr_add(&s, &p->x, &p->y);
    fr_sqr(&E, &s);
    fr_add(&H, &A, &B); /* -(a A - B) */
    fr_sub(&E, &E, &H); /* 2 X Y */
    fr_sub(&G, &B, &A); /* a A + B */
    fr_sub(&F, &C, &G); /* -(G - C) */
    fr_mul(&r->x, &E, &F);
    fr_mul(&r->y, &G, &H);
    if (need_t)
        fr_mul(&r->t, &E, &H);
    fr_mul(&r->z, &F, &G);
}

/*
 * add-2008-hwcd-3 (a = -1, k = 2 d'): r = p + b, or p - b when neg (swapping
 * y - x with y + x and the sign of T negates b). z2 == NULL: b is affine
 * (Z = 1, madd-2008-hwcd-3). 8M, 7M affine, one less without T.
 */
static inline void m1_add(babyjub_ext *r, const babyjub_ext *p, const fr_t *ymx, const fr_t *ypx, const fr_t *t2d,
                          const fr_t *z2, bool neg, bool need_t)
{
    fr_t A, B, C, D, E, F, G, H, s;
    fr_sub(&s, &p->y, &p->x);
    fr_mul(&A, &s, neg ? ypx : ymx);
    fr_add(&s, &p->y, &p->x);
    fr_mul(&B, &s, neg ? ymx : ypx);
    fr_mul(&C, &p->t, t2d);
    if (z2)
        fr_mul(&D, &p->z, z2);
    else
        fr_dbl(&D, &p->z);
    fr_sub(&E, &B, &A);
    if (neg) {
        fr_add(&F, &D, &C);
        fr_sub(&G, &D, &C);
    } else {
        fr_sub(&F, &D, &C);
        fr_add(&G, &D, &C);
    }
    fr_add(&H, &B, &A);
    fr_mul(&r->x, &E, &F);
    fr_mul(&r->y, &G, &H);
    if (need_t)
        fr_mul(&r->t, &E, &H);
    fr_mul(&r->z, &F, &G);
}

static void m1_to_cached(m1_cached *c, const babyjub_ext *p, const fr_t *d2)
{
    fr_sub(&c->ymx, &p->y, &p->x);
    fr_add(&c->ypx, &p->y, &p->x);
    fr_mul(&c->t2d, &p->t, d2);
    fr_dbl(&c->z2, &p->z);
}

static void m1_from_point(babyjub_ext *r, const babyjub_point *p, const fr_t *c)
{
    fr_mul(&r->x, &p->x, c);
    r->y = p->y;
    fr_mul(&r->t, &r->x, &r->y);
    fr_set_one(&r->z);
}

/* out[i] = (2 i + 1) * p in cached form, p given in extended a = -1 coordinates. */
static void m1_odd_multiples(m1_cached *out, int n, const babyjub_ext *p, const fr_t *d2)
{
    babyjub_ext p2, acc = *p;
    m1_cached c2;
    m1_dbl(&p2, p, true);
    m1_to_cached(&c2, &p2, d2);
    m1_to_cached(&out[0], &acc, d2);
    for (int i = 1; i < n; i++) {
        m1_add(&acc, &acc, &c2.ymx, &c2.ypx, &c2.t2d, &c2.z2, false, true);
        m1_to_cached(&out[i], &acc, d2);
    }
}

/* out[i] = (2 i + 1) * p as affine (Z = 1) entries: odd multiples in projective form, then one batch inversion. */
static void m1_affine_odd_multiples(m1_affine out[DUAL_BASE_ENTRIES], const babyjub_ext *p, const fr_t *d2)
{
    m1_cached mult[DUAL_BASE_ENTRIES];
    m1_odd_multiples(mult, DUAL_BASE_ENTRIES, p, d2);
    fr_t z[DUAL_BASE_ENTRIES], scratch[DUAL_BASE_ENTRIES];
    for (int i = 0; i < DUAL_BASE_ENTRIES; i++)
        z[i] = mult[i].z2; /* 2 Z */
    fr_batch_inv(z, z, DUAL_BASE_ENTRIES, scratch);
    for (int i = 0; i < DUAL_BASE_ENTRIES; i++) {
        /* y - x = 2 (Y - X) / (2 Z), likewise y + x; d2 x y = t2d / Z */
        m1_affine *e = &out[i];
        fr_t two_zi;
        fr_dbl(&two_zi, &z[i]); /* 1 / Z */
        fr_mul(&e->ymx, &mult[i].ymx, &two_zi);
        fr_mul(&e->ypx, &mult[i].ypx, &two_zi);
        fr_mul(&e->t2d, &mult[i].t2d, &two_zi);
    }
}

babyjub_dual_table *babyjub_dual_table_new(const babyjub_point *base)
{
    return babyjub_dual_table_new_with(base, true);
}

babyjub_dual_table *babyjub_dual_table_new_with(const babyjub_point *base, bool allow_simd)
{
    babyjub_dual_table *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    /* c^2 = -a exists (a and -1 are squares in Fr); either root gives an isomorphism. */
    fr_t a, d, neg_a, a_inv;
    babyjub_const_a(&a);
    babyjub_const_d(&d);
    fr_neg(&neg_a, &a);
    if (!fr_sqrt(&t->c, &neg_a)) {
        free(t);
        return NULL;
    }
    fr_inv(&a_inv, &a);
    fr_mul(&t->d2, &d, &a_inv);
    fr_dbl(&t->d2, &t->d2);
    fr_neg(&t->d2, &t->d2);

    babyjub_ext b;
    m1_from_point(&b, base, &t->c);
    m1_affine_odd_multiples(t->base, &b, &t->d2);
    for (int i = 0; i < DUAL_SPLIT_BITS; i++)
        m1_dbl(&b, &b, i + 1 == DUAL_SPLIT_BITS);
    m1_affine_odd_multiples(t->base_hi, &b, &t->d2);
    t->lanes = NULL;
    if (allow_simd && bj_lanes_supported()) {
        t->lanes = bj_lanes_table_new((const fr_t *)t->base, (const fr_t *)t->base_hi, DUAL_BASE_ENTRIES, &t->d2);
        if (!t->lanes) {
            babyjub_dual_table_free(t);
            return NULL;
        }
    }
    return t;
}

void babyjub_dual_table_free(babyjub_dual_table *t)
{
    if (!t)
        return;
    bj_lanes_table_free(t->lanes);
    free(t);
}

/* flatten: the field multiplications inline into the loop body (measured: verification ~8% faster) */
__attribute__((flatten)) bool babyjub_dual_mul_check(const babyjub_dual_table *t, const uint64_t s[4],
                                                     const babyjub_point *q, const uint64_t h[5],
                                                     const babyjub_point *p)
{
    int8_t ds[4 * 64 + 1], dh[5 * 64 + 1];
    const int ns = wnaf_digits(ds, s, 4, DUAL_W_BASE);
    const int nh = wnaf_digits(dh, h, 5, DUAL_W_VAR);

    babyjub_ext pm, acc;
    m1_cached tab[DUAL_VAR_ENTRIES];
    m1_from_point(&pm, p, &t->c);
    m1_odd_multiples(tab, DUAL_VAR_ENTRIES, &pm, &t->d2);

    /* acc = s * base - h * p, most significant digit first; leading doublings of the identity are skipped. */
    babyjub_ext_identity(&acc);
    bool started = false;
    for (int i = (ns > nh ? ns : nh) - 1; i >= 0; i--) {
        const int a = i < ns ? ds[i] : 0;
        const int b = i < nh ? dh[i] : 0;
        if (started)
            m1_dbl(&acc, &acc, a != 0 || b != 0);
        /* T is needed only by an addition that directly follows */
        if (a) {
            const m1_affine *e = &t->base[(a < 0 ? -a : a) >> 1];
            m1_add(&acc, &acc, &e->ymx, &e->ypx, &e->t2d, NULL, a < 0, b != 0);
            started = true;
        }
        if (b) {
            const m1_cached *e = &tab[(b < 0 ? -b : b) >> 1];
            m1_add(&acc, &acc, &e->ymx, &e->ypx, &e->t2d, &e->z2, b > 0, false);
            started = true;
        }
    }

    /* compare with q' = (c x_q, y_q) without leaving projective form */
    fr_t qx, l, r;
    fr_mul(&qx, &q->x, &t->c);
    fr_mul(&l, &qx, &acc.z);
    if (!fr_eq(&l, &acc.x))
        return false;
    fr_mul(&r, &q->y, &acc.z);
    return fr_eq(&r, &acc.y);
}

/* ---- the EdDSA check with half-length scalars ---- */

#define MUL8_MAX_BITS 160 /* the split gives about 126 bits; past this the full-length check is cheaper */

/* r = n mod l for a 256-bit n */
static void mod_suborder(uint64_t r[4], const uint64_t n[4])
{
    mp_limb_t nl[4], ll[4], q[1], rem[4];
    for (int i = 0; i < 4; i++) {
        nl[i] = n[i];
        ll[i] = BABYJUB_SUBORDER[i];
    }
    mpn_tdiv_qr(q, rem, 0, nl, 4, ll, 4);
    for (int i = 0; i < 4; i++)
        r[i] = rem[i];
}

/* r = a * b mod l */
static void mul_mod_suborder(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    mp_limb_t al[4], bl[4], ll[4], prod[8], q[5], rem[4];
    for (int i = 0; i < 4; i++) {
        al[i] = a[i];
        bl[i] = b[i];
        ll[i] = BABYJUB_SUBORDER[i];
    }
    mpn_mul_n(prod, al, bl, 4);
    mpn_tdiv_qr(q, rem, 0, prod, 8, ll, 4);
    for (int i = 0; i < 4; i++)
        r[i] = rem[i];
}

/* one point addition of the joint loop: a table entry (z2 NULL when affine) and whether to subtract it */
typedef struct {
    const fr_t *ymx, *ypx, *t2d, *z2;
    bool neg;
} pending_add;

static int add_affine(pending_add *list, int n, const m1_affine *table, int digit)
{
    if (digit) {
        const m1_affine *e = &table[(digit < 0 ? -digit : digit) >> 1];
        list[n] = (pending_add){&e->ymx, &e->ypx, &e->t2d, NULL, digit < 0};
        n++;
    }
    return n;
}

/* adds sign * digit * (the table's point), sign = +1 or -1 */
static int add_cached(pending_add *list, int n, const m1_cached *table, int digit, int sign)
{
    if (digit) {
        const m1_cached *e = &table[(digit < 0 ? -digit : digit) >> 1];
        list[n] = (pending_add){&e->ymx, &e->ypx, &e->t2d, &e->z2, digit * sign < 0};
        n++;
    }
    return n;
}

static int limbs_in_use(const uint64_t k[4])
{
    int n = 4;
    while (n > 1 && k[n - 1] == 0)
        n--;
    return n;
}

static int digit_at(const int8_t *digits, int n, int i)
{
    return i < n ? digits[i] : 0;
}

/*
 * Why this is exact. Let Q = s B - q - 8h p, the point that must be the
 * identity. p is on the curve, whose group has order 8 l, so 8 p has order
 * dividing l and 8h p = k (8 p) with k = h mod l. With d, c from
 * scalar_split_half (c == d k mod l) and B of order l:
 *     d Q = (d s mod l) B - d q - c (8 p) = u B - d q - (8 c) p.
 * Q's order divides 8 l, and d is odd with 0 < |d| < l, so gcd(d, 8 l) = 1
 * and d Q = 0 exactly when Q = 0: a component of order 2, 4 or 8 in q or in
 * Q cannot be multiplied away (an even d could). For d = -|d| the check is
 * |d| Q = 0, with u = |d| s mod l and the sign of the c term flipped.
 * u < 2^252 is split at 2^128 so that all four scalars are ~128 bits and
 * the loop has ~130 doublings instead of 254.
 */
bool babyjub_dual_mul8_check_bounded(const babyjub_dual_table *t, const uint64_t s[4],
                                                              const babyjub_point *q, const uint64_t h[4],
                                                              const babyjub_point *p, int max_bits)
{
    uint64_t k[4];
    scalar_split sp;
    mod_suborder(k, h);
    if (!scalar_split_half(&sp, k, BABYJUB_SUBORDER, max_bits)) {
        const uint64_t h8[5] = {h[0] << 3, (h[1] << 3) | (h[0] >> 61), (h[2] << 3) | (h[1] >> 61),
                                (h[3] << 3) | (h[2] >> 61), h[3] >> 61};
        return babyjub_dual_mul_check(t, s, q, h8, p);
    }
    uint64_t u[4];
    mul_mod_suborder(u, sp.d, s);
    /* c < 2^max_bits, so 8 c fits four limbs */
    const uint64_t c8[4] = {sp.c[0] << 3, (sp.c[1] << 3) | (sp.c[0] >> 61), (sp.c[2] << 3) | (sp.c[1] >> 61),
                            (sp.c[3] << 3) | (sp.c[2] >> 61)};

    int8_t du_lo[2 * 64 + 1], du_hi[2 * 64 + 1], dd[4 * 64 + 1], dc[4 * 64 + 1];
    const int n_lo = wnaf_digits(du_lo, u, 2, DUAL_W_BASE);
    const int n_hi = wnaf_digits(du_hi, u + 2, 2, DUAL_W_BASE);
    /* only the limbs in use: the split scalars are ~130 bits */
    const int n_d = wnaf_digits(dd, sp.d, limbs_in_use(sp.d), DUAL_W_VAR);
    const int n_c = wnaf_digits(dc, c8, limbs_in_use(c8), DUAL_W_VAR);
    int n = n_lo > n_hi ? n_lo : n_hi;
    n = n > n_d ? n : n_d;
    n = n > n_c ? n : n_c;

    const int c_sign = sp.d_negative ? 1 : -1;
    if (t->lanes) {
        bj_lanes_job job = {.table = t->lanes,
                            .q_y = q->y,
                            .p_y = p->y,
                            .digits = {du_lo, du_hi, dd, dc},
                            .n_digits = {n_lo, n_hi, n_d, n_c},
                            .p_sign = c_sign};
        fr_mul(&job.q_x, &q->x, &t->c);
        fr_mul(&job.p_x, &p->x, &t->c);
        return bj_lanes_joint_is_identity(&job);
    }

    babyjub_ext qm, pm, acc;
    m1_cached tq[DUAL_VAR_ENTRIES], tp[DUAL_VAR_ENTRIES];
    m1_from_point(&qm, q, &t->c);
    m1_from_point(&pm, p, &t->c);
    m1_odd_multiples(tq, DUAL_VAR_ENTRIES, &qm, &t->d2);
    m1_odd_multiples(tp, DUAL_VAR_ENTRIES, &pm, &t->d2);

    /* acc = u_lo B + u_hi (2^128 B) - |d| q + c_sign (8 c) p, most significant digit first */
    babyjub_ext_identity(&acc);
    bool started = false;
    for (int i = n - 1; i >= 0; i--) {
        pending_add adds[4];
        int n_adds = 0;
        n_adds = add_affine(adds, n_adds, t->base, digit_at(du_lo, n_lo, i));
        n_adds = add_affine(adds, n_adds, t->base_hi, digit_at(du_hi, n_hi, i));
        n_adds = add_cached(adds, n_adds, tq, digit_at(dd, n_d, i), -1);
        n_adds = add_cached(adds, n_adds, tp, digit_at(dc, n_c, i), c_sign);
        if (started)
            m1_dbl(&acc, &acc, n_adds > 0);
        /* T is needed only by an addition that directly follows */
        for (int j = 0; j < n_adds; j++)
            m1_add(&acc, &acc, adds[j].ymx, adds[j].ypx, adds[j].t2d, adds[j].z2, adds[j].neg, j + 1 < n_adds);
        started = started || n_adds > 0;
    }
    /* the identity (0 : 1 : 1) projectively: X = 0 and Y = Z (Z is never 0 on this complete curve) */
    return fr_is_zero(&acc.x) && fr_eq(&acc.y, &acc.z);
}

bool babyjub_dual_mul8_check(const babyjub_dual_table *t, const uint64_t s[4], const babyjub_point *q,
                             const uint64_t h[4], const babyjub_point *p)
{
    return babyjub_dual_mul8_check_bounded(t, s, q, h, p, MUL8_MAX_BITS);
}
