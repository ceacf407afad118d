/*
 * The joint loop of babyjub_dual_mul8_check on AVX-512 IFMA vectors: a point
 * of the a = -1 model is one vector whose four lanes are X, Y, Z, T, so each
 * field product of a doubling or an addition is a lane of one vector
 * product, and the additions between them are lane permutations. Private to
 * babyjub_dual.c, which falls back to its scalar loop where
 * bj_lanes_supported() is false.
 */
#ifndef ZKS_CRYPTO_BABYJUB_LANES_H
#define ZKS_CRYPTO_BABYJUB_LANES_H

#include <stdbool.h>
#include <stdint.h>

#include "fr.h"

/* the CPU has AVX-512 IFMA and VL */
bool bj_lanes_supported(void);

/*
 * Vector copies of the two fixed tables (odd multiples of the base and of
 * 2^128 times it, as affine a = -1 model entries) and the constants of the
 * lane formulas, which depend on 2 d'. Built once, read-only afterwards.
 */
typedef struct bj_lanes_table bj_lanes_table;

/*
 * base, base_hi: n groups of three fr_t (y - x, y + x, 2 d' x y) each; d2 = 2 d'.
 * NULL when out of memory or unsupported.
 */
bj_lanes_table *bj_lanes_table_new(const fr_t *base, const fr_t *base_hi, int n, const fr_t *d2);
void bj_lanes_table_free(bj_lanes_table *t);

/*
 * acc = sum over positions i (most significant first) of 2^i times
 *   digits[0][i] * base_odd + digits[1][i] * base_hi_odd
 *   - digits[2][i] * q + p_sign * digits[3][i] * p,
 * where a digit d selects the table entry |d| >> 1 (odd multiples) and its
 * sign; true iff acc is the identity. Points q and p are affine on the
 * a = -1 model (x' = sqrt(-a) x).
 */
typedef struct {
    const bj_lanes_table *table;
    fr_t q_x, q_y, p_x, p_y;
    const int8_t *digits[4];
    int n_digits[4];
    int p_sign; /* +1 or -1 */
} bj_lanes_job;

/* Only where bj_lanes_supported() (the tables exist only then). */
bool bj_lanes_joint_is_identity(const bj_lanes_job *job);

#endif
