#include "snark/fixed_base.h"

#include "snark/parallel.h"

#include <stdlib.h>

/* points per batch-to-affine: one inversion shared by this many */
enum { FB_CHUNK = 512 };

#define FB_GROUP g1
#define FB_AFF g1_affine_t
#define FB_JAC g1_jac_t
#define FB_FT fq_t
#define FB_T g1_fixed_base_t
#include "fixed_base_impl.h"
#undef FB_GROUP
#undef FB_AFF
#undef FB_JAC
#undef FB_FT
#undef FB_T

#define FB_GROUP g2
#define FB_AFF g2_affine_t
#define FB_JAC g2_jac_t
#define FB_FT fq2_t
#define FB_T g2_fixed_base_t
#include "fixed_base_impl.h"

unsigned fixed_base_window_for(size_t n)
{
    /* table cost ~ (254/w) 2^w additions against n * 254/w additions for the products */
    if (n < 256)
        return 4;
    if (n < 8192)
        return 8;
    if (n < 200000)
        return 10;
    return 12;
}
