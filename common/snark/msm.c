/* Pippenger MSM for G1 and G2 (msm.h); the algorithm lives in msm_group_impl.h. */
#include "snark/msm.h"

#include "snark/msm_lanes.h"
#include "snark/parallel.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define MSM_GROUP g1
#define MSM_AFF g1_affine_t
#define MSM_JAC g1_jac_t
#define MSM_POINT_BYTES 64
#define MSM_FIELD fq
#define MSM_FT fq_t
#define MSM_BATCH_LANES msm_g1_batch_add_lanes
#include "snark/msm_group_impl.h"
#undef MSM_GROUP
#undef MSM_AFF
#undef MSM_JAC
#undef MSM_POINT_BYTES
#undef MSM_FIELD
#undef MSM_FT
#undef MSM_BATCH_LANES

#define MSM_GROUP g2
#define MSM_AFF g2_affine_t
#define MSM_JAC g2_jac_t
#define MSM_POINT_BYTES 128
#define MSM_FIELD fq2
#define MSM_FT fq2_t
#include "snark/msm_group_impl.h"
#undef MSM_GROUP
#undef MSM_AFF
#undef MSM_JAC
#undef MSM_POINT_BYTES
#undef MSM_FIELD
#undef MSM_FT

bool msm_g1(g1_jac_t *out, const msm_plan_t *plan, const uint8_t *points, unsigned threads)
{
    return g1_msm_run(out, plan, points, threads);
}

bool msm_g2(g2_jac_t *out, const msm_plan_t *plan, const uint8_t *points, unsigned threads)
{
    return g2_msm_run(out, plan, points, threads);
}
