/*
 * A snarkjs Groth16 .zkey, memory-mapped and used in place.
 *
 * Section layout (snarkjs zkey format, groth16): 1 header, 2 groth16 header,
 * 3 IC, 4 coefficients, 5 A, 6 B1, 7 B2, 8 C, 9 H, 10 contributions. Field
 * elements in the key are little-endian Montgomery limbs with R = 2^256, the
 * same as fq_t/fr_t, so points are read straight out of the mapping. Section
 * data is not 8-byte aligned in general, so points are loaded with memcpy
 * (which compiles to unaligned loads) through the accessors below instead of
 * by casting pointers.
 */
#ifndef ZKS_SNARK_ZKEY_H
#define ZKS_SNARK_ZKEY_H

#include "crypto/g1.h"
#include "crypto/g2.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    /* the mapping */
    void *map;
    size_t map_len;

    uint32_t n_vars;       /* wires, including the constant */
    uint32_t n_public;     /* public inputs + outputs (wires 1..n_public) */
    uint32_t domain_size;  /* power of two >= constraints + public + 1 */
    uint32_t log_domain;

    g1_affine_t alpha1, beta1, delta1;
    g2_affine_t beta2, gamma2, delta2;

    const uint8_t *ic;      /* n_public + 1 G1 points */
    const uint8_t *coefs;   /* n_coefs entries of 12 + 32 bytes: u32 matrix, u32 constraint, u32 signal, Fr */
    uint32_t n_coefs;
    const uint8_t *a;       /* n_vars G1 */
    const uint8_t *b1;      /* n_vars G1 */
    const uint8_t *b2;      /* n_vars G2 */
    const uint8_t *c;       /* n_vars - n_public - 1 G1 (wires n_public+1 ..) */
    const uint8_t *h;       /* domain_size G1 */
} zkey_t;

#define ZKEY_G1_BYTES 64
#define ZKEY_G2_BYTES 128
#define ZKEY_COEF_BYTES 44

static inline void zkey_g1_at(g1_affine_t *out, const uint8_t *section, size_t i)
{
    memcpy(out, section + i * ZKEY_G1_BYTES, ZKEY_G1_BYTES);
}

static inline void zkey_g2_at(g2_affine_t *out, const uint8_t *section, size_t i)
{
    memcpy(out, section + i * ZKEY_G2_BYTES, ZKEY_G2_BYTES);
}

/*
 * Maps and validates a key: magic, version, protocol (groth16), curve (both
 * moduli must be BN254's), every section present with the size its header
 * implies, points on the curve for the header points. On failure returns
 * false and writes a one-line reason into err.
 */
bool zkey_open(zkey_t *z, const char *path, char *err, size_t err_len);
/* The same validation over a caller-owned image (tests, fuzzing); z->map stays NULL and zkey_close leaves buf alone. */
bool zkey_parse(zkey_t *z, const uint8_t *buf, size_t len, char *err, size_t err_len);
void zkey_close(zkey_t *z);

#endif
