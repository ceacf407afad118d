/* BN254 G1: y^2 = x^3 + 3 over Fq. */
#ifndef ZKS_CRYPTO_G1_H
#define ZKS_CRYPTO_G1_H

#include "fq.h"
#include "fr.h"

/*
 * Implementation: common/crypto/g1.c over the shared Jacobian formulas in
 * ec_jacobian_impl.h (EFD dbl-2009-l 2M+5S, add-2007-bl 11M+5S,
 * madd-2007-bl 7M+4S). Every function allows r to alias its inputs.
 * Not constant time.
 */

/*
 * Affine point, 64 bytes: x then y as Montgomery limbs, the exact layout of a
 * G1 point in a snarkjs .zkey (which also stores field elements in Montgomery
 * form with R = 2^256), so key sections can be used in place after mmap.
 * The point at infinity is (0, 0), as in snarkjs files and EIP-196.
 */
typedef struct {
    fq_t x, y;
} g1_affine_t;

/* Jacobian (X/Z^2, Y/Z^3); Z == 0 is the point at infinity. */
typedef struct {
    fq_t x, y, z;
} g1_jac_t;

void g1_generator(g1_affine_t *r);          /* (1, 2) */
void g1_affine_set_infinity(g1_affine_t *r);
bool g1_affine_is_infinity(const g1_affine_t *p);
bool g1_affine_on_curve(const g1_affine_t *p); /* infinity counts as on the curve */
bool g1_affine_eq(const g1_affine_t *a, const g1_affine_t *b);
void g1_affine_neg(g1_affine_t *r, const g1_affine_t *p);

void g1_jac_set_infinity(g1_jac_t *r);
bool g1_jac_is_infinity(const g1_jac_t *p);
void g1_jac_from_affine(g1_jac_t *r, const g1_affine_t *p);
void g1_jac_to_affine(g1_affine_t *r, const g1_jac_t *p);
/* n points with one field inversion; scratch holds n fq_t */
void g1_jac_batch_to_affine(g1_affine_t *r, const g1_jac_t *p, size_t n, fq_t *scratch);
bool g1_jac_eq(const g1_jac_t *a, const g1_jac_t *b);
void g1_jac_neg(g1_jac_t *r, const g1_jac_t *p);
void g1_jac_dbl(g1_jac_t *r, const g1_jac_t *p);
void g1_jac_add(g1_jac_t *r, const g1_jac_t *a, const g1_jac_t *b);         /* complete: handles a == b, infinity */
void g1_jac_add_affine(g1_jac_t *r, const g1_jac_t *a, const g1_affine_t *b); /* mixed, also complete */
/* scalar as canonical little-endian limbs (any 256-bit value) */
void g1_jac_mul(g1_jac_t *r, const g1_jac_t *p, const uint64_t scalar[4]);
void g1_affine_mul(g1_affine_t *r, const g1_affine_t *p, const fr_t *scalar);

/* EIP-196 encoding: 64 bytes, x || y big-endian, infinity = all zero. Decoding checks range and curve. */
void g1_to_eip196(uint8_t out[64], const g1_affine_t *p);
bool g1_from_eip196(g1_affine_t *r, const uint8_t in[64]);
/* snarkjs JSON: decimal x, y (z "1"; infinity "0","1","0"). Out strings hold 80 bytes each. */
bool g1_from_dec(g1_affine_t *r, const char *x, const char *y, const char *z);
void g1_to_dec(char x[80], char y[80], char z[80], const g1_affine_t *p);

#endif
