/*
 * Four independent Fr Montgomery products in one call, for formulas that
 * have them (a twisted Edwards doubling or addition is two rounds of four).
 *
 * Where the CPU has AVX-512 IFMA (52-bit multiply-accumulate in 64-bit
 * lanes) with AVX512VL, the four products run in the four lanes of 256-bit
 * vectors in radix 2^52; elsewhere they are four fr_mul calls. The multiply
 * unit is what bounds fr_mul (32 64x64-bit products each), and IFMA
 * performs four 52x52-bit products per instruction. Results are identical
 * to fr_mul's, fully reduced, on every path.
 */
#ifndef ZKS_CRYPTO_FR_X4_H
#define ZKS_CRYPTO_FR_X4_H

#include <stdbool.h>

#include "fr.h"

/* true when fr_mul_x4 takes the IFMA path on this CPU */
bool fr_x4_uses_ifma(void);

/*
 * *r[i] = *a[i] * *b[i] (Montgomery) for i < 4. Every input is read before
 * any output is written, so outputs may alias inputs.
 */
void fr_mul_x4(fr_t *const r[4], const fr_t *const a[4], const fr_t *const b[4]);

/* The same with the portable fr_mul, whatever the CPU (tests compare the two). */
void fr_mul_x4_scalar(fr_t *const r[4], const fr_t *const a[4], const fr_t *const b[4]);

#endif
