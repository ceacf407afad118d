/*
 * BN254 scalar field Fr, r = 21888242871839275222246405745257275088548364400416034343698204186575808495617.
 * Also the base field of BabyJubJub and the field of every circuit signal.
 * 2-adicity 28: the largest power-of-two FFT domain is 2^28.
 */
#ifndef ZKS_CRYPTO_FR_H
#define ZKS_CRYPTO_FR_H

#include "mont4_field.h"

static const mont4_modulus FR_MODULUS = {
    .p = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL},
    .inv = 0xc2e1f593efffffffULL,
    .r1 = {0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL},
    .r2 = {0x1bb8e645ae216da7ULL, 0x53fe3ab1e35c59e3ULL, 0x8c49833d53bb8085ULL, 0x0216d0b17f4e44a5ULL},
    .name = "Fr",
};

MONT4_DEFINE_FIELD(fr, FR_MODULUS)

#define FR_TWO_ADICITY 28

#endif
