/* BN254 G2: the sextic twist y^2 = x^3 + 3/(9+u) over Fq2. */
#ifndef ZKS_CRYPTO_G2_H
#define ZKS_CRYPTO_G2_H

#include "fq2.h"
#include "fr.h"

/*
 * Implementation: common/crypto/g2.c (same formulas as G1 over Fq2).
 * Every function allows r to alias its inputs. Not constant time.
 */

/* 128 bytes: x.c0, x.c1, y.c0, y.c1 (Montgomery), the snarkjs .zkey layout. Infinity is all zero. */
typedef struct {
    fq2_t x, y;
} g2_affine_t;

typedef struct {
    fq2_t x, y, z;
} g2_jac_t;

void g2_generator(g2_affine_t *r); /* the EIP-197 generator */
void g2_affine_set_infinity(g2_affine_t *r);
bool g2_affine_is_infinity(const g2_affine_t *p);
bool g2_affine_on_curve(const g2_affine_t *p);
bool g2_affine_in_subgroup(const g2_affine_t *p); /* on the curve and of order r */
bool g2_affine_eq(const g2_affine_t *a, const g2_affine_t *b);
void g2_affine_neg(g2_affine_t *r, const g2_affine_t *p);

void g2_jac_set_infinity(g2_jac_t *r);
bool g2_jac_is_infinity(const g2_jac_t *p);
void g2_jac_from_affine(g2_jac_t *r, const g2_affine_t *p);
void g2_jac_to_affine(g2_affine_t *r, const g2_jac_t *p);
void g2_jac_batch_to_affine(g2_affine_t *r, const g2_jac_t *p, size_t n, fq2_t *scratch);
bool g2_jac_eq(const g2_jac_t *a, const g2_jac_t *b);
void g2_jac_neg(g2_jac_t *r, const g2_jac_t *p);
void g2_jac_dbl(g2_jac_t *r, const g2_jac_t *p);
void g2_jac_add(g2_jac_t *r, const g2_jac_t *a, const g2_jac_t *b);
void g2_jac_add_affine(g2_jac_t *r, const g2_jac_t *a, const g2_affine_t *b);
void g2_jac_mul(g2_jac_t *r, const g2_jac_t *p, const uint64_t scalar[4]);
void g2_affine_mul(g2_affine_t *r, const g2_affine_t *p, const fr_t *scalar);

/*
 * EIP-197 encoding: 128 bytes big-endian x.c1 || x.c0 || y.c1 || y.c0 (imaginary part first),
 * infinity all zero. Decoding checks range, curve and subgroup.
 */
void g2_to_eip197(uint8_t out[128], const g2_affine_t *p);
bool g2_from_eip197(g2_affine_t *r, const uint8_t in[128]);
/* snarkjs JSON: [[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]] as decimal strings */
bool g2_from_dec(g2_affine_t *r, const char *const xy[4], const char *const z[2]);
void g2_to_dec(char xy[4][80], char z[2][80], const g2_affine_t *p);

#endif
