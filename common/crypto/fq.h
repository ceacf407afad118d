/* BN254 base field Fq, p = 21888242871839275222246405745257275088696311157297823662689037894645226208583. */
#ifndef ZKS_CRYPTO_FQ_H
#define ZKS_CRYPTO_FQ_H

#include "mont4_field.h"

/* Limbs from the modulus published in EIP-196; R = 2^256. Checked against GMP in tests/unit. */
static const mont4_modulus FQ_MODULUS = {
    .p = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL},
    .inv = 0x87d20782e4866389ULL,
    .r1 = {0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL},
    .r2 = {0xf32cfc5b538afa89ULL, 0xb5e71911d44501fbULL, 0x47ab1eff0a417ff6ULL, 0x06d89f71cab8351fULL},
    .name = "Fq",
};

MONT4_DEFINE_FIELD(fq, FQ_MODULUS)

#endif
