/*
 * Constraint-system builder: one synthesis function per circuit allocates
 * wires, computes their values and emits constraints A*B = C in the same
 * pass, so the witness generator and the matrices can never disagree.
 *
 * There is no separate "matrices only" code path. Every gadget computes its
 * hint values with total functions (an inverse of zero is zero, a square root
 * of a non-residue is zero), so synthesis over any assignment, valid or not,
 * runs the same code and allocates the same wires; setup simply synthesises
 * over a dummy assignment. Each constraint is also checked while it is
 * emitted, so the builder reports the first unsatisfied constraint of a bad
 * witness.
 *
 * The mode only decides what is recorded: CS_WITNESS_ONLY (proving) runs the
 * very same synthesis but does not store the matrices, which the prover takes
 * from the proving key anyway (about 100 MB saved at L = 64). Constraints are
 * still counted and checked in that mode.
 *
 * Wires follow circom numbering (see r1cs.h): 0 is the constant 1, public
 * inputs come next (cs_public), everything else after.
 *
 * Linear combinations are sorted by wire with no zero coefficients, so sums
 * merge in linear time and linear layers fold into LCs with no constraints.
 */
#ifndef ZKS_SNARK_CS_H
#define ZKS_SNARK_CS_H

#include "crypto/fr.h"
#include "snark/r1cs.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t n, cap;
    r1cs_term_t *t; /* sorted by wire, coefficients nonzero */
} cs_lc_t;

/*
 * Test-only hook: called for every wire as it is allocated, after its honest
 * value is computed; it may overwrite the value ("malicious prover"). Later
 * hints see the overwritten value, as they would in a cheating prover.
 */
typedef void (*cs_tamper_fn)(void *ctx, uint32_t wire, fr_t *value);

typedef enum {
    CS_WITNESS_AND_MATRICES = 0, /* setup, export, tests: everything */
    CS_WITNESS_ONLY,             /* proving: values and checks, no matrices */
} cs_mode_t;

typedef struct {
    /* witness: one value per wire */
    fr_t *w;
    uint32_t n_wires, cap_wires;
    uint32_t n_pub_in;
    bool private_started; /* public inputs must come first */

    cs_mode_t mode;

    /* constraints, in r1cs_t's layout (left empty in CS_WITNESS_ONLY) */
    r1cs_term_t *terms;
    uint64_t n_terms, cap_terms;
    uint64_t *term_offset;
    uint32_t n_constraints, cap_constraints;

    /* first unsatisfied constraint of this assignment */
    bool satisfied;
    uint32_t first_failed;
    const char *first_failed_why;

    bool oom; /* an allocation failed; everything after is skipped */
    bool misuse;  /* a public input was allocated after a private wire */

    cs_tamper_fn tamper;
    void *tamper_ctx;
} cs_t;

/* cs_init records everything; cs_init_mode picks what is recorded. */
void cs_init(cs_t *cs);
void cs_init_mode(cs_t *cs, cs_mode_t mode);
void cs_free(cs_t *cs);

/* A new public input wire (all of them before any other wire). */
uint32_t cs_public(cs_t *cs, const fr_t *value);
/* A new private wire holding value: a private input or a hint that constraints must pin. */
uint32_t cs_wire(cs_t *cs, const fr_t *value);
static inline const fr_t *cs_value(const cs_t *cs, uint32_t wire) { return &cs->w[wire]; }

/* Emits a*b = c (checked against the current values); why names it in failure reports. */
void cs_enforce(cs_t *cs, const cs_lc_t *a, const cs_lc_t *b, const cs_lc_t *c, const char *why);

/* Whether synthesis ran out of memory or was misused; the result is then unusable. */
static inline bool cs_ok(const cs_t *cs) { return !cs->oom && !cs->misuse; }

/* Hands the matrices to out (cs keeps the witness); false in CS_WITNESS_ONLY. */
bool cs_take_r1cs(cs_t *cs, r1cs_t *out);
/* Hands the witness array (n_wires values) to the caller, who frees it. */
fr_t *cs_take_witness(cs_t *cs, uint32_t *n_wires);

/* ---- linear combinations ---- */
void cs_lc_init(cs_lc_t *lc);
void cs_lc_free(cs_lc_t *lc);
void cs_lc_clear(cs_lc_t *lc);
/* lc += coef * wire */
void cs_lc_add_term(cs_t *cs, cs_lc_t *lc, uint32_t wire, const fr_t *coef);
/* lc += constant */
void cs_lc_add_const(cs_t *cs, cs_lc_t *lc, const fr_t *k);
/* lc += scale * src (scale NULL means 1); lc and src must differ */
void cs_lc_axpy(cs_t *cs, cs_lc_t *lc, const fr_t *scale, const cs_lc_t *src);
void cs_lc_scale(cs_lc_t *lc, const fr_t *s);
void cs_lc_copy(cs_t *cs, cs_lc_t *dst, const cs_lc_t *src);
void cs_lc_eval(const cs_t *cs, const cs_lc_t *lc, fr_t *out);

/* Convenience constructors (lc is overwritten). */
void cs_lc_set_wire(cs_t *cs, cs_lc_t *lc, uint32_t wire);
void cs_lc_set_const(cs_t *cs, cs_lc_t *lc, const fr_t *k);
void cs_lc_set_u64(cs_t *cs, cs_lc_t *lc, uint64_t k);

/* A new wire equal to lc (one constraint), for when an LC would otherwise be repeated too often. */
uint32_t cs_materialize(cs_t *cs, const cs_lc_t *lc, const char *why);
/* out = a*b as a new wire (one constraint). */
uint32_t cs_mul(cs_t *cs, const cs_lc_t *a, const cs_lc_t *b, const char *why);
/* Constrains lc == 0 (one constraint: lc * 1 = 0). */
void cs_assert_zero(cs_t *cs, const cs_lc_t *lc, const char *why);

#endif
