/*
 * BabyJubJub group arithmetic. Formulas: Hisil, Wong, Carter, Dawson,
 * "Twisted Edwards Curves Revisited" (ASIACRYPT 2008), add-2008-hwcd and
 * dbl-2008-hwcd for general a; both are complete here because a is a square
 * and d a non-square in Fr (checked by tests/unit/test_babyjub.c).
 */
#include "babyjub.h"

#include <stdlib.h>
#include <string.h>

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

/*
 * Square root in Fr by Tonelli-Shanks with the constants precomputed
 * (r - 1 = q * 2^28, q odd; 5 is the least non-residue). The generic
 * mont4_sqrt recomputes them and runs a Legendre test first, several times
 * the cost, and decompression is a large part of verifying a packed signature.
 */
/* (q - 1) / 2 */
static const uint64_t TS_EXP[4] = {0xcdcb848a1f0fac9fULL, 0x0c0ac2e9419f4243ULL, 0x098d014dc2822db4ULL, 0x0000000183227397ULL};

static void pow_ts_exp(fr_t *r, const fr_t *a)
{
    fr_t tbl[16], acc;
    fr_set_one(&tbl[0]);
    tbl[1] = *a;
    for (int i = 2; i < 16; i++)
        fr_mul(&tbl[i], &tbl[i - 1], a);
    fr_set_one(&acc);
    for (int nib = 63; nib >= 0; nib--) {
        for (int k = 0; k < 4; k++)
            fr_sqr(&acc, &acc);
        const unsigned d = (unsigned)(TS_EXP[nib / 16] >> ((nib % 16) * 4)) & 0xf;
        if (d)
            fr_mul(&acc, &acc, &tbl[d]);
    }
    *r = acc;
}

/*
 * TS_NEG_POW[m][d] = g^(-d * 16^m) for g = 5^q (a primitive 2^28-th root
 * of unity), m < 7, d < 16, in Montgomery form. Derived constants, computed
 * with Python integers: pow(pow(5, q, r), -d * 16**m, r) * 2**256 % r, where
 * r is the BN254 scalar field modulus and q = (r - 1) >> 28. They turn the
 * bit-by-bit discrete logarithm of Tonelli-Shanks into 7 lookups of 4-bit
 * digits (Sarkar, "Computing square roots faster than the Tonelli-Shanks/
 * Bernstein algorithm", ePrint 2020/1407, with window 4).
 */
static const fr_t TS_NEG_POW[7][16] = {
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x89bcc016584bb683ULL, 0xe8d9887f0164a50cULL, 0x755e95cb795eda3dULL, 0x0f572b871323b130ULL}},
     {{0x9b4579552c80552bULL, 0x5821ebc4e04e7089ULL, 0x052c529f2f55cc8dULL, 0x2d2ec8708e3fa253ULL}},
     {{0x8883187840f181c0ULL, 0x5b566b9220a88556ULL, 0x22be6aa8094ed9f3ULL, 0x2418aa1dcb99841cULL}},
     {{0xf90ad83d70784d69ULL, 0xc98f396490089c33ULL, 0x538bf7a46a63be44ULL, 0x1f2fab5ccf5c3c58ULL}},
     {{0xf8d5b996a4999d8cULL, 0xe648af41af24872aULL, 0xad89d87768b86ec6ULL, 0x123fde36ddfd330bULL}},
     {{0x2ffb59a7a8438448ULL, 0xdf073898645feeb6ULL, 0x0474a2cd5f987757ULL, 0x0eb4cedcce4c4237ULL}},
     {{0x17215acdc91de695ULL, 0x65fb71201cdbd56eULL, 0x8f5319a3faa676c4ULL, 0x00b840012d97f1bcULL}},
     {{0x5fde22a0a60bd4deULL, 0xc2222a37273daee6ULL, 0x577b5a278e437749ULL, 0x0e8a14abae1d702fULL}},
     {{0xd6622169bf991d85ULL, 0xb4ac74cba03a322bULL, 0x064ee23f41a88fd6ULL, 0x2a2204d759ea5015ULL}},
     {{0xc901358b20a34655ULL, 0x2a208f81f2ae09a8ULL, 0x5d166b66a0b1888aULL, 0x1b83eba06a226431ULL}},
     {{0x1a1def2ba92a9c77ULL, 0x6c58e7c1325b2e86ULL, 0x3ec9d71da6bbf0ffULL, 0x2bcecaa38337448eULL}},
     {{0x1408c1141e18752dULL, 0xf50fa7b264da1fcaULL, 0x7a12a50a3b0f8609ULL, 0x2cc6c7f892f6bd97ULL}},
     {{0x57a23522ad2a8e52ULL, 0x3406c48e1f04a077ULL, 0x659415f67223f8a7ULL, 0x0f9e5fbadfa1d312ULL}},
     {{0xab918de957200b5aULL, 0xa957643f3a876052ULL, 0x319b03a175d9d98dULL, 0x1c477530343eb0e7ULL}},
     {{0xa79b63e56ac46703ULL, 0xadd7c743599e8daaULL, 0x61378204f26466eaULL, 0x0b8bde160b1297daULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x667f0e72d8e96c48ULL, 0x94109e0f4948a4faULL, 0xf8504de3afe7d786ULL, 0x2cd33fae85a4f030ULL}},
     {{0x0b095acdf50e3d58ULL, 0x52ef5716a99eae65ULL, 0x9b8665251b9421f0ULL, 0x23c1ca181e965c85ULL}},
     {{0x62709aa00bc988daULL, 0xcc617694b86abdc5ULL, 0x9fdba0a521126808ULL, 0x1705dd9b49b77399ULL}},
     {{0xd8bb95832fb90b14ULL, 0xb02515b9a0c38601ULL, 0x5e77f76e182c7fb7ULL, 0x2d000c05d8c1deb4ULL}},
     {{0x835067c2938145d4ULL, 0x05ead5aaeb70b58aULL, 0xdfe58cb5e112faf2ULL, 0x2589d5d3194860efULL}},
     {{0x92aa23778faa1745ULL, 0x8e101b04d6b44df8ULL, 0xa8d9113efe5797adULL, 0x0f9bebd5360bf6b7ULL}},
     {{0x835dcafeb5f43750ULL, 0x50962f3e174e3bb6ULL, 0x6432548c5b5404b9ULL, 0x287a330c14be0f01ULL}},
     {{0x169b4cbac88809a8ULL, 0x457d00f867e4fbe3ULL, 0x6801ddc2b96932b3ULL, 0x048e0c9a914e975bULL}},
     {{0x81d9ea6ccbf91dabULL, 0xf6142ba9d7357471ULL, 0x1a248deb62beaf03ULL, 0x15c015cedbe4b812ULL}},
     {{0xe6952e53b87ac104ULL, 0x63d2083a3ba739f4ULL, 0x996026a9dca59588ULL, 0x2e13dcbd200de518ULL}},
     {{0xea46d60fe3bb4570ULL, 0x0154fcff6eac2f0fULL, 0xec1d0a28580bae7aULL, 0x2df041cdd3921791ULL}},
     {{0x31b86cc6d43c4fc1ULL, 0xe3640c6c03965bdcULL, 0x84ad6f10f881c2bfULL, 0x25b4903b05b974f7ULL}},
     {{0xf77e487fbd02b5a0ULL, 0x49465acd3c32412eULL, 0xe2dcccbd6b42eb50ULL, 0x1e030b141d3b39c1ULL}},
     {{0xdc92d00e2d96020fULL, 0xb69b5fd06328aa47ULL, 0xf308bfa50efbcf5dULL, 0x284ecc8a626463a9ULL}},
     {{0x4a92f4eaeb4f2d47ULL, 0x8786d167512fc5b2ULL, 0x5eaa2bc135664c97ULL, 0x1561b7c2c016e939ULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x29a730286ed9e349ULL, 0x1ff90914d9689b7fULL, 0x24bbb6ac251e133cULL, 0x022d75746283dfd6ULL}},
     {{0x1f296f022886e2a5ULL, 0x550e4e0b1e34eb1cULL, 0xdf87a2c1b4688775ULL, 0x2707e80c3ba99c65ULL}},
     {{0x35b72cb453ee5336ULL, 0x74b3062d96d52b01ULL, 0x9d67cd4091d7bee8ULL, 0x1bf8457e169e11b2ULL}},
     {{0x645bee0013cbc9c3ULL, 0xa81ac5011d4ad1a7ULL, 0x100ef5edb54ea975ULL, 0x04d3bb8bdad08cddULL}},
     {{0xf4ef111140703006ULL, 0x87344791b0b07dc8ULL, 0x390f25584205b2b6ULL, 0x0163775edb45e937ULL}},
     {{0x93dbb165a6eb2488ULL, 0x2880c4cd7438987bULL, 0xd9129d55f161af93ULL, 0x08938e6dec619c0eULL}},
     {{0x206c36f0028412fbULL, 0x44e74eb0a78a14a8ULL, 0x43d851a8f9b9255eULL, 0x01d066e121ba4c28ULL}},
     {{0x8c193fa18da73c33ULL, 0x478e6f456d0221baULL, 0x6817e7a3329bae82ULL, 0x041fd6a3eba7a65eULL}},
     {{0xa6816b06e9510099ULL, 0x9f74c96877bf1887ULL, 0xe8fff5c0ce5caae9ULL, 0x186451008e863275ULL}},
     {{0xc76ee0c47be2789eULL, 0x72a204ef00b19855ULL, 0x665a060b1f2af7beULL, 0x0c288fbb7a3e0edbULL}},
     {{0xeaccc5847547290dULL, 0x0e07e3e5c08224d5ULL, 0x546a292bbb3ab3fcULL, 0x138b69102aa1bc92ULL}},
     {{0x7b481878a2e63c09ULL, 0x9882a0179d34452bULL, 0xfc8b95f58ed2d16eULL, 0x1f1ae5c9d0f105c1ULL}},
     {{0x9b8f38a94212c6c9ULL, 0xd7d25a4ef41148ddULL, 0x8178f1d34bd66f57ULL, 0x0a4d99dc3f3899ecULL}},
     {{0x0942eb3d024c3f8cULL, 0xc9c77d04e71dd9abULL, 0x5794596e0908a25fULL, 0x22b3d26166673ea9ULL}},
     {{0x0711638f555a23e2ULL, 0x6b9ab80eb33a77bdULL, 0xae1dc4dbb1408cf9ULL, 0x1399eea05b02473eULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x489362b650573894ULL, 0x0a19b79043d35763ULL, 0xda6a5ff6bbc04fa8ULL, 0x2f6a7c2881855e62ULL}},
     {{0x39635a33503045faULL, 0x4f4b5b8d30d9f86eULL, 0xefba9fb03979eba3ULL, 0x2d4d2d2da7cd1545ULL}},
     {{0x2bf5ebd867018da8ULL, 0xc66bcce061ab32efULL, 0x78a9a76f0995811aULL, 0x19c635dfe3cf626fULL}},
     {{0xea9351a4708c94caULL, 0xac912ec7a5f17c35ULL, 0x920b769623d9760aULL, 0x2c3adf7c6cf0bc39ULL}},
     {{0xe51bf7efbf77f86cULL, 0x14e3f2bc0738d64aULL, 0xf276501617dfc2aeULL, 0x0280224a5cf73823ULL}},
     {{0x4127842f83df9207ULL, 0x1dfb0ddfb40eb6e5ULL, 0x36502334fb1f168cULL, 0x0a5ce53e49d15d2bULL}},
     {{0x985dc60826542d78ULL, 0x40b7d0df3d439d80ULL, 0x18664b0f223f9557ULL, 0x18031179f0da1478ULL}},
     {{0xf2fe10e92ba9466aULL, 0x77a9e3c167af44ceULL, 0x723cad05841b37c9ULL, 0x1768636eb0a2cbb1ULL}},
     {{0x48221c0772b56ee1ULL, 0x4116bc7a6389f55fULL, 0xe6a0269b853e31f8ULL, 0x1ebd20411b0c7fcfULL}},
     {{0x252be74d642b9483ULL, 0xb6c1540e83388035ULL, 0x86bb317bae7070b8ULL, 0x2f8d990158ec3346ULL}},
     {{0x960d1b5e235ae2f1ULL, 0xbd18011d8f057d4eULL, 0xad6e88ed204e71e6ULL, 0x2214cf0afdc35b13ULL}},
     {{0x163b059486b7b525ULL, 0xabb85f420d86e231ULL, 0x865d60d9141f0dbdULL, 0x217d35c9476fef81ULL}},
     {{0x8586949b66953facULL, 0x2eb55ba8d37dbaeaULL, 0xa1745468659aa832ULL, 0x0f0a73c8534b5864ULL}},
     {{0x9f5734af20ce1d64ULL, 0x9cedfcab65ac20bbULL, 0x5f625fb347719e9eULL, 0x2e13fd9bf7ff32f3ULL}},
     {{0xa2ad0d1a9f66c4f0ULL, 0x67e706da8ae18a67ULL, 0xeed4e3308485cab6ULL, 0x27dcdc1249a51264ULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x422d9ca46c9fc2d9ULL, 0xec33febb4b73a08dULL, 0x69366b9ee4da54b6ULL, 0x2b22e3d430dc6b9fULL}},
     {{0xa2be1e2a36fa814fULL, 0xe25ec7610dd79739ULL, 0xd0725623d6cafca5ULL, 0x068d1538c117d364ULL}},
     {{0x405cca21817ca354ULL, 0xaac2354b96002fdaULL, 0xf86f4b4aaf0c166cULL, 0x0933c73ce467bd93ULL}},
     {{0x9a42b93a4388ee4fULL, 0x16c835b156abb91eULL, 0x5fcd5d77a3b49b70ULL, 0x1d24a254e5e81852ULL}},
     {{0xf637e007a2f6a8cdULL, 0xf0535ae7926d5285ULL, 0xfc12fdfcc18fe528ULL, 0x08850e392634ef23ULL}},
     {{0x517ad96fc29dbdbcULL, 0x1a63037591446273ULL, 0xaf21e5e4c7b79a68ULL, 0x2846c7a39c5e5e96ULL}},
     {{0x33ba020c8ec28776ULL, 0x7dd1b7075adf21edULL, 0x17d30268bca440f6ULL, 0x0b6ce53db661e8d0ULL}},
     {{0x7e1bb7c18adb9263ULL, 0x082782771c1e4a45ULL, 0xc3b2b36da915deb6ULL, 0x0b9db5e6ee822f9aULL}},
     {{0x522a78ab4c4c2c23ULL, 0x6c0101af507cb9fcULL, 0x0dfc85f4ba682261ULL, 0x0d3a53fbfa3b450eULL}},
     {{0xbb8c3e752d041646ULL, 0xc4def09a34e0860dULL, 0xb50bf36890b3418eULL, 0x239baa76154c4076ULL}},
     {{0xbaf8eaf8ceb15e33ULL, 0x649a5761f545c51fULL, 0x9e6040cd90ab7812ULL, 0x0d50ee3483ff4936ULL}},
     {{0x332aded9c3001110ULL, 0xd35a881b52a29a24ULL, 0x0ed1aadef7d69d04ULL, 0x0e806b1749957acfULL}},
     {{0x2939cdf559b41e6bULL, 0xd958a80a08710fcfULL, 0xbf94a0e8a7f18e1bULL, 0x1be60637eeabc81eULL}},
     {{0xc1ca56daea54ce96ULL, 0x06ffd5645142a15aULL, 0x9b3e6d19008a0899ULL, 0x2e89fbc2086a4c0aULL}},
     {{0x77590a22da05f488ULL, 0xd4a330cdbdfc416cULL, 0x35372d62ed574068ULL, 0x1536be9c085d5995ULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x9bf52a88a5a90b53ULL, 0x39ccb835523899e2ULL, 0x6a3cc4193be1b610ULL, 0x134c2780ccac2b38ULL}},
     {{0x8ee513b2d38119f0ULL, 0x87ee89f46bab8280ULL, 0x7fab75cbc4cc2cf4ULL, 0x1bef2752d8704b2cULL}},
     {{0x2524d83c0fc53afbULL, 0x618fdf53288d3a63ULL, 0x31ecf1a882aee926ULL, 0x1b4c2350ca3bcf0dULL}},
     {{0x91c0d6fac5757884ULL, 0xa782859be6bf4559ULL, 0xc3ce14edb987f6cdULL, 0x0be9c8c56d591f67ULL}},
     {{0xcf0f903ec6deb6e7ULL, 0x9b17d956e1224a34ULL, 0xa4b5404aceef9d02ULL, 0x23f0163e635aebbdULL}},
     {{0x398a37524ae232cdULL, 0x9b16deaac5bc0327ULL, 0x7dbf61995bfba5ffULL, 0x0fdd18558e298a3bULL}},
     {{0x76020705f4d8b012ULL, 0xa86cb011ea5761afULL, 0xc6eea8db401a450bULL, 0x20e0006fc57b2672ULL}},
     {{0x283ae711001fcfb4ULL, 0x05ead253feb4f32aULL, 0xcbc338abfa1144caULL, 0x300e4c10db78fc8eULL}},
     {{0x716ca9f9b6d57e84ULL, 0xdd9a7a3347d32711ULL, 0x4a9d517c466391baULL, 0x025fb429eb69687dULL}},
     {{0x6190279bdee72bcfULL, 0x2d3ff1d9f47966b7ULL, 0xe59996b0d8a33445ULL, 0x2dd9179f98b9fa1cULL}},
     {{0xd2a3201491591d30ULL, 0x129e0134eb17ecbeULL, 0x19215dae98872cb4ULL, 0x2f85a979d48b2d48ULL}},
     {{0xa9bb9c72ccd2168fULL, 0x4fcc00aa9ea5f935ULL, 0x29f5b9df36f2064cULL, 0x20c229456a4f68a4ULL}},
     {{0xb84fea86f9439e0fULL, 0x728e551e9bd5cfa9ULL, 0xdc1a924f05293d77ULL, 0x1e8d9e0ba74ed893ULL}},
     {{0x215a6876ea2b62cdULL, 0x624c55636b204b0aULL, 0x3e2385dc2b107577ULL, 0x1273dd39e9a0fa90ULL}},
     {{0xa9de6601f526126bULL, 0x7295bc82c45d124bULL, 0xf0bc6663464e35a7ULL, 0x2cbd349b7594e729ULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x302fa787a5d2b60eULL, 0x80cc914fb54036b7ULL, 0x4f65c0b3d235eb3bULL, 0x0adb12085108a15eULL}},
     {{0x3207cbdddda29e9bULL, 0x77ca35a6262fbefcULL, 0x3d7e07dfb059de38ULL, 0x12a91d5f32bd1157ULL}},
     {{0x80bfe61fb2c2884eULL, 0xaefbc8bcdc918a4aULL, 0x95cdd7962b7c50ddULL, 0x2bde845b3a6ba409ULL}},
     {{0xc46cb7fc51231076ULL, 0xc8f4d11bc871df70ULL, 0x2a9ee33d0d77ebeeULL, 0x052cd33da770975aULL}},
     {{0xc39f507006e9a471ULL, 0x9d0da7afff69cfedULL, 0x6e896679a296bc63ULL, 0x042a7bd4a502fe84ULL}},
     {{0x4b34aab13a5283c2ULL, 0xfad32148f5edead2ULL, 0xded9488b23ed2e65ULL, 0x0c23d18ba196c67fULL}},
     {{0x4f2b78177bd070feULL, 0xc018ba6c15e907c4ULL, 0x2b6a88c7658600f2ULL, 0x19e825210e7b632bULL}},
     {{0x974bc177a0000006ULL, 0xf13771b2da58a367ULL, 0x51e1a2470908122eULL, 0x2259d6b14729c0faULL}},
     {{0x13b24e0c4a2d49f3ULL, 0xa76756f8c47939daULL, 0x68ea8502af4b6d21ULL, 0x25893c6a9028fecbULL}},
     {{0x11da29b6125d6166ULL, 0xb069b2a25389b195ULL, 0x7ad23dd6d1277a24ULL, 0x1dbb3113ae748ed2ULL}},
     {{0xc3220f743d3d77b3ULL, 0x79381f8b9d27e646ULL, 0x22826e205605077fULL, 0x0485ca17a6c5fc20ULL}},
     {{0x7f753d979edcef8bULL, 0x5f3f172cb1479120ULL, 0x8db1627974096c6eULL, 0x2b377b3539c108cfULL}},
     {{0x8042a523e9165b90ULL, 0x8b2640987a4fa0a3ULL, 0x49c6df3cdeea9bf9ULL, 0x2c39d29e3c2ea1a5ULL}},
     {{0xf8ad4ae2b5ad7c3fULL, 0x2d60c6ff83cb85beULL, 0xd976fd2b5d9429f7ULL, 0x24407ce73f9ad9a9ULL}},
     {{0xf4b67d7c742f8f03ULL, 0x681b2ddc63d068ccULL, 0x8ce5bcef1bfb576aULL, 0x167c2951d2b63cfeULL}}},
};

/* x^(2^j) */
static void sqr_n(fr_t *r, const fr_t *x, int j)
{
    *r = *x;
    for (int i = 0; i < j; i++)
        fr_sqr(r, r);
}

/*
 * r = v^(2^28 - 1) by x_(k+j) = x_k^(2^j) x_j with x_k = v^(2^k - 1), along
 * k = 1, 2, 3, 6, 7, 14, 28: 27 squarings and 6 products.
 */
static void pow_2s_minus_1(fr_t *r, const fr_t *v)
{
    fr_t x2, x3, x6, x7, x14, x28;
    sqr_n(&x2, v, 1);
    fr_mul(&x2, &x2, v);
    sqr_n(&x3, &x2, 1);
    fr_mul(&x3, &x3, v);
    sqr_n(&x6, &x3, 3);
    fr_mul(&x6, &x6, &x3);
    sqr_n(&x7, &x6, 1);
    fr_mul(&x7, &x7, v);
    sqr_n(&x14, &x7, 7);
    fr_mul(&x14, &x14, &x7);
    sqr_n(&x28, &x14, 14);
    fr_mul(r, &x28, &x14);
}

/*
 * x with x^2 = u / v, for u, v != 0, without inverting v; false when u / v is
 * not a square (which root is returned is unspecified). With a = u / v,
 * r - 1 = 2^28 q and b = u v^(2^29 - 1) = a v^(2^29), Tonelli-Shanks needs
 * w = a^((q-1)/2) = b^((q-1)/2) v^(2^28)  (as v^(2^28 q) = 1), then
 * x = a w = u b^((q-1)/2) v^(2^28 - 1) and t = a^q = x w: one exponentiation,
 * as for a plain square root, and no inversion (the idea of RFC 9380's
 * sqrt_ratio).
 */
static bool fr_sqrt_ratio(fr_t *x, const fr_t *u, const fr_t *v)
{
    fr_t v_2s_1, v_2s, b, bc, w, t;
    pow_2s_minus_1(&v_2s_1, v);
    fr_mul(&v_2s, &v_2s_1, v); /* v^(2^28) */
    fr_sqr(&b, &v_2s_1);
    fr_mul(&b, &b, v);
    fr_mul(&b, &b, u); /* u v^(2^29 - 1) */
    pow_ts_exp(&bc, &b);
    fr_mul(&w, &bc, &v_2s);
    fr_mul(x, u, &bc);
    fr_mul(x, x, &v_2s_1);
    fr_mul(&t, x, &w); /* a^q = g^e for some e < 2^28; a is a square iff e is even */

    /* pw[j] = t^(16^j): its discrete log is e * 16^j, so pw[6 - k] reveals digit k once the lower ones are removed */
    fr_t pw[7];
    pw[0] = t;
    for (int j = 1; j < 7; j++) {
        pw[j] = pw[j - 1];
        for (int k = 0; k < 4; k++)
            fr_sqr(&pw[j], &pw[j]);
    }
    unsigned e = 0; /* the 4k low bits of the discrete log found so far */
    for (int k = 0; k < 7; k++) {
        /* y = g^((e_true - e) * 16^(6 - k)) = w16^(digit k), w16 = g^(16^6) of order 16 */
        fr_t y = pw[6 - k];
        for (int j = 0; j < k; j++) {
            const unsigned dj = (e >> (4 * j)) & 0xf;
            if (dj)
                fr_mul(&y, &y, &TS_NEG_POW[6 - k + j][dj]);
        }
        /* TS_NEG_POW[6][j] = w16^(-j) */
        int found = -1;
        for (int j = 0; j < 16; j++)
            if (fr_eq(&y, &TS_NEG_POW[6][j])) {
                found = j;
                break;
            }
        if (found < 0)
            return false; /* unreachable: t lies in the group of order 2^28 */
        e |= ((16u - (unsigned)found) & 0xf) << (4 * k);
        if (k == 0 && (e & 1))
            return false; /* odd logarithm: a is not a square */
    }
    /* x = a^((q+1)/2) * g^(-e/2): x^2 = a * t * g^(-e) = a */
    const unsigned f = e >> 1;
    for (int m = 0; m < 7; m++) {
        const unsigned d = (f >> (4 * m)) & 0xf;
        if (d)
            fr_mul(x, x, &TS_NEG_POW[m][d]);
    }
    return true;
}

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

/* flatten: the square root's multiplications inline (measured: decompression ~5% faster) */
__attribute__((flatten)) bool babyjub_unpack(babyjub_point *p, const uint8_t in[32])
{
    uint8_t buf[32];
    memcpy(buf, in, 32);
    const bool sign = (buf[31] & 0x80) != 0;
    buf[31] &= 0x7f;
    fr_t y, y2, num, den, x, one;
    if (!fr_from_bytes_le(&y, buf))
        return false;
    /* x^2 = (1 - y^2) / (a - d y^2) */
    fr_sqr(&y2, &y);
    fr_set_one(&one);
    fr_sub(&num, &one, &y2);
    fr_mul(&den, &CURVE_D, &y2);
    fr_sub(&den, &CURVE_A, &den);
    /* circomlibjs requires x^2 to be a non-zero square (its Euler test gives 0 for x = 0),
     * so it never decodes (0, 1) or (0, -1); neither do we. A zero denominator has no x. */
    if (fr_is_zero(&num) || fr_is_zero(&den) || !fr_sqrt_ratio(&x, &num, &den))
        return false;
    /* choose the root <= (r-1)/2, then apply the sign bit */
    uint64_t xc[4];
    fr_to_canonical(xc, &x);
    if (canonical_gt(xc, HALF_R))
        fr_neg(&x, &x);
    if (sign)
        fr_neg(&x, &x);
    p->x = x;
    p->y = y;
    return true;
}
