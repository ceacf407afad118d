/*
 * Field arithmetic (Fr, and Fq through fe*_mont_mod) in the 64-bit lanes of
 * AVX-512 IFMA vectors, for the code that keeps several field elements in
 * registers from one operation to the next: babyjub_lanes.c (a point's four
 * coordinates), poseidon_lanes.c (a Poseidon state), fr_sqrt.c (two square
 * roots at once), snark/msm_lanes.c (eight G1 bucket additions, in Fq).
 *
 * fr_simd_available() says whether the CPU runs it; everything else here is
 * static inline, compiled for AVX-512 through FR_SIMD_TARGET, and may only
 * run after that check. Types and functions come in two widths from
 * fr_simd_impl.h: fe4_* (four lanes, 256-bit vectors) and fe8_* (eight
 * lanes, 512-bit vectors); this CPU issues two IFMA per cycle at either
 * width.
 *
 * An element is 5 limbs of 52 bits per lane (the width vpmadd52{lo,hi}uq
 * multiply). fe*_mont sums up to FR_SIMD_MAX_TERMS products per lane and
 * Montgomery-reduces once, either by 2^260 (five whole digits: the domain
 * the lane code keeps its values in, z as z 2^260 mod p) or by 2^256 (last
 * digit 48 bits: a product with a constant in fr_t form c 2^256 stays in the
 * 2^260 domain, and a product with a plain integer converts between
 * domains). Values are not reduced below p between operations: the output
 * is below (sum of a_i b_i) / R + p, and each user bounds its values (see
 * their headers); all must stay below 2^260.
 */
#ifndef ZKS_CRYPTO_FR_SIMD_H
#define ZKS_CRYPTO_FR_SIMD_H

#include <stdbool.h>
#include <stdint.h>

#include "fr.h"

#define FR_SIMD_MAX_TERMS 8

/* the CPU has AVX-512 IFMA and VL */
bool fr_simd_available(void);

/* fr_t limbs (any value < 2^256) as five 52-bit limbs, and back (value < 2^256, limbs normalised) */
static inline void fr_simd_to_radix52(uint64_t out[5], const uint64_t x[4])
{
    const uint64_t m = (1ULL << 52) - 1;
    out[0] = x[0] & m;
    out[1] = ((x[0] >> 52) | (x[1] << 12)) & m;
    out[2] = ((x[1] >> 40) | (x[2] << 24)) & m;
    out[3] = ((x[2] >> 28) | (x[3] << 36)) & m;
    out[4] = x[3] >> 16;
}

static inline void fr_simd_from_radix52(uint64_t out[4], const uint64_t l[5])
{
    out[0] = l[0] | (l[1] << 52);
    out[1] = (l[1] >> 12) | (l[2] << 40);
    out[2] = (l[2] >> 24) | (l[3] << 28);
    out[3] = (l[3] >> 36) | (l[4] << 16);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define FR_SIMD_X86 1
#include <immintrin.h>

#define FR_SIMD_TARGET __attribute__((target("avx2,avx512f,avx512vl,avx512ifma")))

#define FS_LANES 4
#define FS_V __m256i
#define FS_FE fe4
#define FS_FN(name) fe4_##name
#define FS_(op) _mm256_##op
#define FS_AND _mm256_and_si256
#define FS_OR _mm256_or_si256
#define FS_SET1(x) _mm256_set1_epi64x((long long)(x))
#define FS_SET_LANES(v) _mm256_set_epi64x((long long)(v)[3], (long long)(v)[2], (long long)(v)[1], (long long)(v)[0])
#define FS_STOREU(p, v) _mm256_storeu_si256((__m256i *)(p), v)
#include "fr_simd_impl.h"
#undef FS_LANES
#undef FS_V
#undef FS_FE
#undef FS_FN
#undef FS_
#undef FS_AND
#undef FS_OR
#undef FS_SET1
#undef FS_SET_LANES
#undef FS_STOREU

#define FS_LANES 8
#define FS_V __m512i
#define FS_FE fe8
#define FS_FN(name) fe8_##name
#define FS_(op) _mm512_##op
#define FS_AND _mm512_and_si512
#define FS_OR _mm512_or_si512
#define FS_SET1(x) _mm512_set1_epi64((long long)(x))
#define FS_SET_LANES(v)                                                                                                \
    _mm512_set_epi64((long long)(v)[7], (long long)(v)[6], (long long)(v)[5], (long long)(v)[4], (long long)(v)[3],    \
                     (long long)(v)[2], (long long)(v)[1], (long long)(v)[0])
#define FS_STOREU(p, v) _mm512_storeu_si512(p, v)
#include "fr_simd_impl.h"
#undef FS_LANES
#undef FS_V
#undef FS_FE
#undef FS_FN
#undef FS_
#undef FS_AND
#undef FS_OR
#undef FS_SET1
#undef FS_SET_LANES
#undef FS_STOREU

#else
#define FR_SIMD_X86 0
#endif

#endif
