/*
 * zks-synth: writes a synthetic circuit and a witness that satisfies it.
 *   zks-synth --constraints N --r1cs out.r1cs --wtns out.wtns
 *             [--shape realistic|mulchain|wide|public] [--bits 0.7] [--public K] [--seed S]
 *             [--witness-seed S]   (the same circuit for the same --seed, other values)
 */
#include "synth_circuit.h"

#include "snark/r1cs_file.h"
#include "snark/wtns_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(FILE *f)
{
    fprintf(f, "usage: zks-synth --constraints N --r1cs OUT.r1cs --wtns OUT.wtns "
               "[--shape realistic|mulchain|wide|public] [--bits FRACTION] [--public K] [--seed S] [--witness-seed S]\n");
    return f == stdout ? 0 : 2;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s || *s == '-')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end)
        return false;
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    synth_params_t p = {.shape = SYNTH_REALISTIC, .bit_fraction = 0.7, .seed = 1};
    const char *r1cs_path = NULL, *wtns_path = NULL;
    bool witness_seed_set = false;
    uint64_t v;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return usage(stdout);
        if (!next) {
            fprintf(stderr, "zks-synth: %s needs a value\n", a);
            return 2;
        }
        i++;
        if (strcmp(a, "--constraints") == 0 && parse_u64(next, &v) && v <= UINT32_MAX)
            p.n_constraints = (uint32_t)v;
        else if (strcmp(a, "--r1cs") == 0)
            r1cs_path = next;
        else if (strcmp(a, "--wtns") == 0)
            wtns_path = next;
        else if (strcmp(a, "--shape") == 0 && synth_shape_from_name(next, &p.shape))
            ;
        else if (strcmp(a, "--bits") == 0) {
            char *end;
            p.bit_fraction = strtod(next, &end);
            if (*end || p.bit_fraction < 0 || p.bit_fraction > 1) {
                fprintf(stderr, "zks-synth: --bits wants a fraction in [0, 1]\n");
                return 2;
            }
        } else if (strcmp(a, "--public") == 0 && parse_u64(next, &v) && v >= 1 && v <= 1024)
            p.n_pub_in = (uint32_t)v;
        else if (strcmp(a, "--seed") == 0 && parse_u64(next, &v))
            p.seed = v;
        else if (strcmp(a, "--witness-seed") == 0 && parse_u64(next, &v)) {
            p.witness_seed = v;
            witness_seed_set = true;
        }
        else {
            fprintf(stderr, "zks-synth: bad argument %s %s\n", a, next);
            return 2;
        }
    }
    if (!p.n_constraints || !r1cs_path || !wtns_path)
        return usage(stderr);
    if (!witness_seed_set)
        p.witness_seed = p.seed;

    char err[256];
    r1cs_t cs;
    fr_t *w;
    if (!synth_build(&p, &cs, &w, err, sizeof err)) {
        fprintf(stderr, "zks-synth: %s\n", err);
        return 2;
    }
    uint32_t bad;
    if (!r1cs_is_satisfied(&cs, w, &bad)) {
        fprintf(stderr, "zks-synth: internal error: constraint %u not satisfied\n", bad);
        return 3;
    }
    int rc = 0;
    if (!r1cs_write(&cs, r1cs_path, err, sizeof err) || !wtns_write(w, cs.n_wires, wtns_path, err, sizeof err)) {
        fprintf(stderr, "zks-synth: %s\n", err);
        rc = 3;
    } else {
        printf("%u constraints, %u wires, %u public\n", cs.n_constraints, cs.n_wires, r1cs_n_public(&cs));
    }
    free(w);
    r1cs_free(&cs);
    return rc;
}
