/*
 * BN254 curve parameters used by G2 and the pairing, private to
 * common/crypto. Derived with Python integers from the definitions in
 * EIP-196/197 (https://eips.ethereum.org/EIPS/eip-197) and the BN family
 * p = 36x^4 + 36x^3 + 24x^2 + 6x + 1, r = 36x^4 + 36x^3 + 18x^2 + 6x + 1;
 * tests/unit/test_curve.c recomputes each of them with GMP.
 */
#ifndef ZKS_CRYPTO_BN254_PARAMS_H
#define ZKS_CRYPTO_BN254_PARAMS_H

#include "fq2.h"

/* x, the BN parameter (positive, 63 bits) */
static const uint64_t BN254_X = 4965661367192848881ULL;

/* x in non-adjacent form, least significant digit first (63 digits; 23 nonzero against 28 set bits in binary) */
#define BN254_X_NAF_LEN 63
static const int8_t BN254_X_NAF[BN254_X_NAF_LEN] = {
    1, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, -1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0,
    -1, 0, -1, 0, -1, 0, 1, 0, 1, 0, 0, -1, 0, 1, 0, 1, 0, -1, 0, 0, 1, 0, 1, 0, 0, 0, 1
};

/* 6x^2 (127 bits), little-endian limbs: the eigenvalue of psi on G2 */
static const uint64_t BN254_SIX_X_SQUARED[4] = {0xf83e9682e87cfd46ULL, 0x6f4d8248eeb859fbULL, 0, 0};

/*
 * b' = 3/(9+u), the twist coefficient, Montgomery form:
 *   19485874751759354771024239261021720505790618469301721065564631296452457478373
 *   + 266929791119991161246907387137283842545076965332900288569378510910307636690 u
 */
static const fq2_t BN254_TWIST_B = {
    {{0x3bf938e377b802a8ULL, 0x020b1b273633535dULL, 0x26b7edf049755260ULL, 0x2514c6324384a86dULL}},
    {{0x38e7ecccd1dcff67ULL, 0x65f0b37d93ce0d3eULL, 0xd749d0dd22ac00aaULL, 0x0141b9ce4a688d4dULL}},
};

/* 6x + 2 = 29793968203157093288 in non-adjacent form, least significant digit first; top digit 1 */
#define BN254_ATE_LOOP_LEN 66
static const int8_t BN254_ATE_LOOP_NAF[BN254_ATE_LOOP_LEN] = {
    0, 0, 0, 1,  0, 1, 0, -1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, -1, 0, 0,  0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 0,
    1, 0, -1, 0, 0, 1, 0, 0,  0, 0, 0,  -1, 0, 0, -1, 0, 1, 0, -1, 0, 0, 0, -1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 1,
};

#endif
