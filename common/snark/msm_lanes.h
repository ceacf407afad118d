/*
 * The batch-affine bucket additions of the G1 MSM (msm_group_impl.h) in the
 * eight lanes of AVX-512 IFMA vectors: lane j takes additions j, j + 8, ...,
 * with its own chain of prefix products, and the eight chains share one
 * field inversion. A batch's additions are independent, so the three to six
 * field products of each run eight at a time.
 */
#ifndef ZKS_SNARK_MSM_LANES_H
#define ZKS_SNARK_MSM_LANES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/g1.h"

#define MSM_LANES_MAX_BATCH 512

/*
 * bucket[idx[i]] += pts[i] for i < n (n <= MSM_LANES_MAX_BATCH), in affine
 * coordinates, under the batch's rules: the idx[i] are distinct and no
 * bucket shares its x with the point added to it. false, with nothing
 * written, where the CPU has no AVX-512 IFMA (the caller adds them itself).
 */
bool msm_g1_batch_add_lanes(g1_affine_t *bucket, const uint32_t *idx, const g1_affine_t *pts, size_t n);

#endif
