#include "synth_circuit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64: reproducible test data from a seed (not a secret, so not libsodium) */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint32_t below(uint64_t *s, uint32_t n) { return (uint32_t)(next_u64(s) % n); }

static void random_fr(fr_t *r, uint64_t *s)
{
    uint8_t b[48];
    for (int i = 0; i < 6; i++) {
        uint64_t v = next_u64(s);
        memcpy(b + 8 * i, &v, 8);
    }
    fr_from_bytes_le_reduce(r, b, sizeof b);
}

typedef struct {
    r1cs_t *cs;
    fr_t *w;
    size_t terms_cap;
    uint64_t n_terms;
    uint32_t k;           /* constraint being written */
    int matrix;           /* matrix being written */
    uint32_t next_wire;   /* next internal wire */
    uint32_t *field_wires; /* wires holding full field elements, to pick operands from */
    uint32_t n_field;
    uint32_t *bit_wires;
    uint32_t n_bits;
    uint64_t vs; /* value stream, apart from the structure stream so witnesses vary alone */
    bool oom;
} builder_t;

static void begin_matrix(builder_t *b, int m)
{
    b->matrix = m;
    b->cs->term_offset[3 * (uint64_t)b->k + (uint64_t)m] = b->n_terms;
}

static void term(builder_t *b, uint32_t wire, const fr_t *coef)
{
    if (b->n_terms == b->terms_cap) {
        size_t cap = b->terms_cap ? 2 * b->terms_cap : 1024;
        r1cs_term_t *t = realloc(b->cs->terms, cap * sizeof *t);
        if (!t) {
            b->oom = true;
            return;
        }
        b->cs->terms = t;
        b->terms_cap = cap;
    }
    b->cs->terms[b->n_terms++] = (r1cs_term_t){.wire = wire, .coef = *coef};
}

static void term1(builder_t *b, uint32_t wire)
{
    fr_t one;
    fr_set_one(&one);
    term(b, wire, &one);
}

static void end_constraint(builder_t *b)
{
    b->k++;
}

/* z = x * y as a new wire (or into `out` when nonzero) */
static uint32_t mul(builder_t *b, uint32_t x, uint32_t y, uint32_t out)
{
    uint32_t z = out ? out : b->next_wire++;
    fr_mul(&b->w[z], &b->w[x], &b->w[y]);
    begin_matrix(b, R1CS_A);
    term1(b, x);
    begin_matrix(b, R1CS_B);
    term1(b, y);
    begin_matrix(b, R1CS_C);
    term1(b, z);
    end_constraint(b);
    b->field_wires[b->n_field++] = z;
    return z;
}

static void bit(builder_t *b)
{
    uint32_t v = b->next_wire++;
    fr_t one, minus_one;
    fr_set_one(&one);
    fr_neg(&minus_one, &one);
    if (next_u64(&b->vs) & 1)
        fr_set_one(&b->w[v]);
    else
        fr_set_zero(&b->w[v]);
    begin_matrix(b, R1CS_A);
    term1(b, v);
    begin_matrix(b, R1CS_B);
    term1(b, v);
    term(b, 0, &minus_one);
    begin_matrix(b, R1CS_C);
    end_constraint(b);
    b->bit_wires[b->n_bits++] = v;
}

/* z = sum 2^i b_i over up to 32 recent bits, as (sum) * 1 = z */
static void pack(builder_t *b)
{
    uint32_t z = b->next_wire++;
    uint32_t n = b->n_bits < 32 ? b->n_bits : 32;
    fr_t pow2, acc, t;
    fr_set_one(&pow2);
    fr_set_zero(&acc);
    begin_matrix(b, R1CS_A);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t wire = b->bit_wires[b->n_bits - 1 - i];
        term(b, wire, &pow2);
        fr_mul(&t, &pow2, &b->w[wire]);
        fr_add(&acc, &acc, &t);
        fr_dbl(&pow2, &pow2);
    }
    b->w[z] = acc;
    begin_matrix(b, R1CS_B);
    term1(b, 0);
    begin_matrix(b, R1CS_C);
    term1(b, z);
    end_constraint(b);
    b->field_wires[b->n_field++] = z;
}

/*
 * A random field wire not among the first n of chosen. circom never repeats a
 * wire within one linear combination, and snarkjs's r1cs reader keeps only
 * the last term of a repeated wire, so neither do we.
 */
static uint32_t distinct_field_wire(builder_t *b, uint64_t *s, uint32_t *chosen, int n)
{
    for (;;) {
        uint32_t wire = b->field_wires[below(s, b->n_field)];
        bool dup = false;
        for (int i = 0; i < n; i++)
            dup |= chosen[i] == wire;
        if (!dup) {
            chosen[n] = wire;
            return wire;
        }
    }
}

/* z = (sum of 8 random c_i w_i) * (sum of 4 random d_j w_j) */
static void wide(builder_t *b, uint64_t *s)
{
    uint32_t chosen[8];
    int na = b->n_field < 8 ? (int)b->n_field : 8, nb = b->n_field < 4 ? (int)b->n_field : 4;
    uint32_t z = b->next_wire++;
    fr_t va, vb, c, t;
    fr_set_zero(&va);
    fr_set_zero(&vb);
    begin_matrix(b, R1CS_A);
    for (int i = 0; i < na; i++) {
        uint32_t wire = distinct_field_wire(b, s, chosen, i);
        random_fr(&c, s);
        term(b, wire, &c);
        fr_mul(&t, &c, &b->w[wire]);
        fr_add(&va, &va, &t);
    }
    begin_matrix(b, R1CS_B);
    for (int i = 0; i < nb; i++) {
        uint32_t wire = distinct_field_wire(b, s, chosen, i);
        random_fr(&c, s);
        term(b, wire, &c);
        fr_mul(&t, &c, &b->w[wire]);
        fr_add(&vb, &vb, &t);
    }
    fr_mul(&b->w[z], &va, &vb);
    begin_matrix(b, R1CS_C);
    term1(b, z);
    end_constraint(b);
    b->field_wires[b->n_field++] = z;
}

bool synth_shape_from_name(const char *name, synth_shape_t *out)
{
    static const struct {
        const char *name;
        synth_shape_t shape;
    } shapes[] = {{"realistic", SYNTH_REALISTIC}, {"mulchain", SYNTH_MULCHAIN}, {"wide", SYNTH_WIDE},
                  {"public", SYNTH_PUBLIC}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        if (strcmp(name, shapes[i].name) == 0) {
            *out = shapes[i].shape;
            return true;
        }
    return false;
}

bool synth_build(const synth_params_t *p, r1cs_t *cs, fr_t **witness, char *err, size_t err_len)
{
    uint32_t n_out = p->shape == SYNTH_PUBLIC ? 2 : 0;
    uint32_t n_in = p->n_pub_in ? p->n_pub_in : (p->shape == SYNTH_PUBLIC ? 64 : 2);
    uint32_t n_prv = 2;
    uint32_t inputs = n_in + n_prv;
    if (p->n_constraints < inputs + n_out + 1 || p->n_constraints > (1u << 27)) {
        snprintf(err, err_len, "need between %u and 2^27 constraints for this shape", inputs + n_out + 1);
        return false;
    }
    memset(cs, 0, sizeof *cs);
    cs->n_pub_out = n_out;
    cs->n_pub_in = n_in;
    cs->n_prv_in = n_prv;
    cs->n_constraints = p->n_constraints;
    /* every constraint but the output ones makes one internal wire */
    cs->n_wires = 1 + n_out + inputs + (p->n_constraints - n_out);
    cs->n_labels = cs->n_wires;

    builder_t b = {.cs = cs, .next_wire = 1 + n_out + inputs, .vs = p->witness_seed ^ 0x5eed5eed5eed5eedULL};
    uint64_t s = p->seed;
    b.w = calloc(cs->n_wires, sizeof(fr_t));
    b.field_wires = malloc(sizeof(uint32_t) * cs->n_wires);
    b.bit_wires = malloc(sizeof(uint32_t) * cs->n_wires);
    cs->term_offset = malloc(sizeof(uint64_t) * (3 * (uint64_t)cs->n_constraints + 1));
    if (!b.w || !b.field_wires || !b.bit_wires || !cs->term_offset) {
        b.oom = true;
        goto done;
    }
    fr_set_one(&b.w[0]);
    for (uint32_t i = 0; i < inputs; i++) {
        uint32_t wire = 1 + n_out + i;
        random_fr(&b.w[wire], &b.vs);
        b.field_wires[b.n_field++] = wire;
    }
    /* tie every input into a constraint so no public wire is free */
    for (uint32_t i = 0; i < inputs; i++)
        mul(&b, 1 + n_out + i, 1 + n_out + (i + 1) % inputs, 0);

    uint32_t body = p->n_constraints - n_out;
    while (b.k < body && !b.oom) {
        switch (p->shape) {
        case SYNTH_MULCHAIN:
            mul(&b, b.field_wires[b.n_field - 1], b.field_wires[below(&s, b.n_field)], 0);
            break;
        case SYNTH_WIDE:
            wide(&b, &s);
            break;
        case SYNTH_REALISTIC:
        case SYNTH_PUBLIC:
            if ((double)(next_u64(&s) >> 11) * 0x1.0p-53 < p->bit_fraction)
                bit(&b);
            else if (b.n_bits > 0 && (next_u64(&s) & 1))
                pack(&b);
            else
                mul(&b, b.field_wires[below(&s, b.n_field)], b.field_wires[below(&s, b.n_field)], 0);
            break;
        }
    }
    for (uint32_t o = 0; o < n_out && !b.oom; o++)
        mul(&b, b.field_wires[b.n_field - 1], b.field_wires[below(&s, b.n_field)], 1 + o);
    if (!b.oom)
        cs->term_offset[3 * (uint64_t)cs->n_constraints] = b.n_terms;

done:
    free(b.field_wires);
    free(b.bit_wires);
    if (b.oom) {
        free(b.w);
        r1cs_free(cs);
        snprintf(err, err_len, "out of memory");
        return false;
    }
    *witness = b.w;
    return true;
}
