/*
 * Four-lane Fr Montgomery multiplication with AVX-512 IFMA (see fr_x4.h).
 *
 * Lane i holds element i. Each element is 4 x 64-bit limbs in memory;
 * after a 4x4 transpose every vector holds one limb of all four elements,
 * which is re-cut into 5 limbs of 52 bits (the width vpmadd52{lo,hi}uq
 * multiply). The 10 product columns are accumulated unreduced (at most 20
 * terms below 2^52 each, so below 2^57), then Montgomery-reduced digit by
 * digit: m = t_i * (-p^-1) mod 2^52 and t += m p 2^(52 i). fr_t's Montgomery
 * radix is 2^256 = 2^(4*52 + 48), so the fifth digit is 48 bits wide; the
 * result is then t / 2^256 < 2p, cut back into 64-bit limbs and transposed,
 * and the final subtraction of p is the scalar one fr_mul uses.
 */
#include "fr_x4.h"

void fr_mul_x4_scalar(fr_t *const r[4], const fr_t *const a[4], const fr_t *const b[4])
{
    fr_t out[4];
    for (int i = 0; i < 4; i++)
        fr_mul(&out[i], a[i], b[i]);
    for (int i = 0; i < 4; i++)
        *r[i] = out[i];
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define FR_X4_TARGET __attribute__((target("avx2,avx512f,avx512vl,avx512ifma")))
#define MASK52 ((1ULL << 52) - 1)
#define MASK48 ((1ULL << 48) - 1)

bool fr_x4_uses_ifma(void)
{
    return __builtin_cpu_supports("avx512ifma") && __builtin_cpu_supports("avx512vl");
}

/* rows (one element's limbs each) to columns (one limb of every element each); its own inverse */
FR_X4_TARGET static inline void transpose4(__m256i v[4])
{
    const __m256i t0 = _mm256_unpacklo_epi64(v[0], v[1]);
    const __m256i t1 = _mm256_unpackhi_epi64(v[0], v[1]);
    const __m256i t2 = _mm256_unpacklo_epi64(v[2], v[3]);
    const __m256i t3 = _mm256_unpackhi_epi64(v[2], v[3]);
    v[0] = _mm256_permute2x128_si256(t0, t2, 0x20);
    v[1] = _mm256_permute2x128_si256(t1, t3, 0x20);
    v[2] = _mm256_permute2x128_si256(t0, t2, 0x31);
    v[3] = _mm256_permute2x128_si256(t1, t3, 0x31);
}

/*
 * four fr_t (any addresses) into five 52-bit limb columns. The columns are assembled from 64-bit
 * loads rather than loaded whole and transposed: the operands were usually just written by
 * scalar code limb by limb, and a 256-bit load of four separate 64-bit stores cannot be
 * store-forwarded (it waits for the stores to retire).
 */
FR_X4_TARGET static inline void load_radix52(__m256i out[5], const fr_t *const x[4])
{
    __m256i v[4];
    for (int k = 0; k < 4; k++)
        v[k] = _mm256_set_epi64x((long long)x[3]->limb[k], (long long)x[2]->limb[k], (long long)x[1]->limb[k],
                                 (long long)x[0]->limb[k]);
    const __m256i m = _mm256_set1_epi64x((long long)MASK52);
    out[0] = _mm256_and_si256(v[0], m);
    out[1] = _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(v[0], 52), _mm256_slli_epi64(v[1], 12)), m);
    out[2] = _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(v[1], 40), _mm256_slli_epi64(v[2], 24)), m);
    out[3] = _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(v[2], 28), _mm256_slli_epi64(v[3], 36)), m);
    out[4] = _mm256_srli_epi64(v[3], 16);
}

/* v (four 64-bit limb columns, each lane < 2p) minus p where that does not go below zero */
FR_X4_TARGET static inline void reduce_once_x4(__m256i v[4])
{
    const __m256i one = _mm256_set1_epi64x(1);
    __m256i d[4];
    __mmask8 borrow = 0;
    for (int k = 0; k < 4; k++) {
        const __m256i pk = _mm256_set1_epi64x((long long)FR_MODULUS.p[k]);
        const __m256i diff = _mm256_sub_epi64(v[k], pk);
        /* borrow out: v < p, or v == p with a borrow in */
        const __mmask8 lt = _mm256_cmplt_epu64_mask(v[k], pk);
        const __mmask8 eq = _mm256_cmpeq_epu64_mask(v[k], pk);
        d[k] = _mm256_mask_sub_epi64(diff, borrow, diff, one);
        borrow = (__mmask8)(lt | (eq & borrow));
    }
    /* a final borrow means v < p: keep v */
    for (int k = 0; k < 4; k++)
        v[k] = _mm256_mask_blend_epi64(borrow, d[k], v[k]);
}

/* p in 52-bit limbs, as a compile-time function of FR_MODULUS */
static inline uint64_t modulus_limb52(int i)
{
    const uint64_t *p = FR_MODULUS.p;
    switch (i) {
    case 0:
        return p[0] & MASK52;
    case 1:
        return ((p[0] >> 52) | (p[1] << 12)) & MASK52;
    case 2:
        return ((p[1] >> 40) | (p[2] << 24)) & MASK52;
    case 3:
        return ((p[2] >> 28) | (p[3] << 36)) & MASK52;
    default:
        return p[3] >> 16;
    }
}

FR_X4_TARGET static void mul_x4_ifma(fr_t *const r[4], const fr_t *const a[4], const fr_t *const b[4])
{
    __m256i x[5], y[5], p[5], t[10];
    load_radix52(x, a);
    if (a == b)
        for (int i = 0; i < 5; i++)
            y[i] = x[i];
    else
        load_radix52(y, b);
    for (int i = 0; i < 5; i++)
        p[i] = _mm256_set1_epi64x((long long)modulus_limb52(i));
    const __m256i inv = _mm256_set1_epi64x((long long)(FR_MODULUS.inv & MASK52));
    const __m256i zero = _mm256_setzero_si256();
    const __m256i m52 = _mm256_set1_epi64x((long long)MASK52);

    /* product columns; low and high halves in separate accumulators keep each dependency chain <= 5 deep */
    __m256i lo[10], hi[10];
    for (int k = 0; k < 10; k++)
        lo[k] = hi[k] = zero;
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            lo[i + j] = _mm256_madd52lo_epu64(lo[i + j], x[i], y[j]);
            hi[i + j + 1] = _mm256_madd52hi_epu64(hi[i + j + 1], x[i], y[j]);
        }
    for (int k = 0; k < 10; k++)
        t[k] = _mm256_add_epi64(lo[k], hi[k]);

    /*
     * Reduction. Adding lo(m p_0) clears t_i's low 52 bits, so the carry out of column i is
     * (t_i >> 52) + (t_i mod 2^52 != 0) = (t_i + 2^52 - 1) >> 52, known before m is: the only
     * serial chain is m_i -> column i + 1 -> m_(i+1).
     */
    for (int i = 0; i < 5; i++) {
        __m256i m = _mm256_madd52lo_epu64(zero, t[i], inv);
        if (i == 4)
            m = _mm256_and_si256(m, _mm256_set1_epi64x((long long)MASK48));
        if (i < 4) {
            const __m256i carry = _mm256_srli_epi64(_mm256_add_epi64(t[i], m52), 52);
            const __m256i next_lo = _mm256_madd52lo_epu64(zero, m, p[1]);
            t[i + 1] = _mm256_add_epi64(_mm256_madd52hi_epu64(_mm256_add_epi64(t[i + 1], carry), m, p[0]), next_lo);
        } else {
            /* the 48-bit digit leaves t_4's low 48 bits zero, not 52: keep t_4 itself for the cut below */
            t[4] = _mm256_madd52lo_epu64(t[4], m, p[0]);
            t[5] = _mm256_add_epi64(_mm256_madd52hi_epu64(t[5], m, p[0]), _mm256_madd52lo_epu64(zero, m, p[1]));
        }
        for (int j = 1; j < 5; j++) {
            if (j > 1)
                t[i + j] = _mm256_madd52lo_epu64(t[i + j], m, p[j]);
            t[i + j + 1] = _mm256_madd52hi_epu64(t[i + j + 1], m, p[j]);
        }
    }
    /* u_k = t_{4+k} with carries propagated: 52-bit limbs of V, where V / 2^48 is the result (V's low 48 bits are 0) */
    for (int k = 4; k < 9; k++) {
        t[k + 1] = _mm256_add_epi64(t[k + 1], _mm256_srli_epi64(t[k], 52));
        t[k] = _mm256_and_si256(t[k], m52);
    }
    const __m256i *u = t + 4;
    __m256i v[4];
    v[0] = _mm256_or_si256(_mm256_or_si256(_mm256_srli_epi64(u[0], 48), _mm256_slli_epi64(u[1], 4)),
                           _mm256_slli_epi64(u[2], 56));
    v[1] = _mm256_or_si256(_mm256_srli_epi64(u[2], 8), _mm256_slli_epi64(u[3], 44));
    v[2] = _mm256_or_si256(_mm256_srli_epi64(u[3], 20), _mm256_slli_epi64(u[4], 32));
    v[3] = _mm256_or_si256(_mm256_srli_epi64(u[4], 32), _mm256_slli_epi64(u[5], 20));
    reduce_once_x4(v);
    transpose4(v);
    for (int i = 0; i < 4; i++)
        _mm256_storeu_si256((__m256i *)r[i]->limb, v[i]);
}

void fr_mul_x4(fr_t *const r[4], const fr_t *const a[4], const fr_t *const b[4])
{
    if (fr_x4_uses_ifma())
        mul_x4_ifma(r, a, b);
    else
        fr_mul_x4_scalar(r, a, b);
}

#else

bool fr_x4_uses_ifma(void)
{
    return false;
}

void fr_mul_x4(fr_t *const r[4], const fr_t *const a[4], const fr_t *const b[4])
{
    fr_mul_x4_scalar(r, a, b);
}

#endif
