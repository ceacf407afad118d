/*
 * .r1cs / .wtns / .zkey readers and writers, the development setup and the
 * (batch) verifier, in process:
 *  - a hand-written circuit (x^3 + x + 5 = y) written and read back term for term;
 *    values checked against numbers computed here by hand, not by the code under test
 *  - every truncation and a bit flip in every header byte of each file: refused, no crash
 *  - a wtns of another circuit (wrong count) and a wrong prime: refused
 *  - dev setup -> zkey_open validates; header counts and section sizes as the format implies
 *  - groth16_prove on the key: single and batch verification accept; a changed input,
 *    a swapped proof or a proof of another key make them reject
 */
#include "check.h"

#include "snark/groth16_verify.h"
#include "snark/r1cs_file.h"
#include "snark/setup.h"
#include "snark/wtns_file.h"
#include "snark/zkey.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

CHECK_MAIN_STATE

/* y = x^3 + x + 5 with wires: 0 one, 1 y (public output), 2 x (private), 3 x^2, 4 x^3 */
static void cubic(r1cs_t *cs)
{
    static const struct {
        int m;
        uint32_t wire;
        int64_t coef;
    } t[] = {
        {0, 2, 1}, {1, 2, 1}, {2, 3, 1},                       /* x * x = x2 */
        {0, 3, 1}, {1, 2, 1}, {2, 4, 1},                       /* x2 * x = x3 */
        {0, 4, 1}, {0, 2, 1}, {0, 0, 5}, {1, 0, 1}, {2, 1, 1}, /* (x3 + x + 5) * 1 = y */
    };
    static const uint64_t offsets[] = {0, 1, 2, 3, 4, 5, 6, 9, 10, 11};
    memset(cs, 0, sizeof *cs);
    cs->n_wires = 5;
    cs->n_pub_out = 1;
    cs->n_prv_in = 1;
    cs->n_labels = 5;
    cs->n_constraints = 3;
    cs->terms = malloc(sizeof t / sizeof t[0] * sizeof(r1cs_term_t));
    cs->term_offset = malloc(sizeof offsets);
    memcpy(cs->term_offset, offsets, sizeof offsets);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        cs->terms[i].wire = t[i].wire;
        fr_from_u64(&cs->terms[i].coef, (uint64_t)t[i].coef);
    }
}

static void cubic_witness(fr_t w[5], uint64_t x)
{
    fr_from_u64(&w[0], 1);
    fr_from_u64(&w[1], x * x * x + x + 5);
    fr_from_u64(&w[2], x);
    fr_from_u64(&w[3], x * x);
    fr_from_u64(&w[4], x * x * x);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(*len);
    if (fread(b, 1, *len, f) != *len) {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

typedef bool (*parse_fn)(const uint8_t *buf, size_t len);

static bool parse_r1cs(const uint8_t *b, size_t n)
{
    r1cs_t cs;
    char err[256];
    bool ok = r1cs_parse(&cs, b, n, err, sizeof err);
    r1cs_free(&cs);
    return ok;
}

static bool parse_wtns(const uint8_t *b, size_t n)
{
    fr_t *w;
    uint32_t cnt;
    char err[256];
    bool ok = wtns_parse(&w, &cnt, 0, b, n, err, sizeof err);
    free(w);
    return ok;
}

static bool parse_zkey(const uint8_t *b, size_t n)
{
    zkey_t z;
    char err[256];
    return zkey_parse(&z, b, n, err, sizeof err);
}

/* Every strict prefix is refused; flipping any of the first `header` bytes never crashes. */
static void damage(const char *what, const uint8_t *buf, size_t len, parse_fn parse, size_t header)
{
    CHECK_MSG(parse(buf, len), "%s: intact file accepted", what);
    size_t step = len > 4096 ? len / 1024 : 1;
    for (size_t n = 0; n < len; n += step) {
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, buf, n);
        CHECK_MSG(!parse(copy, n), "%s: truncated to %zu of %zu bytes accepted", what, n, len);
        free(copy);
    }
    uint8_t *copy = malloc(len);
    for (size_t i = 0; i < header && i < len; i++) {
        memcpy(copy, buf, len);
        copy[i] ^= 0x40;
        (void)parse(copy, len);
    }
    free(copy);
}

int main(void)
{
    char dir[] = "/tmp/zks-test-snark-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char r1cs_path[128], wtns_path[128], zkey_path[128], zkey2_path[128];
    snprintf(r1cs_path, sizeof r1cs_path, "%s/c.r1cs", dir);
    snprintf(wtns_path, sizeof wtns_path, "%s/c.wtns", dir);
    snprintf(zkey_path, sizeof zkey_path, "%s/c.zkey", dir);
    snprintf(zkey2_path, sizeof zkey2_path, "%s/other.zkey", dir);
    char err[256];

    r1cs_t cs, back;
    cubic(&cs);
    fr_t w[5];
    cubic_witness(w, 3);
    uint32_t bad = 99;
    CHECK(r1cs_is_satisfied(&cs, w, &bad));
    fr_from_u64(&w[1], 36); /* 3^3 + 3 + 5 = 35 */
    CHECK(!r1cs_is_satisfied(&cs, w, &bad) && bad == 2);
    cubic_witness(w, 3);

    CHECK(r1cs_write(&cs, r1cs_path, err, sizeof err));
    CHECK_MSG(r1cs_read(&back, r1cs_path, err, sizeof err), "%s", err);
    CHECK(back.n_wires == 5 && back.n_pub_out == 1 && back.n_pub_in == 0 && back.n_prv_in == 1 &&
          back.n_constraints == 3 && back.term_offset[9] == 11);
    for (size_t i = 0; i < 11 && back.terms; i++)
        CHECK(back.terms[i].wire == cs.terms[i].wire && fr_eq(&back.terms[i].coef, &cs.terms[i].coef));
    r1cs_free(&back);

    /* the file bytes as the format fixes them: magic, version, 3 sections, header n8 = 32 */
    size_t len;
    uint8_t *file = slurp(r1cs_path, &len);
    CHECK(file && memcmp(file, "r1cs\1\0\0\0\3\0\0\0\1\0\0\0", 16) == 0 && file[24] == 32);
    if (file) {
        damage("r1cs", file, len, parse_r1cs, 200);
        /* r + 1 as the field prime: another curve */
        uint8_t *copy = malloc(len);
        memcpy(copy, file, len);
        copy[28] ^= 1;
        CHECK(!parse_r1cs(copy, len));
        free(copy);
    }
    free(file);

    CHECK(wtns_write(w, 5, wtns_path, err, sizeof err));
    fr_t *wb;
    uint32_t nw;
    CHECK_MSG(wtns_read(&wb, &nw, 5, wtns_path, err, sizeof err), "%s", err);
    CHECK(nw == 5);
    for (uint32_t i = 0; i < 5 && wb; i++)
        CHECK(fr_eq(&wb[i], &w[i]));
    free(wb);
    CHECK(!wtns_read(&wb, &nw, 6, wtns_path, err, sizeof err) && strstr(err, "another circuit"));
    file = slurp(wtns_path, &len);
    if (file) {
        CHECK(len == 12 + 12 + 40 + 12 + 5 * 32);
        CHECK(file[64 + 12] == 1); /* value 0 is 1, canonical little-endian */
        CHECK(file[64 + 12 + 32 * 3] == 9); /* x^2 = 9 */
        damage("wtns", file, len, parse_wtns, 76);
    }
    free(file);

    /* setup, then the key as zkey_open sees it */
    groth16_vkey_t vk, vk2;
    CHECK_MSG(groth16_dev_setup(&cs, zkey_path, &vk, 1, err, sizeof err), "%s", err);
    CHECK_MSG(groth16_dev_setup(&cs, zkey2_path, &vk2, 1, err, sizeof err), "%s", err);
    zkey_t z;
    CHECK_MSG(zkey_open(&z, zkey_path, err, sizeof err), "%s", err);
    /* 3 constraints + 1 public + 1 -> domain 8 */
    CHECK(z.n_vars == 5 && z.n_public == 1 && z.domain_size == 8 && z.log_domain == 3);
    CHECK(z.n_coefs == 6 + 2 + 2); /* A and B terms, then one A entry per public signal and the constant */

    groth16_proof_t proofs[3];
    fr_t pubs[3];
    for (int i = 0; i < 3; i++) {
        cubic_witness(w, (uint64_t)i + 2);
        CHECK_MSG(groth16_prove(&z, w, &proofs[i], 1, err, sizeof err), "%s", err);
        pubs[i] = w[1];
        CHECK(groth16_verify(&vk, &pubs[i], &proofs[i]));
    }
    CHECK(groth16_verify_batch(&vk, pubs, proofs, 3));
    fr_t one, wrong;
    fr_set_one(&one);
    fr_add(&wrong, &pubs[1], &one);
    CHECK(!groth16_verify(&vk, &wrong, &proofs[1]));
    CHECK(!groth16_verify(&vk2, &pubs[0], &proofs[0]));
    fr_t swapped[3] = {pubs[1], pubs[0], pubs[2]};
    CHECK(!groth16_verify_batch(&vk, swapped, proofs, 3));
    groth16_proof_t tampered[3] = {proofs[0], proofs[1], proofs[2]};
    g1_affine_neg(&tampered[2].c, &tampered[2].c);
    CHECK(!groth16_verify_batch(&vk, pubs, tampered, 3));
    CHECK(!groth16_verify_batch(&vk2, pubs, proofs, 3));
    zkey_close(&z);

    file = slurp(zkey_path, &len);
    if (file) {
        damage("zkey", file, len, parse_zkey, 800);
        /* q + 1 as the base field: not BN254 */
        uint8_t *copy = malloc(len);
        memcpy(copy, file, len);
        uint8_t *groth = memmem(copy, len, "\2\0\0\0", 4); /* section 2's type after section 1 */
        if (groth) {
            groth[12 + 4] ^= 1;
            CHECK(!parse_zkey(copy, len));
        }
        free(copy);
    }
    free(file);

    groth16_vkey_free(&vk);
    groth16_vkey_free(&vk2);
    r1cs_free(&cs);
    unlink(r1cs_path);
    unlink(wtns_path);
    unlink(zkey_path);
    unlink(zkey2_path);
    rmdir(dir);
    return CHECK_EXIT();
}
