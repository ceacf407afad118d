/*
 * Fuzz target for the .r1cs, .wtns and .zkey parsers.
 *
 * LLVMFuzzerTestOneInput: the first byte picks the parser, the rest is the
 * file image (build with clang -fsanitize=fuzzer,address -DZKS_LIBFUZZER).
 * Without libFuzzer, main() is a self-contained driver: it makes valid
 * files (a small circuit, its witness, a development key), checks they
 * parse, then feeds a few thousand mutants of each (bit flips, truncations,
 * random 32/64-bit counts written over the headers, spliced sections) and
 * fails only if a parser crashes (the sanitizer build turns memory errors
 * into crashes) or accepts a truncated file.
 */
#include "snark/r1cs_file.h"
#include "snark/setup.h"
#include "snark/wtns_file.h"
#include "snark/zkey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool parse_one(int kind, const uint8_t *b, size_t n)
{
    char err[256];
    switch (kind) {
    case 0: {
        r1cs_t cs;
        bool ok = r1cs_parse(&cs, b, n, err, sizeof err);
        r1cs_free(&cs);
        return ok;
    }
    case 1: {
        fr_t *w;
        uint32_t cnt;
        bool ok = wtns_parse(&w, &cnt, 0, b, n, err, sizeof err);
        free(w);
        return ok;
    }
    default: {
        zkey_t z;
        return zkey_parse(&z, b, n, err, sizeof err);
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* a private copy: parsers must not depend on the buffer outliving the call */
    uint8_t *copy = malloc(size - 1 ? size - 1 : 1);
    memcpy(copy, data + 1, size - 1);
    parse_one(data[0] % 3, copy, size - 1);
    free(copy);
    return 0;
}

#ifndef ZKS_LIBFUZZER

static uint64_t rng(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* a * b = c chains over 20 wires: enough structure for every section to be non-trivial */
static void seed_circuit(r1cs_t *cs, fr_t **w)
{
    const uint32_t n = 16;
    memset(cs, 0, sizeof *cs);
    cs->n_wires = n + 4;
    cs->n_pub_in = 2;
    cs->n_prv_in = 1;
    cs->n_labels = cs->n_wires;
    cs->n_constraints = n;
    cs->terms = malloc(3 * n * sizeof(r1cs_term_t));
    cs->term_offset = malloc((3 * n + 1) * sizeof(uint64_t));
    *w = malloc(cs->n_wires * sizeof(fr_t));
    for (uint32_t i = 0; i < 4; i++)
        fr_from_u64(&(*w)[i], i + 1);
    fr_set_one(&(*w)[0]);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t a = 1 + k % 3, b = k + 3, c = k + 4;
        cs->terms[3 * k] = (r1cs_term_t){.wire = a};
        cs->terms[3 * k + 1] = (r1cs_term_t){.wire = b};
        cs->terms[3 * k + 2] = (r1cs_term_t){.wire = c};
        for (int m = 0; m < 3; m++) {
            fr_set_one(&cs->terms[3 * k + (uint32_t)m].coef);
            cs->term_offset[3 * k + (uint32_t)m] = 3 * k + (uint32_t)m;
        }
        fr_mul(&(*w)[c], &(*w)[a], &(*w)[b]);
    }
    cs->term_offset[3 * n] = 3 * n;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(*len + 1);
    if (fread(b, 1, *len, f) != *len) {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

static void mutate(uint8_t *b, size_t *n, uint64_t *s)
{
    size_t len = *n;
    switch (rng(s) % 6) {
    case 0: /* flip bits */
        for (int i = 0, k = 1 + (int)(rng(s) % 4); i < k; i++)
            b[rng(s) % len] ^= (uint8_t)(1u << (rng(s) % 8));
        break;
    case 1: /* truncate */
        *n = rng(s) % len;
        break;
    case 2: { /* a hostile 32-bit count in the first 1 KiB (section tables and headers) */
        static const uint32_t evil[] = {0, 1, 0x7fffffff, 0xffffffff, 0x10000, 0x80000000};
        size_t at = rng(s) % (len < 1024 ? len - 3 : 1021);
        uint32_t v = rng(s) & 1 ? evil[rng(s) % 6] : (uint32_t)rng(s);
        memcpy(b + at, &v, 4);
        break;
    }
    case 3: { /* a hostile 64-bit section length */
        size_t at = rng(s) % (len < 1024 ? len - 7 : 1017);
        uint64_t v = rng(s) & 1 ? UINT64_MAX - (rng(s) % 64) : rng(s) % (2 * len);
        memcpy(b + at, &v, 8);
        break;
    }
    case 4: /* random bytes over a 32-byte field element */
        for (size_t i = 0, at = rng(s) % len; i < 32 && at + i < len; i++)
            b[at + i] = (uint8_t)rng(s);
        break;
    default: { /* move a block (section reorder / overlap) */
        size_t from = rng(s) % len, to = rng(s) % len, k = rng(s) % 256;
        if (from + k > len)
            k = len - from;
        if (to + k > len)
            k = len - to;
        memmove(b + to, b + from, k);
        break;
    }
    }
}

int main(int argc, char **argv)
{
    unsigned iterations = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 3000;
    char dir[] = "/tmp/zks-fuzz-XXXXXX", paths[3][128], err[256];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 3;
    }
    static const char *names[3] = {"c.r1cs", "c.wtns", "c.zkey"};
    for (int i = 0; i < 3; i++)
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
    r1cs_t cs;
    fr_t *w;
    seed_circuit(&cs, &w);
    bool made = r1cs_write(&cs, paths[0], err, sizeof err) && wtns_write(w, cs.n_wires, paths[1], err, sizeof err) &&
                groth16_dev_setup(&cs, paths[2], NULL, 1, err, sizeof err);
    r1cs_free(&cs);
    free(w);
    if (!made) {
        fprintf(stderr, "fuzz: cannot make seed files: %s\n", err);
        return 3;
    }
    int failures = 0;
    uint64_t s = 0x1234;
    for (int kind = 0; kind < 3; kind++) {
        size_t len;
        uint8_t *seed = slurp(paths[kind], &len);
        unlink(paths[kind]);
        if (!seed || !parse_one(kind, seed, len)) {
            fprintf(stderr, "fuzz: seed %s does not parse\n", names[kind]);
            free(seed);
            return 1;
        }
        uint8_t *buf = malloc(len + 1);
        unsigned accepted = 0;
        for (unsigned it = 0; it < iterations; it++) {
            size_t n = len;
            memcpy(buf, seed, len);
            for (int k = 0, rounds = 1 + (int)(rng(&s) % 3); k < rounds && n > 8; k++)
                mutate(buf, &n, &s);
            /* exact-size heap copy so ASan sees any read past the end */
            uint8_t *exact = malloc(n ? n : 1);
            memcpy(exact, buf, n);
            bool ok = parse_one(kind, exact, n);
            free(exact);
            accepted += ok;
            if (ok && n < len) {
                fprintf(stderr, "fuzz: %s truncated to %zu of %zu bytes was accepted\n", names[kind], n, len);
                failures++;
            }
        }
        printf("%s: %u mutants, %u still valid (bit flips in values that stay in range)\n", names[kind], iterations,
               accepted);
        free(buf);
        free(seed);
    }
    rmdir(dir);
    return failures ? 1 : 0;
}

#endif
