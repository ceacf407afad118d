/*
 * BabyJubJub group arithmetic. Formulas: Hisil, Wong, Carter, Dawson,
 * "Twisted Edwards Curves Revisited" (ASIACRYPT 2008), add-2008-hwcd and
 * dbl-2008-hwcd for general a; both are complete here because a is a square
 * and d a non-square in Fr (checked by tests/unit/test_babyjub.c).
 */
#include "babyjub.h"

#include <stdlib.h>
#include <string.h>

#include "fr_sqrt.h"
#include "wnaf.h"

/* 168700 and 168696 times 2^256 mod r (Montgomery form of a and d). */
static const fr_t CURVE_A = {{0x95accf61fff261e0ULL, 0x24780d659df7d378ULL, 0xe0ac11b07e906ae8ULL, 0x0f35db2216d3def3ULL}};
static const fr_t CURVE_D = {{0x2735f484aff261f5ULL, 0x70ba1b579a2e0f63ULL, 0xff41c9a91e2caa8cULL, 0x07704a8e8fe6025fULL}};

/* Canonical limbs of circomlibjs babyjub.Base8 and babyjub.Generator (EIP-2494). */
static const uint64_t BASE8_X[4] = {0x2893f3f6bb957051ULL, 0x2ab8d8010534e0b6ULL, 0x4eacb2e09d6277c1ULL, 0x0bb77a6ad63e739bULL};
static const uint64_t BASE8_Y[4] = {0x4b3c257a872d7d8bULL, 0xfce0051fb9e13377ULL, 0x25572e1cd16bf9edULL, 0x25797203f7a0b249ULL};
static const uint64_t GEN_X[4] = {0x40f41a59f4d4b45eULL, 0xb494b1255b1162bbULL, 0x38bcba38f25645adULL, 0x023343e3445b673dULL};
static const uint64_t GEN_Y[4] = {0x50f87d64fc000001ULL, 0x4a0cfa121e6e5c24ULL, 0x6e14116da0605617ULL, 0x0c19139cb84c680aULL};

/* (r - 1) / 2: packPoint's sign threshold. */
static const uint64_t HALF_R[4] = {0xa1f0fac9f8000000ULL, 0x9419f4243cdcb848ULL, 0xdc2822db40c0ac2eULL, 0x183227397098d014ULL};

void babyjub_const_a(fr_t *a) { *a = CURVE_A; }
void babyjub_const_d(fr_t *d) { *d = CURVE_D; }

void babyjub_base8(babyjub_point *p)
{
    fr_from_canonical(&p->x, BASE8_X);
    fr_from_canonical(&p->y, BASE8_Y);
}

void babyjub_generator(babyjub_point *p)
{
    fr_from_canonical(&p->x, GEN_X);
    fr_from_canonical(&p->y, GEN_Y);
}

void babyjub_identity(babyjub_point *p)
{
    fr_set_zero(&p->x);
    fr_set_one(&p->y);
}

bool babyjub_on_curve(const babyjub_point *p)
{
    fr_t x2, y2, lhs, rhs, one;
    fr_sqr(&x2, &p->x);
    fr_sqr(&y2, &p->y);
    fr_mul(&lhs, &CURVE_A, &x2);
    fr_add(&lhs, &lhs, &y2);
    fr_mul(&rhs, &x2, &y2);
    fr_mul(&rhs, &rhs, &CURVE_D);
    fr_set_one(&one);
    fr_add(&rhs, &rhs, &one);
    return fr_eq(&lhs, &rhs);
}

bool babyjub_point_eq(const babyjub_point *a, const babyjub_point *b)
{
    return fr_eq(&a->x, &b->x) && fr_eq(&a->y, &b->y);
}

bool babyjub_in_subgroup(const babyjub_point *p)
{
    if (!babyjub_on_curve(p))
        return false;
    babyjub_point q;
    babyjub_mul(&q, p, BABYJUB_SUBORDER);
    return fr_is_zero(&q.x) && fr_is_one(&q.y);
}

void babyjub_add(babyjub_point *r, const babyjub_point *a, const babyjub_point *b)
{
    /* x3 = (x1y2 + y1x2) / (1 + d x1x2y1y2), y3 = (y1y2 - a x1x2) / (1 - d x1x2y1y2) */
    fr_t x1x2, y1y2, x1y2, y1x2, dxy, one, num, den_x, den_y, ax;
    fr_mul(&x1x2, &a->x, &b->x);
    fr_mul(&y1y2, &a->y, &b->y);
    fr_mul(&x1y2, &a->x, &b->y);
    fr_mul(&y1x2, &a->y, &b->x);
    fr_mul(&dxy, &x1x2, &y1y2);
    fr_mul(&dxy, &dxy, &CURVE_D);
    fr_set_one(&one);
    fr_add(&den_x, &one, &dxy);
    fr_sub(&den_y, &one, &dxy);
    fr_inv(&den_x, &den_x);
    fr_inv(&den_y, &den_y);
    fr_add(&num, &x1y2, &y1x2);
    fr_mul(&ax, &CURVE_A, &x1x2);
    fr_sub(&r->y, &y1y2, &ax);
    fr_mul(&r->y, &r->y, &den_y);
    fr_mul(&r->x, &num, &den_x);
}

void babyjub_neg(babyjub_point *r, const babyjub_point *a)
{
    fr_neg(&r->x, &a->x);
    r->y = a->y;
}

void babyjub_mul(babyjub_point *r, const babyjub_point *p, const uint64_t k[4])
{
    babyjub_ext e, out;
    babyjub_ext_from_point(&e, p);
    babyjub_ext_mul_vartime(&out, &e, k);
    babyjub_ext_to_point(r, &out);
}

/* ---- extended coordinates ---- */

void babyjub_ext_from_point(babyjub_ext *r, const babyjub_point *p)
{
    r->x = p->x;
    r->y = p->y;
    fr_mul(&r->t, &p->x, &p->y);
    fr_set_one(&r->z);
}

void babyjub_ext_to_point(babyjub_point *r, const babyjub_ext *p)
{
    fr_t zi;
    fr_inv(&zi, &p->z);
    fr_mul(&r->x, &p->x, &zi);
    fr_mul(&r->y, &p->y, &zi);
}

void babyjub_ext_identity(babyjub_ext *r)
{
    fr_set_zero(&r->x);
    fr_set_one(&r->y);
    fr_set_zero(&r->t);
    fr_set_one(&r->z);
}

void babyjub_ext_neg(babyjub_ext *r, const babyjub_ext *a)
{
    fr_neg(&r->x, &a->x);
    r->y = a->y;
    fr_neg(&r->t, &a->t);
    r->z = a->z;
}

bool babyjub_ext_eq(const babyjub_ext *a, const babyjub_ext *b)
{
    fr_t l, r;
    fr_mul(&l, &a->x, &b->z);
    fr_mul(&r, &b->x, &a->z);
    if (!fr_eq(&l, &r))
        return false;
    fr_mul(&l, &a->y, &b->z);
    fr_mul(&r, &b->y, &a->z);
    return fr_eq(&l, &r);
}

/*
 * add-2008-hwcd core. b is given as (X2, Y2, Z2, d*T2); b_z == NULL means Z2 = 1
 * (a precomputed affine point), which saves a multiplication.
 */
static inline void ext_add_core(babyjub_ext *r, const babyjub_ext *a, const fr_t *bx, const fr_t *by, const fr_t *bz,
                                const fr_t *bdt, bool need_t)
{
    fr_t A, B, C, D, E, F, G, H, s1, s2;
    fr_mul(&A, &a->x, bx);
    fr_mul(&B, &a->y, by);
    fr_mul(&C, &a->t, bdt);
    if (bz)
        fr_mul(&D, &a->z, bz);
    else
        D = a->z;
    fr_add(&s1, &a->x, &a->y);
    fr_add(&s2, bx, by);
    fr_mul(&E, &s1, &s2);
    fr_sub(&E, &E, &A);
    fr_sub(&E, &E, &B);
    fr_sub(&F, &D, &C);
    fr_add(&G, &D, &C);
    fr_mul(&H, &CURVE_A, &A);
    fr_sub(&H, &B, &H);
    fr_mul(&r->x, &E, &F);
    fr_mul(&r->y, &G, &H);
    if (need_t)
        fr_mul(&r->t, &E, &H);
    fr_mul(&r->z, &F, &G);
}

void babyjub_ext_add(babyjub_ext *r, const babyjub_ext *a, const babyjub_ext *b)
{
    fr_t bdt;
    fr_mul(&bdt, &b->t, &CURVE_D);
    babyjub_ext bcopy = *b; /* r may alias b */
    ext_add_core(r, a, &bcopy.x, &bcopy.y, &bcopy.z, &bdt, true);
}

/* dbl-2008-hwcd; T of the input is not used, T of the output only when need_t. */
static inline void ext_dbl_core(babyjub_ext *r, const babyjub_ext *a, bool need_t)
{
    fr_t A, B, C, D, E, F, G, H, s;
    fr_sqr(&A, &a->x);
    fr_sqr(&B, &a->y);
    fr_sqr(&C, &a->z);
    fr_dbl(&C, &C);
    fr_mul(&D, &CURVE_A, &A);
    fr_add(&s, &a->x, &a->y);
    fr_sqr(&E, &s);
    fr_sub(&E, &E, &A);
    fr_sub(&E, &E, &B);
    fr_add(&G, &D, &B);
    fr_sub(&F, &G, &C);
    fr_sub(&H, &D, &B);
    fr_mul(&r->x, &E, &F);
    fr_mul(&r->y, &G, &H);
    if (need_t)
        fr_mul(&r->t, &E, &H);
    fr_mul(&r->z, &F, &G);
}

void babyjub_ext_dbl(babyjub_ext *r, const babyjub_ext *a)
{
    ext_dbl_core(r, a, true);
}

/* ---- variable-base multiplication, width-5 NAF ---- */

#define WNAF_W 5
#define WNAF_TABLE (1 << (WNAF_W - 2)) /* odd multiples 1, 3, ..., 15 */

typedef struct {
    fr_t x, y, z, dt;
} ext_cached;

static void to_cached(ext_cached *c, const babyjub_ext *p)
{
    c->x = p->x;
    c->y = p->y;
    c->z = p->z;
    fr_mul(&c->dt, &p->t, &CURVE_D);
}

void babyjub_ext_mul_vartime(babyjub_ext *r, const babyjub_ext *p, const uint64_t k[4])
{
    ext_cached table[WNAF_TABLE];
    babyjub_ext p2, acc;
    babyjub_ext_dbl(&p2, p);
    acc = *p;
    to_cached(&table[0], &acc);
    for (int i = 1; i < WNAF_TABLE; i++) {
        babyjub_ext_add(&acc, &acc, &p2);
        to_cached(&table[i], &acc);
    }

    int8_t digits[260];
    int n = wnaf_digits(digits, k, 4, WNAF_W);
    babyjub_ext_identity(&acc);
    for (int i = n - 1; i >= 0; i--) {
        /* Doubling ignores T: it is computed only for an addition that follows, and for the result. */
        const int d = digits[i];
        ext_dbl_core(&acc, &acc, d != 0 || i == 0);
        if (d > 0) {
            const ext_cached *c = &table[d >> 1];
            ext_add_core(&acc, &acc, &c->x, &c->y, &c->z, &c->dt, i == 0);
        } else if (d < 0) {
            const ext_cached *c = &table[(-d) >> 1];
            fr_t nx, ndt;
            fr_neg(&nx, &c->x);
            fr_neg(&ndt, &c->dt);
            ext_add_core(&acc, &acc, &nx, &c->y, &c->z, &ndt, i == 0);
        }
    }
    *r = acc;
}

/* ---- fixed-base table ---- */

#define BT_WINDOWS 64
#define BT_ENTRIES 16

typedef struct {
    fr_t x, y, dt; /* affine point and d*x*y */
} affine_cached;

struct babyjub_base_table {
    affine_cached e[BT_WINDOWS][BT_ENTRIES];
};

babyjub_base_table *babyjub_base_table_new(const babyjub_point *base)
{
    babyjub_base_table *t = malloc(sizeof *t);
    babyjub_ext *pts = malloc(sizeof(babyjub_ext) * BT_WINDOWS * BT_ENTRIES);
    fr_t *zs = malloc(sizeof(fr_t) * BT_WINDOWS * BT_ENTRIES * 2);
    if (!t || !pts || !zs) {
        free(t);
        free(pts);
        free(zs);
        return NULL;
    }
    babyjub_ext row_base;
    babyjub_ext_from_point(&row_base, base);
    for (int i = 0; i < BT_WINDOWS; i++) {
        babyjub_ext *row = pts + i * BT_ENTRIES;
        babyjub_ext_identity(&row[0]);
        for (int j = 1; j < BT_ENTRIES; j++)
            babyjub_ext_add(&row[j], &row[j - 1], &row_base);
        for (int s = 0; s < 4; s++)
            babyjub_ext_dbl(&row_base, &row_base);
    }
    const size_t n = BT_WINDOWS * BT_ENTRIES;
    for (size_t i = 0; i < n; i++)
        zs[i] = pts[i].z;
    fr_batch_inv(zs, zs, n, zs + n);
    for (size_t i = 0; i < n; i++) {
        affine_cached *c = &t->e[i / BT_ENTRIES][i % BT_ENTRIES];
        fr_mul(&c->x, &pts[i].x, &zs[i]);
        fr_mul(&c->y, &pts[i].y, &zs[i]);
        fr_mul(&c->dt, &c->x, &c->y);
        fr_mul(&c->dt, &c->dt, &CURVE_D);
    }
    free(pts);
    free(zs);
    return t;
}

void babyjub_base_table_free(babyjub_base_table *t)
{
    free(t);
}

static inline unsigned window_digit(const uint64_t k[4], int i)
{
    return (unsigned)(k[i / 16] >> ((i % 16) * 4)) & 0xf;
}

void babyjub_base_mul_vartime(babyjub_ext *r, const babyjub_base_table *t, const uint64_t k[4])
{
    babyjub_ext acc;
    babyjub_ext_identity(&acc);
    for (int i = 0; i < BT_WINDOWS; i++) {
        unsigned d = window_digit(k, i);
        if (d) {
            const affine_cached *c = &t->e[i][d];
            ext_add_core(&acc, &acc, &c->x, &c->y, NULL, &c->dt, true);
        }
    }
    *r = acc;
}

void babyjub_base_mul_ct(babyjub_ext *r, const babyjub_base_table *t, const uint64_t k[4])
{
    babyjub_ext acc;
    babyjub_ext_identity(&acc);
    for (int i = 0; i < BT_WINDOWS; i++) {
        const uint64_t d = window_digit(k, i);
        affine_cached sel;
        memset(&sel, 0, sizeof sel);
        for (uint64_t j = 0; j < BT_ENTRIES; j++) {
            /* all ones exactly when j == d, computed without a branch */
            const uint64_t m = (uint64_t)0 - (((j ^ d) - 1) >> 63);
            const uint64_t *src = (const uint64_t *)&t->e[i][j];
            uint64_t *dst = (uint64_t *)&sel;
            for (size_t w = 0; w < sizeof sel / sizeof(uint64_t); w++)
                dst[w] |= src[w] & m;
        }
        /* entry 0 is the identity (0, 1, 0): adding it is harmless, so every window adds */
        ext_add_core(&acc, &acc, &sel.x, &sel.y, NULL, &sel.dt, true);
    }
    *r = acc;
    memset(&acc, 0, sizeof acc);
}

/* ---- packing ---- */

static bool canonical_gt(const uint64_t a[4], const uint64_t b[4])
{
    for (int i = 3; i >= 0; i--)
        if (a[i] != b[i])
            return a[i] > b[i];
    return false;
}

void babyjub_pack(uint8_t out[32], const babyjub_point *p)
{
    uint64_t x[4];
    fr_to_bytes_le(out, &p->y);
    fr_to_canonical(x, &p->x);
    if (canonical_gt(x, HALF_R))
        out[31] |= 0x80;
}

/*
 * y and the sign bit of a packed point, and x^2 = num / den = (1 - y^2) / (a - d y^2);
 * false for y >= r and for num or den zero (circomlibjs requires x^2 to be a non-zero
 * square, its Euler test giving 0 for x = 0, so it never decodes (0, 1) or (0, -1);
 * neither do we; a zero denominator has no x).
 */
static bool decode_y(fr_t *y, bool *sign, fr_t *num, fr_t *den, const uint8_t in[32])
{
    uint8_t buf[32];
    memcpy(buf, in, 32);
    *sign = (buf[31] & 0x80) != 0;
    buf[31] &= 0x7f;
    if (!fr_from_bytes_le(y, buf))
        return false;
    fr_t y2, one;
    fr_sqr(&y2, y);
    fr_set_one(&one);
    fr_sub(num, &one, &y2);
    fr_mul(den, &CURVE_D, &y2);
    fr_sub(den, &CURVE_A, den);
    return !fr_is_zero(num) && !fr_is_zero(den);
}

/* choose the root <= (r-1)/2, then apply the sign bit */
static void finish_point(babyjub_point *p, fr_t x, const fr_t *y, bool sign)
{
    uint64_t xc[4];
    fr_to_canonical(xc, &x);
    if (canonical_gt(xc, HALF_R))
        fr_neg(&x, &x);
    if (sign)
        fr_neg(&x, &x);
    p->x = x;
    p->y = *y;
}

bool babyjub_unpack(babyjub_point *p, const uint8_t in[32])
{
    fr_t y, num, den, x;
    bool sign;
    if (!decode_y(&y, &sign, &num, &den, in) || !fr_sqrt_ratio(&x, &num, &den))
        return false;
    finish_point(p, x, &y, sign);
    return true;
}

bool babyjub_unpack2_with(babyjub_point p[2], const uint8_t *const in[2], bool allow_simd)
{
    fr_t y[2], num[2], den[2], x[2];
    bool sign[2], ok[2];
    for (int i = 0; i < 2; i++)
        if (!decode_y(&y[i], &sign[i], &num[i], &den[i], in[i]))
            return false;
    fr_sqrt_ratio2(x, ok, num, den, allow_simd);
    if (!ok[0] || !ok[1])
        return false;
    for (int i = 0; i < 2; i++)
        finish_point(&p[i], x[i], &y[i], sign[i]);
    return true;
}

bool babyjub_unpack2(babyjub_point p[2], const uint8_t *const in[2])
{
    return babyjub_unpack2_with(p, in, true);
}
