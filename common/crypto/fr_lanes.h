/*
 * Four independent Fr Montgomery products in one call, for formulas that
 * have them (a twisted Edwards doubling or addition is two rounds of four).
 *
 * Where the CPU has AVX-512 IFMA (52-bit multiply-accumulate in 64-bit
 * lanes) with AVX512VL, the products run in the lanes of 512-bit vectors in
 * radix 2^52 (up to eight at once, fr_mul_xn); elsewhere they are fr_mul
 * calls. The multiply
 * unit is what bounds fr_mul (32 64x64-bit products each), and IFMA
 * performs four 52x52-bit products per instruction. Results are identical
 * to fr_mul's, fully reduced, on every path.
 */
#ifndef ZKS_CRYPTO_FR_LANES_H
#define ZKS_CRYPTO_FR_LANES_H

#include <stdbool.h>

#include "fr.h"

/* true when fr_mul_x4 takes the IFMA path on this CPU */
bool fr_lanes_use_ifma(void);

/*
 * *r[i] = *a[i] * *b[i] (Montgomery) for i < 4. Every input is read before
 * any output is written, so outputs may alias inputs.
 */
void fr_mul_x4(fr_t *const r[4], const fr_t *const a[4], const fr_t *const b[4]);

#define FR_XN_MAX 8

/* The same for n independent products, 1 <= n <= FR_XN_MAX (one 512-bit vector of lanes). */
void fr_mul_xn(fr_t *const r[], const fr_t *const a[], const fr_t *const b[], int n);

#define FR_DOT_MAX_TERMS 7

/*
 * n sums of products at once: *r[i] = sum over j < m of *a[i m + j] * *b[i m + j], for
 * 1 <= n <= FR_XN_MAX and 1 <= m <= FR_DOT_MAX_TERMS. In the vector lanes each sum is reduced
 * once, not once per product (the t x t matrix products of Poseidon).
 */
void fr_dot_xn(fr_t *const r[], const fr_t *const a[], const fr_t *const b[], int n, int m);

/* The same with the portable fr_mul, whatever the CPU (tests compare the two). */
void fr_mul_x4_scalar(fr_t *const r[4], const fr_t *const a[4], const fr_t *const b[4]);
void fr_mul_xn_scalar(fr_t *const r[], const fr_t *const a[], const fr_t *const b[], int n);
void fr_dot_xn_scalar(fr_t *const r[], const fr_t *const a[], const fr_t *const b[], int n, int m);

#endif
