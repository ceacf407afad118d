/*
 * Batch-affine G1 additions in IFMA lanes (see msm_lanes.h).
 *
 * For each addition (x1, y1) += (x2, y2): lambda = (y2 - y1) / (x2 - x1),
 * x3 = lambda^2 - x1 - x2, y3 = lambda (x1 - x3) - y1. The denominators of
 * lane j's additions are chained as prefix products; the eight chain totals
 * are inverted together (one fq inversion, Montgomery's trick), and each
 * lane walks its chain back, as the scalar flush does with one chain.
 *
 * Values are fq_t Montgomery forms (radix 2^256) in 52-bit limbs, products
 * reduced by 2^256 (fr_simd.h's mont_mod with FQ_MODULUS), unreduced in
 * between. With p < 0.1887 * 2^256 a product is below a b 0.1887 / p + p:
 *   x2 - x1 + p < 2p; prefix products and the running inverse stay below
 *   1.61p (k = 2 * 0.1887 k + 1); inv_i < 1.31p;
 *   y2 - y1 + p < 2p, so lambda < 1.5p and lambda^2 < 1.43p;
 *   x3 = lambda^2 + 2p - x1 - x2 < 3.43p; x1 - x3 + 4p < 5p;
 *   y3 = lambda (x1 - x3 + 4p) + p - y1 < 3.42p.
 * x3 and y3 are brought below p by subtracting 2p, then p, where the result
 * stays non-negative.
 */
#include "snark/msm_lanes.h"

#include "crypto/fq.h"
#include "crypto/fr_simd.h"

#if FR_SIMD_X86

#define LANES 8
#define MAX_STEPS (MSM_LANES_MAX_BATCH / LANES)
#define LT FR_SIMD_TARGET

static const uint64_t ZERO_LIMBS[4] = {0, 0, 0, 0};

LT static inline fe8 mulq(const fe8 *a, const fe8 *b)
{
    return fe8_mont_mod(a, b, 1, false, &FQ_MODULUS);
}

/* k p as a vector (k <= 4) */
LT static fe8 p_times(unsigned k)
{
    uint64_t p52[5], l[LANES][5];
    fr_simd_to_radix52(p52, FQ_MODULUS.p);
    uint64_t carry = 0;
    for (int i = 0; i < 5; i++) {
        const uint64_t v = p52[i] * k + carry;
        l[0][i] = v & ((1ULL << 52) - 1);
        carry = v >> 52;
    }
    for (int j = 1; j < LANES; j++)
        for (int i = 0; i < 5; i++)
            l[j][i] = l[0][i];
    return fe8_set((const uint64_t(*)[5])l);
}

/* a + bias - b, normalised (bias a multiple of p that keeps it non-negative) */
LT static inline fe8 sub_biased(const fe8 *a, const fe8 *b, const fe8 *bias)
{
    fe8 r;
    for (int k = 0; k < 5; k++)
        r.l[k] = _mm512_sub_epi64(_mm512_add_epi64(a->l[k], bias->l[k]), b->l[k]);
    fe8_normalise(&r);
    return r;
}

/* v - m where that is not negative */
LT static inline fe8 reduce_by(const fe8 *v, const fe8 *m)
{
    fe8 d;
    for (int k = 0; k < 5; k++)
        d.l[k] = _mm512_sub_epi64(v->l[k], m->l[k]);
    fe8_normalise(&d); /* the sign ends in the top limb */
    const __mmask8 negative = _mm512_cmplt_epi64_mask(d.l[4], _mm512_setzero_si512());
    return fe8_blend(negative, &d, v);
}

typedef struct {
    fe8 p1, p2, p4;
} biases;

/* x or y of the eight buckets / points of one step (dummy lanes past n read `dummy`) */
LT static inline fe8 load_coord(const g1_affine_t *base, const uint32_t *idx, const g1_affine_t *pts, size_t first,
                                size_t n, bool from_bucket, bool want_y, const uint64_t *dummy)
{
    const uint64_t *ptr[LANES];
    for (size_t j = 0; j < LANES; j++) {
        const size_t i = first + j;
        if (i >= n) {
            ptr[j] = dummy;
            continue;
        }
        const g1_affine_t *pt = from_bucket ? &base[idx[i]] : &pts[i];
        ptr[j] = want_y ? pt->y.limb : pt->x.limb;
    }
    return fe8_gather_limbs(ptr, 0);
}

LT static bool batch_add(g1_affine_t *bucket, const uint32_t *idx, const g1_affine_t *pts, size_t n)
{
    fe8 den[MAX_STEPS], pre[MAX_STEPS];
    const size_t steps = (n + LANES - 1) / LANES;
    const biases b = {p_times(1), p_times(2), p_times(4)};
    fq_t one;
    fq_set_one(&one);

    /* forward: den = x2 - x1 + p (dummies: one), pre = the product of the lane's earlier denominators */
    const uint64_t *one_ptr[LANES];
    for (int j = 0; j < LANES; j++)
        one_ptr[j] = one.limb;
    fe8 acc = fe8_gather_limbs(one_ptr, 0);
    for (size_t s = 0; s < steps; s++) {
        const fe8 x1 = load_coord(bucket, idx, pts, s * LANES, n, true, false, ZERO_LIMBS);
        const fe8 x2 = load_coord(bucket, idx, pts, s * LANES, n, false, false, one.limb);
        den[s] = sub_biased(&x2, &x1, &b.p1);
        pre[s] = acc;
        acc = mulq(&acc, &den[s]);
    }

    /* the eight chain totals, inverted together */
    uint64_t tl[LANES][5];
    fe8_lanes(tl, &acc);
    fq_t total[LANES], inv_total[LANES], scratch[LANES];
    for (int j = 0; j < LANES; j++) {
        uint64_t v[4];
        fr_simd_from_radix52(v, tl[j]);
        mont4_reduce_once(total[j].limb, v, &FQ_MODULUS);
    }
    fq_batch_inv(inv_total, total, LANES, scratch);
    const uint64_t *inv_ptr[LANES];
    for (int j = 0; j < LANES; j++) {
        if (fq_is_zero(&inv_total[j]))
            return false; /* a zero denominator: the batch rules were broken; let the scalar code see it */
        inv_ptr[j] = inv_total[j].limb;
    }
    fe8 inv = fe8_gather_limbs(inv_ptr, 0);

    /* backward: inv_i = inv * pre, then inv *= den; the addition itself */
    for (size_t s = steps; s-- > 0;) {
        const fe8 inv_i = mulq(&inv, &pre[s]);
        inv = mulq(&inv, &den[s]);
        const size_t first = s * LANES;
        const fe8 x1 = load_coord(bucket, idx, pts, first, n, true, false, ZERO_LIMBS);
        const fe8 y1 = load_coord(bucket, idx, pts, first, n, true, true, ZERO_LIMBS);
        const fe8 x2 = load_coord(bucket, idx, pts, first, n, false, false, ZERO_LIMBS);
        const fe8 y2 = load_coord(bucket, idx, pts, first, n, false, true, ZERO_LIMBS);
        const fe8 dy = sub_biased(&y2, &y1, &b.p1);
        const fe8 lambda = mulq(&dy, &inv_i);
        const fe8 l2 = mulq(&lambda, &lambda);
        fe8 x3 = sub_biased(&l2, &x1, &b.p2);
        for (int k = 0; k < 5; k++)
            x3.l[k] = _mm512_sub_epi64(x3.l[k], x2.l[k]);
        fe8_normalise(&x3);
        const fe8 dx = sub_biased(&x1, &x3, &b.p4);
        const fe8 t = mulq(&lambda, &dx);
        fe8 y3 = sub_biased(&t, &y1, &b.p1);
        x3 = reduce_by(&x3, &b.p2);
        x3 = reduce_by(&x3, &b.p1);
        y3 = reduce_by(&y3, &b.p2);
        y3 = reduce_by(&y3, &b.p1);
        uint64_t xl[LANES][5], yl[LANES][5];
        fe8_lanes(xl, &x3);
        fe8_lanes(yl, &y3);
        for (size_t j = 0; j < LANES && first + j < n; j++) {
            g1_affine_t *out = &bucket[idx[first + j]];
            fr_simd_from_radix52(out->x.limb, xl[j]);
            fr_simd_from_radix52(out->y.limb, yl[j]);
        }
    }
    return true;
}

bool msm_g1_batch_add_lanes(g1_affine_t *bucket, const uint32_t *idx, const g1_affine_t *pts, size_t n)
{
    if (n == 0 || n > MSM_LANES_MAX_BATCH || !fr_simd_available())
        return false;
    return batch_add(bucket, idx, pts, n);
}

#else

bool msm_g1_batch_add_lanes(g1_affine_t *bucket, const uint32_t *idx, const g1_affine_t *pts, size_t n)
{
    (void)bucket;
    (void)idx;
    (void)pts;
    (void)n;
    return false;
}

#endif
