/*
 * A rank-1 constraint system in memory: the form that the circuit builder
 * (cs.h) produces and that setup, the .r1cs writer and the witness checker
 * consume.
 *
 * Wire numbering follows circom so that our files are circom files:
 *   0                        the constant 1
 *   1 .. n_pub_out           public outputs
 *   .. + n_pub_in            public inputs
 *   .. + n_prv_in            private inputs
 *   the rest                 internal wires
 * (public.json lists wires 1 .. n_pub_out + n_pub_in in order). The
 * settlement circuit has n_pub_out = 0 and its seven public values as inputs.
 *
 * Constraint k is  (sum A_k) * (sum B_k) = (sum C_k); its terms are stored
 * contiguously, A then B then C, located by term_offset[3k .. 3k+3].
 */
#ifndef ZKS_SNARK_R1CS_H
#define ZKS_SNARK_R1CS_H

#include "crypto/fr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t wire;
    fr_t coef; /* Montgomery form */
} r1cs_term_t;

typedef struct {
    uint32_t n_wires;       /* including the constant wire 0 */
    uint32_t n_pub_out;
    uint32_t n_pub_in;
    uint32_t n_prv_in;
    uint64_t n_labels;      /* circom label count; n_wires when labels are the identity */
    uint32_t n_constraints;
    r1cs_term_t *terms;
    uint64_t *term_offset;  /* 3 * n_constraints + 1 entries */
} r1cs_t;

enum { R1CS_A = 0, R1CS_B = 1, R1CS_C = 2 };

static inline uint32_t r1cs_n_public(const r1cs_t *cs) { return cs->n_pub_out + cs->n_pub_in; }

/* The terms of matrix m (R1CS_A/B/C) in constraint k. */
static inline const r1cs_term_t *r1cs_lc(const r1cs_t *cs, uint32_t k, int m, size_t *n_terms)
{
    uint64_t begin = cs->term_offset[3 * (uint64_t)k + (uint64_t)m];
    *n_terms = (size_t)(cs->term_offset[3 * (uint64_t)k + (uint64_t)m + 1] - begin);
    return cs->terms + begin;
}

void r1cs_free(r1cs_t *cs);

/*
 * Checks a full witness (n_wires values, w[0] == 1) against every constraint.
 * Returns true when all hold; otherwise false and *failed_constraint is the first that fails.
 */
bool r1cs_is_satisfied(const r1cs_t *cs, const fr_t *witness, uint32_t *failed_constraint);

#endif
