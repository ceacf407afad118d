/*
 * Signature-verification support on BabyJubJub: checks of the form
 * s * base == q + h * p with one joint (Straus) wNAF multiplication and no
 * inversion. Internally the points are moved to the isomorphic curve
 * -x'^2 + y^2 = 1 + d' x'^2 y^2 (x' = sqrt(-a) x, d' = -d / a), where the
 * a = -1 formulas of Hisil-Wong-Carter-Dawson need no multiplication by a;
 * the map is a group isomorphism, so the answer is the same as on BabyJubJub
 * itself. The table holds odd multiples of base and of 2^128 * base (about
 * 12 KB); read-only once built, so threads may share it.
 */
#ifndef ZKS_CRYPTO_BABYJUB_DUAL_H
#define ZKS_CRYPTO_BABYJUB_DUAL_H

#include <stdbool.h>
#include <stdint.h>

#include "babyjub.h"

typedef struct babyjub_dual_table babyjub_dual_table;

/* NULL when out of memory. Uses the CPU's IFMA unit where it has one (babyjub_lanes.h). */
babyjub_dual_table *babyjub_dual_table_new(const babyjub_point *base);
/* The same, with allow_simd false forcing the scalar loop (tests compare the two). */
babyjub_dual_table *babyjub_dual_table_new_with(const babyjub_point *base, bool allow_simd);
void babyjub_dual_table_free(babyjub_dual_table *t);

/*
 * true iff s * base == q + h * p, exactly (no reduction of s or h modulo
 * anything; base, p and q any points on the curve). s < 2^256 (4
 * little-endian limbs), h < 2^320 (5 limbs). About 254 doublings.
 * Variable time: public inputs only.
 */
bool babyjub_dual_mul_check(const babyjub_dual_table *t, const uint64_t s[4], const babyjub_point *q,
                            const uint64_t h[5], const babyjub_point *p);

/*
 * The EdDSA equation: true iff s * base == q + (8 h) * p, exactly, for
 * p and q any points on the curve (with or without a component of order
 * 2, 4 or 8), s and h < 2^256. The table's base must have prime order l
 * (Base8). Same answer as babyjub_dual_mul_check with 8 h, in about half
 * the doublings (scalar_split.h; the argument is in babyjub_dual.c).
 */
bool babyjub_dual_mul8_check(const babyjub_dual_table *t, const uint64_t s[4], const babyjub_point *q,
                             const uint64_t h[4], const babyjub_point *p);

/*
 * As babyjub_dual_mul8_check, taking the half-length path only when the
 * split scalars fit max_bits (babyjub_dual_mul8_check uses 160) and the
 * full-length check otherwise. For tests that drive both paths.
 */
bool babyjub_dual_mul8_check_bounded(const babyjub_dual_table *t, const uint64_t s[4], const babyjub_point *q,
                                     const uint64_t h[4], const babyjub_point *p, int max_bits);

#endif
