#include "snark/zkey_write.h"

#include "snark/binfile.h"

#include <stdio.h>

void zkey_coef_encode(uint8_t out[32], const fr_t *coef)
{
    /* Montgomery limbs of c are c*R; one more Montgomery product with R^2 gives c*R^2. */
    uint64_t limbs[4];
    mont4_mul(limbs, coef->limb, FR_MODULUS.r2, &FR_MODULUS);
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 8; b++)
            out[8 * i + b] = (uint8_t)(limbs[i] >> (8 * b));
}

void zkey_coef_decode(fr_t *coef, const uint8_t in[32])
{
    uint64_t limbs[4];
    for (int i = 0; i < 4; i++)
        limbs[i] = binfile_u64(in + 8 * i);
    mont4_from_mont(coef->limb, limbs, &FR_MODULUS);
}

static void write_coef(binfile_writer_t *w, uint32_t matrix, uint32_t constraint, uint32_t signal, const fr_t *v)
{
    uint8_t b[32];
    binfile_write_u32(w, matrix);
    binfile_write_u32(w, constraint);
    binfile_write_u32(w, signal);
    zkey_coef_encode(b, v);
    binfile_write(w, b, 32);
}

static void section(binfile_writer_t *w, uint32_t type, const void *data, size_t len)
{
    binfile_begin_section(w, type);
    binfile_write(w, data, len);
    binfile_end_section(w);
}

bool zkey_write(const zkey_contents_t *k, const char *path, char *err, size_t err_len)
{
    const r1cs_t *cs = k->cs;
    uint32_t n_public = r1cs_n_public(cs);
    uint64_t n_coefs = (uint64_t)n_public + 1;
    for (uint32_t c = 0; c < cs->n_constraints; c++)
        n_coefs += cs->term_offset[3 * (uint64_t)c + 2] - cs->term_offset[3 * (uint64_t)c];
    if (n_coefs > UINT32_MAX) {
        snprintf(err, err_len, "zkey: %llu coefficients do not fit the format", (unsigned long long)n_coefs);
        return false;
    }
    binfile_writer_t w;
    binfile_create(&w, path, "zkey", 1, 10);

    binfile_begin_section(&w, 1);
    binfile_write_u32(&w, 1); /* groth16 */
    binfile_end_section(&w);

    binfile_begin_section(&w, 2);
    binfile_write_prime(&w, FQ_MODULUS.p);
    binfile_write_prime(&w, FR_MODULUS.p);
    binfile_write_u32(&w, cs->n_wires);
    binfile_write_u32(&w, n_public);
    binfile_write_u32(&w, k->domain_size);
    /* points are stored as Montgomery limbs, exactly our in-memory layout */
    binfile_write(&w, &k->alpha1, ZKEY_G1_BYTES);
    binfile_write(&w, &k->beta1, ZKEY_G1_BYTES);
    binfile_write(&w, &k->beta2, ZKEY_G2_BYTES);
    binfile_write(&w, &k->gamma2, ZKEY_G2_BYTES);
    binfile_write(&w, &k->delta1, ZKEY_G1_BYTES);
    binfile_write(&w, &k->delta2, ZKEY_G2_BYTES);
    binfile_end_section(&w);

    section(&w, 3, k->ic, ((size_t)n_public + 1) * ZKEY_G1_BYTES);

    binfile_begin_section(&w, 4);
    binfile_write_u32(&w, (uint32_t)n_coefs);
    for (uint32_t c = 0; c < cs->n_constraints; c++) {
        for (int m = R1CS_A; m <= R1CS_B; m++) {
            size_t n;
            const r1cs_term_t *t = r1cs_lc(cs, c, m, &n);
            for (size_t i = 0; i < n; i++)
                write_coef(&w, (uint32_t)m, c, t[i].wire, &t[i].coef);
        }
    }
    fr_t one;
    fr_set_one(&one);
    for (uint32_t s = 0; s <= n_public; s++)
        write_coef(&w, 0, cs->n_constraints + s, s, &one);
    binfile_end_section(&w);

    section(&w, 5, k->a, (size_t)cs->n_wires * ZKEY_G1_BYTES);
    section(&w, 6, k->b1, (size_t)cs->n_wires * ZKEY_G1_BYTES);
    section(&w, 7, k->b2, (size_t)cs->n_wires * ZKEY_G2_BYTES);
    section(&w, 8, k->c, ((size_t)cs->n_wires - n_public - 1) * ZKEY_G1_BYTES);
    section(&w, 9, k->h, (size_t)k->domain_size * ZKEY_G1_BYTES);

    /* contributions: snarkjs's 64-byte circuit hash (unknown here: no ceremony) and zero contributions */
    static const uint8_t no_hash[64];
    binfile_begin_section(&w, 10);
    binfile_write(&w, no_hash, sizeof no_hash);
    binfile_write_u32(&w, 0);
    binfile_end_section(&w);
    return binfile_finish(&w, path, err, err_len);
}
