/*
 * Square roots of quotients in Fr, for point decompression: x with
 * x^2 = u / v in one exponentiation and no inversion (the idea of RFC 9380's
 * sqrt_ratio), then Tonelli-Shanks' discrete logarithm in 4-bit table steps
 * (Sarkar, ePrint 2020/1407). Variable time: public inputs only.
 */
#ifndef ZKS_CRYPTO_FR_SQRT_H
#define ZKS_CRYPTO_FR_SQRT_H

#include <stdbool.h>

#include "fr.h"

/* u, v != 0; false when u / v is not a square. Which of the two roots is unspecified. */
bool fr_sqrt_ratio(fr_t *x, const fr_t *u, const fr_t *v);

/*
 * Two at once: ok[i] says whether x[i] is a root of u[i] / v[i] (same
 * results as fr_sqrt_ratio). With allow_simd and AVX-512 IFMA the two
 * exponentiations run in the lanes of one vector, which costs about what
 * one costs on the scalar multiplier.
 */
void fr_sqrt_ratio2(fr_t x[2], bool ok[2], const fr_t u[2], const fr_t v[2], bool allow_simd);

#endif
