/*
 * Multi-scalar multiplication sum_i s_i * P_i over BN254 G1 and G2, for the
 * prover's five MSMs (A, B1, B2, C, H).
 *
 * A plan classifies the scalars once and is reused for every point set that
 * shares them (A, B1 and B2 share the witness): zero scalars are dropped,
 * scalars equal to 1 are summed directly (settlement witnesses are mostly
 * bits), the rest go through Pippenger's bucket method with signed c-bit
 * digits (2^(c-1) buckets per window), windows split across threads.
 *
 * Points are affine in the .zkey layout (64 bytes G1, 128 bytes G2, Montgomery
 * limbs, infinity = all zero), read from possibly unaligned memory such as a
 * mapped key.
 */
#ifndef ZKS_SNARK_MSM_H
#define ZKS_SNARK_MSM_H

#include "crypto/g1.h"
#include "crypto/g2.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t n;            /* number of scalars (and points expected) */
    uint32_t *ones;      /* indices whose scalar is 1 */
    size_t n_ones;
    uint32_t *big;       /* indices whose scalar is 2 or more */
    size_t n_big;
    uint32_t c;          /* window bits */
    uint32_t n_windows;
    /* window-major signed digits of the big scalars: digits[w * n_big + k], |d| << 1 | (d < 0) */
    uint16_t *digits;
} msm_plan_t;

/*
 * scalars: n canonical values (little-endian 64-bit limbs), each below 2^254
 * (any Fr element). n must be below 2^32. false on allocation failure.
 */
bool msm_plan_init(msm_plan_t *plan, const uint64_t (*scalars)[4], size_t n, unsigned threads);
void msm_plan_free(msm_plan_t *plan);

/* out = sum scalars[i] * points[i] for the plan's n points. threads: 0 = all cores. false when out of memory. */
bool msm_g1(g1_jac_t *out, const msm_plan_t *plan, const uint8_t *points, unsigned threads);
bool msm_g2(g2_jac_t *out, const msm_plan_t *plan, const uint8_t *points, unsigned threads);

#endif
