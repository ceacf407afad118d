#include "r1cs_file.h"

#include "snark/binfile.h"
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { R1CS_SEC_HEADER = 1, R1CS_SEC_CONSTRAINTS = 2, R1CS_SEC_WIRE2LABEL = 3, R1CS_SEC_CUSTOM_GATES = 4,
       R1CS_SEC_CUSTOM_USES = 5 };

#define R1CS_HEADER_BYTES (4 + 32 + 4 * 4 + 8 + 4)

/* One pass over the constraint section: validates and, when cs->terms is set, fills. */
static bool walk_constraints(r1cs_t *cs, const binfile_section_t *s, uint64_t *n_terms_out, char *err,
                             size_t err_len)
{
    const uint8_t *p = s->data;
    uint64_t left = s->size, n_terms = 0;
    for (uint32_t k = 0; k < cs->n_constraints; k++) {
        for (int m = 0; m < 3; m++) {
            if (cs->term_offset)
                cs->term_offset[3 * (uint64_t)k + (uint64_t)m] = n_terms;
            if (left < 4)
                return zks_fail(err, err_len, "r1cs: constraint section truncated at constraint %u", k);
            uint32_t n = binfile_u32(p);
            p += 4;
            left -= 4;
            if ((uint64_t)n * 36 > left)
                return zks_fail(err, err_len, "r1cs: constraint %u claims %u terms beyond the section end", k, n);
            for (uint32_t i = 0; i < n; i++, p += 36, left -= 36, n_terms++) {
                uint32_t wire = binfile_u32(p);
                if (wire >= cs->n_wires)
                    return zks_fail(err, err_len, "r1cs: constraint %u uses wire %u of %u", k, wire, cs->n_wires);
                if (cs->terms) {
                    r1cs_term_t *t = &cs->terms[n_terms];
                    t->wire = wire;
                    if (!fr_from_bytes_le(&t->coef, p + 4))
                        return zks_fail(err, err_len, "r1cs: constraint %u has a coefficient >= r", k);
                }
            }
        }
    }
    if (left != 0)
        return zks_fail(err, err_len, "r1cs: %llu unexplained bytes after the last constraint", (unsigned long long)left);
    if (cs->term_offset)
        cs->term_offset[3 * (uint64_t)cs->n_constraints] = n_terms;
    *n_terms_out = n_terms;
    return true;
}

bool r1cs_parse(r1cs_t *cs, const uint8_t *buf, size_t len, char *err, size_t err_len)
{
    memset(cs, 0, sizeof *cs);
    binfile_view_t v;
    if (!binfile_parse(&v, buf, len, "r1cs", 1, err, err_len))
        return false;
    const binfile_section_t *h = binfile_require(&v, R1CS_SEC_HEADER, "r1cs header", err, err_len);
    const binfile_section_t *c = binfile_require(&v, R1CS_SEC_CONSTRAINTS, "r1cs constraints", err, err_len);
    if (!h || !c)
        return false;
    if (v.section[R1CS_SEC_CUSTOM_GATES].present || v.section[R1CS_SEC_CUSTOM_USES].present)
        return zks_fail(err, err_len, "r1cs: custom gates are not supported by Groth16");
    if (h->size != R1CS_HEADER_BYTES)
        return zks_fail(err, err_len, "r1cs: header section is %llu bytes, expected %d", (unsigned long long)h->size,
                    R1CS_HEADER_BYTES);
    if (!binfile_prime_is(h->data, (size_t)h->size, FR_MODULUS.p))
        return zks_fail(err, err_len, "r1cs: field is not the BN254 scalar field");
    const uint8_t *p = h->data + 36;
    cs->n_wires = binfile_u32(p);
    cs->n_pub_out = binfile_u32(p + 4);
    cs->n_pub_in = binfile_u32(p + 8);
    cs->n_prv_in = binfile_u32(p + 12);
    cs->n_labels = binfile_u64(p + 16);
    cs->n_constraints = binfile_u32(p + 24);
    if (cs->n_wires == 0 ||
        (uint64_t)cs->n_pub_out + cs->n_pub_in + cs->n_prv_in >= (uint64_t)cs->n_wires)
        return zks_fail(err, err_len, "r1cs: inconsistent wire counts (%u wires, %u+%u+%u inputs/outputs)", cs->n_wires,
                    cs->n_pub_out, cs->n_pub_in, cs->n_prv_in);
    /* Each constraint takes at least 12 bytes, which bounds the allocation below by the file size. */
    if ((uint64_t)cs->n_constraints * 12 > c->size)
        return zks_fail(err, err_len, "r1cs: %u constraints cannot fit in %llu bytes", cs->n_constraints,
                    (unsigned long long)c->size);
    const binfile_section_t *labels = &v.section[R1CS_SEC_WIRE2LABEL];
    if (labels->present && labels->size != 8 * (uint64_t)cs->n_wires)
        return zks_fail(err, err_len, "r1cs: wire-to-label section is %llu bytes for %u wires",
                    (unsigned long long)labels->size, cs->n_wires);

    uint64_t n_terms = 0;
    if (!walk_constraints(cs, c, &n_terms, err, err_len))
        return false;
    cs->terms = malloc(sizeof(r1cs_term_t) * (n_terms ? n_terms : 1));
    cs->term_offset = malloc(sizeof(uint64_t) * (3 * (uint64_t)cs->n_constraints + 1));
    if (!cs->terms || !cs->term_offset) {
        r1cs_free(cs);
        return zks_fail(err, err_len, "r1cs: out of memory for %llu terms", (unsigned long long)n_terms);
    }
    if (!walk_constraints(cs, c, &n_terms, err, err_len)) {
        r1cs_free(cs);
        return false;
    }
    return true;
}

bool r1cs_read(r1cs_t *cs, const char *path, char *err, size_t err_len)
{
    void *map;
    size_t len;
    memset(cs, 0, sizeof *cs);
    if (!binfile_map(path, &map, &len, err, err_len))
        return false;
    bool ok = r1cs_parse(cs, map, len, err, err_len);
    binfile_unmap(map, len);
    return ok;
}

bool r1cs_write(const r1cs_t *cs, const char *path, char *err, size_t err_len)
{
    binfile_writer_t w;
    binfile_create(&w, path, "r1cs", 1, 3);

    binfile_begin_section(&w, R1CS_SEC_HEADER);
    binfile_write_prime(&w, FR_MODULUS.p);
    binfile_write_u32(&w, cs->n_wires);
    binfile_write_u32(&w, cs->n_pub_out);
    binfile_write_u32(&w, cs->n_pub_in);
    binfile_write_u32(&w, cs->n_prv_in);
    binfile_write_u64(&w, cs->n_labels > cs->n_wires ? cs->n_labels : cs->n_wires);
    binfile_write_u32(&w, cs->n_constraints);
    binfile_end_section(&w);

    binfile_begin_section(&w, R1CS_SEC_CONSTRAINTS);
    for (uint32_t k = 0; k < cs->n_constraints; k++) {
        for (int m = 0; m < 3; m++) {
            size_t n;
            const r1cs_term_t *t = r1cs_lc(cs, k, m, &n);
            binfile_write_u32(&w, (uint32_t)n);
            for (size_t i = 0; i < n; i++) {
                uint8_t coef[32];
                binfile_write_u32(&w, t[i].wire);
                fr_to_bytes_le(coef, &t[i].coef);
                binfile_write(&w, coef, 32);
            }
        }
    }
    binfile_end_section(&w);

    binfile_begin_section(&w, R1CS_SEC_WIRE2LABEL);
    for (uint32_t i = 0; i < cs->n_wires; i++)
        binfile_write_u64(&w, i);
    binfile_end_section(&w);
    return binfile_finish(&w, path, err, err_len);
}
