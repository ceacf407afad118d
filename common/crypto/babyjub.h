/*
 * BabyJubJub: the twisted Edwards curve a*x^2 + y^2 = 1 + d*x^2*y^2 over
 * BN254 Fr with a = 168700, d = 168696 (EIP-2494; circomlib/circomlibjs
 * babyjub). Order 8 * l, l the prime subgroup order below; Base8 generates
 * the subgroup.
 *
 * a is a square and d is not, so the addition law is complete: the same
 * formulas hold for every pair of curve points (doubling, identity, points
 * of small order), which keeps results identical to circomlibjs's affine
 * addPoint on any input.
 *
 * Two representations:
 *   babyjub_point  affine (x, y), what is stored, packed and compared;
 *   babyjub_ext    extended twisted Edwards (X:Y:T:Z), x = X/Z, y = Y/Z,
 *                  T = XY/Z (Hisil-Wong-Carter-Dawson 2008), for arithmetic
 *                  without inversions.
 * All field elements are fr_t in Montgomery form.
 */
#ifndef ZKS_CRYPTO_BABYJUB_H
#define ZKS_CRYPTO_BABYJUB_H

#include <stdbool.h>
#include <stdint.h>

#include "fr.h"

typedef struct {
    fr_t x, y;
} babyjub_point;

typedef struct {
    fr_t x, y, t, z;
} babyjub_ext;

/* l = 2736030358979909402780800718157159386076813972158567259200215660948447373041,
 * little-endian 64-bit limbs (circomlibjs babyjub.subOrder = order >> 3). */
static const uint64_t BABYJUB_SUBORDER[4] = {0x677297dc392126f1ULL, 0xab3eedb83920ee0aULL,
                                             0x370a08b6d0302b0bULL, 0x060c89ce5c263405ULL};

/* Curve constants in Montgomery form. */
void babyjub_const_a(fr_t *a);
void babyjub_const_d(fr_t *d);

/* Base8 = 8 * Generator, the generator of the prime-order subgroup used by EdDSA. */
void babyjub_base8(babyjub_point *p);
/* circomlibjs's babyjub.Generator (order 8 * l). */
void babyjub_generator(babyjub_point *p);
/* (0, 1) */
void babyjub_identity(babyjub_point *p);

bool babyjub_on_curve(const babyjub_point *p);
bool babyjub_point_eq(const babyjub_point *a, const babyjub_point *b);
/* true when l * p is the identity (p on the curve and in the prime-order subgroup). */
bool babyjub_in_subgroup(const babyjub_point *p);

/* Affine addition as circomlibjs addPoint (one inversion); r may alias a or b. */
void babyjub_add(babyjub_point *r, const babyjub_point *a, const babyjub_point *b);
void babyjub_neg(babyjub_point *r, const babyjub_point *a);

/*
 * r = k * p for a 256-bit scalar k (little-endian limbs), not reduced modulo
 * anything, exactly as circomlibjs mulPointEscalar. Variable time: only for
 * public scalars.
 */
void babyjub_mul(babyjub_point *r, const babyjub_point *p, const uint64_t k[4]);

/* Extended coordinates. */
void babyjub_ext_from_point(babyjub_ext *r, const babyjub_point *p);
void babyjub_ext_to_point(babyjub_point *r, const babyjub_ext *p); /* one inversion */
void babyjub_ext_identity(babyjub_ext *r);
void babyjub_ext_add(babyjub_ext *r, const babyjub_ext *a, const babyjub_ext *b);
void babyjub_ext_dbl(babyjub_ext *r, const babyjub_ext *a);
void babyjub_ext_neg(babyjub_ext *r, const babyjub_ext *a);
/* Projective equality: same affine point. */
bool babyjub_ext_eq(const babyjub_ext *a, const babyjub_ext *b);
/* r = k * p, variable time (width-5 NAF). */
void babyjub_ext_mul_vartime(babyjub_ext *r, const babyjub_ext *p, const uint64_t k[4]);

/*
 * circomlibjs packPoint: y as 32 bytes little-endian, the top bit of byte 31
 * set when x > (p - 1) / 2.
 */
void babyjub_pack(uint8_t out[32], const babyjub_point *p);
/*
 * circomlibjs unpackPoint, strict: rejects y >= r (circomlibjs lets y == r
 * through as y = 0), a y with no x on the curve, and, like circomlibjs, the
 * two points with x = 0 (y = 1 or -1: the identity and the point of order 2).
 * On success the point is on the curve.
 */
bool babyjub_unpack(babyjub_point *p, const uint8_t in[32]);

/*
 * Two points at once (a signature's R8 and its public key): true iff both
 * decode as babyjub_unpack would, p[i] from in[i]. Where the CPU has AVX-512
 * IFMA the two square roots share one vector exponentiation (fr_sqrt.h).
 * The _with form with allow_simd false keeps to scalar code (for tests).
 */
bool babyjub_unpack2(babyjub_point p[2], const uint8_t *const in[2]);
bool babyjub_unpack2_with(babyjub_point p[2], const uint8_t *const in[2], bool allow_simd);

/*
 * A precomputed table of j * 16^i * base (i < 64, j < 16) for fixed-base
 * multiplication without doublings (about 100 KB). Built once and owned by
 * the caller (e.g. inside an EdDSA context); read-only afterwards, so one
 * table can serve many threads.
 */
typedef struct babyjub_base_table babyjub_base_table;

/* NULL when out of memory. */
babyjub_base_table *babyjub_base_table_new(const babyjub_point *base);
void babyjub_base_table_free(babyjub_base_table *t);
/* r = k * base, constant time in k (every table entry of a window is read): for secret scalars. */
void babyjub_base_mul_ct(babyjub_ext *r, const babyjub_base_table *t, const uint64_t k[4]);
/* r = k * base, variable time: for public scalars (signature verification). */
void babyjub_base_mul_vartime(babyjub_ext *r, const babyjub_base_table *t, const uint64_t k[4]);

#endif
