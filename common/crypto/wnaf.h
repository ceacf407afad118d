/*
 * Width-w non-adjacent form of a multi-limb scalar: digits that are 0 or odd
 * in (-2^(w-1), 2^(w-1)), any two non-zero digits at least w positions
 * apart, sum of digits[i] * 2^i equal to the scalar. The input of every
 * variable-time scalar multiplication here.
 */
#ifndef ZKS_CRYPTO_WNAF_H
#define ZKS_CRYPTO_WNAF_H

#include <stdint.h>

/*
 * digits must hold 64 * n_limbs + 1 entries (all are written); 2 <= w <= 7.
 * Returns the number of significant digits (the top non-zero one's index
 * + 1; 0 for a zero scalar). Variable time: for public scalars.
 */
int wnaf_digits(int8_t *digits, const uint64_t *k, int n_limbs, int w);

#endif
