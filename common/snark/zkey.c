/*
 * zkey_open: maps a snarkjs Groth16 .zkey and checks it before anyone
 * indexes into it. Layout per snarkjs src/zkey_utils.js / zkey_new.js:
 *   1 header: u32 protocol (1 = groth16)
 *   2 groth16 header: u32 n8q, q, u32 n8r, r, u32 nVars, u32 nPublic, u32 domainSize,
 *     alpha1, beta1 (G1), beta2, gamma2 (G2), delta1 (G1), delta2 (G2)
 *   3 IC, 4 coefficients (u32 count, then 44-byte entries), 5 A, 6 B1, 7 B2, 8 C, 9 H, 10 contributions.
 * The coefficient scan bounds every (matrix, constraint, signal) so that a
 * prover indexing by them cannot run off its arrays.
 */
#include "snark/zkey.h"

#include "crypto/fq.h"
#include "crypto/fr.h"
#include "snark/binfile.h"
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

enum { ZK_HEADER = 1, ZK_GROTH = 2, ZK_IC = 3, ZK_COEFS = 4, ZK_A = 5, ZK_B1 = 6, ZK_B2 = 7, ZK_C = 8, ZK_H = 9,
       ZK_CONTRIB = 10 };

#define ZKEY_GROTH_HEADER_BYTES (4 + 32 + 4 + 32 + 3 * 4 + 3 * ZKEY_G1_BYTES + 3 * ZKEY_G2_BYTES)

/* Montgomery limbs must be fully reduced for limb equality and the curve check to mean anything. */
static bool fq_reduced(const fq_t *a)
{
    for (int i = 3; i >= 0; i--) {
        if (a->limb[i] < FQ_MODULUS.p[i])
            return true;
        if (a->limb[i] > FQ_MODULUS.p[i])
            return false;
    }
    return false;
}

static bool g1_ok(const g1_affine_t *p)
{
    return fq_reduced(&p->x) && fq_reduced(&p->y) && g1_affine_on_curve(p);
}

static bool g2_ok(const g2_affine_t *p)
{
    return fq_reduced(&p->x.c0) && fq_reduced(&p->x.c1) && fq_reduced(&p->y.c0) && fq_reduced(&p->y.c1) &&
           g2_affine_in_subgroup(p);
}

static bool section_sized(const binfile_view_t *v, int type, const char *name, uint64_t expect, const uint8_t **out,
                          char *err, size_t err_len)
{
    const binfile_section_t *s = binfile_require(v, (uint32_t)type, name, err, err_len);
    if (!s)
        return false;
    if (s->size != expect)
        return zks_fail(err, err_len, "zkey: section %d (%s) is %llu bytes, expected %llu", type, name,
                    (unsigned long long)s->size, (unsigned long long)expect);
    *out = s->data;
    return true;
}

static bool check_coefs(const zkey_t *z, char *err, size_t err_len)
{
    for (uint32_t i = 0; i < z->n_coefs; i++) {
        const uint8_t *e = z->coefs + (size_t)i * ZKEY_COEF_BYTES;
        uint32_t matrix = binfile_u32(e), constraint = binfile_u32(e + 4), signal = binfile_u32(e + 8);
        fr_t value;
        if (matrix > 1 || constraint >= z->domain_size || signal >= z->n_vars ||
            !fr_from_bytes_le(&value, e + 12))
            return zks_fail(err, err_len, "zkey: coefficient %u out of range (matrix %u, constraint %u, signal %u)", i,
                        matrix, constraint, signal);
    }
    return true;
}

bool zkey_parse(zkey_t *z, const uint8_t *buf, size_t len, char *err, size_t err_len)
{
    memset(z, 0, sizeof *z);
    binfile_view_t v;
    if (!binfile_parse(&v, buf, len, "zkey", 1, err, err_len))
        return false;
    const uint8_t *p = NULL;
    if (!section_sized(&v, ZK_HEADER, "header", 4, &p, err, err_len))
        return false;
    if (binfile_u32(p) != 1)
        return zks_fail(err, err_len, "zkey: protocol %u is not groth16", binfile_u32(p));
    if (!section_sized(&v, ZK_GROTH, "groth16 header", ZKEY_GROTH_HEADER_BYTES, &p, err, err_len))
        return false;
    if (!binfile_prime_is(p, 36, FQ_MODULUS.p) || !binfile_prime_is(p + 36, 36, FR_MODULUS.p))
        return zks_fail(err, err_len, "zkey: curve is not BN254 (q or r differ)");
    p += 72;
    z->n_vars = binfile_u32(p);
    z->n_public = binfile_u32(p + 4);
    z->domain_size = binfile_u32(p + 8);
    p += 12;
    if (z->domain_size == 0 || (z->domain_size & (z->domain_size - 1)) != 0 ||
        z->domain_size > (1u << FR_TWO_ADICITY))
        return zks_fail(err, err_len, "zkey: domain size %u is not a power of two up to 2^28", z->domain_size);
    while ((1u << z->log_domain) < z->domain_size)
        z->log_domain++;
    if (z->n_vars == 0 || z->n_public >= z->n_vars || (uint64_t)z->n_public + 1 > z->domain_size)
        return zks_fail(err, err_len, "zkey: inconsistent sizes (%u vars, %u public, domain %u)", z->n_vars, z->n_public,
                    z->domain_size);
    memcpy(&z->alpha1, p, ZKEY_G1_BYTES);
    memcpy(&z->beta1, p + 64, ZKEY_G1_BYTES);
    memcpy(&z->beta2, p + 128, ZKEY_G2_BYTES);
    memcpy(&z->gamma2, p + 256, ZKEY_G2_BYTES);
    memcpy(&z->delta1, p + 384, ZKEY_G1_BYTES);
    memcpy(&z->delta2, p + 448, ZKEY_G2_BYTES);
    if (!g1_ok(&z->alpha1) || !g1_ok(&z->beta1) || !g1_ok(&z->delta1))
        return zks_fail(err, err_len, "zkey: a header G1 point is not on the curve");
    if (!g2_ok(&z->beta2) || !g2_ok(&z->gamma2) || !g2_ok(&z->delta2))
        return zks_fail(err, err_len, "zkey: a header G2 point is not in the G2 subgroup");

    const binfile_section_t *cs = binfile_require(&v, ZK_COEFS, "coefficients", err, err_len);
    if (!cs)
        return false;
    if (cs->size < 4)
        return zks_fail(err, err_len, "zkey: coefficient section too short");
    z->n_coefs = binfile_u32(cs->data);
    z->coefs = cs->data + 4;
    uint64_t n_vars = z->n_vars, n_priv = (uint64_t)z->n_vars - z->n_public - 1;
    if (!section_sized(&v, ZK_COEFS, "coefficients", 4 + (uint64_t)z->n_coefs * ZKEY_COEF_BYTES, &p, err, err_len) ||
        !section_sized(&v, ZK_IC, "IC", ((uint64_t)z->n_public + 1) * ZKEY_G1_BYTES, &z->ic, err, err_len) ||
        !section_sized(&v, ZK_A, "A", n_vars * ZKEY_G1_BYTES, &z->a, err, err_len) ||
        !section_sized(&v, ZK_B1, "B1", n_vars * ZKEY_G1_BYTES, &z->b1, err, err_len) ||
        !section_sized(&v, ZK_B2, "B2", n_vars * ZKEY_G2_BYTES, &z->b2, err, err_len) ||
        !section_sized(&v, ZK_C, "C", n_priv * ZKEY_G1_BYTES, &z->c, err, err_len) ||
        !section_sized(&v, ZK_H, "H", (uint64_t)z->domain_size * ZKEY_G1_BYTES, &z->h, err, err_len))
        return false;
    if (!binfile_require(&v, ZK_CONTRIB, "contributions", err, err_len))
        return false;
    return check_coefs(z, err, err_len);
}

bool zkey_open(zkey_t *z, const char *path, char *err, size_t err_len)
{
    void *map;
    size_t len;
    memset(z, 0, sizeof *z);
    if (!binfile_map(path, &map, &len, err, err_len))
        return false;
    if (!zkey_parse(z, map, len, err, err_len)) {
        binfile_unmap(map, len);
        memset(z, 0, sizeof *z);
        return false;
    }
    z->map = map;
    z->map_len = len;
    return true;
}

void zkey_close(zkey_t *z)
{
    if (z->map)
        binfile_unmap(z->map, z->map_len);
    memset(z, 0, sizeof *z);
}
