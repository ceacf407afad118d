/*
 * BabyJubJub inside the circuit: points as pairs of linear combinations,
 * complete twisted Edwards addition and doubling (a is a square and d is not,
 * so the formulas have no exceptional cases for points on the curve),
 * fixed-base multiplication with constant window tables, and variable-base
 * multiplication against a per-batch table of multiples of one point.
 */
#ifndef ZKS_CIRCUIT_GADGET_BABYJUB_H
#define ZKS_CIRCUIT_GADGET_BABYJUB_H

#include "crypto/babyjub.h"
#include "snark/cs.h"

typedef struct {
    cs_lc_t x, y;
} g_point_t;

void g_point_init(g_point_t *p);
void g_point_free(g_point_t *p);
void g_point_set_wires(cs_t *cs, g_point_t *p, uint32_t wx, uint32_t wy);
void g_point_set_const(cs_t *cs, g_point_t *p, const babyjub_point *k);
void g_point_copy(cs_t *cs, g_point_t *dst, const g_point_t *src);
void g_point_eval(const cs_t *cs, const g_point_t *p, babyjub_point *out);

/* a*x^2 + y^2 = 1 + d*x^2*y^2 (3 constraints). */
void g_bj_assert_on_curve(cs_t *cs, const g_point_t *p, const char *why);
/* out = p + q as new wires (6 constraints); out may not alias p or q. */
void g_bj_add(cs_t *cs, g_point_t *out, const g_point_t *p, const g_point_t *q, const char *why);
/* out = 2p (5 constraints; p must be on the curve). */
void g_bj_dbl(cs_t *cs, g_point_t *out, const g_point_t *p, const char *why);

/* out = b ? v1 : v0 as a new wire (one constraint; b boolean). */
uint32_t g_mux(cs_t *cs, uint32_t b, const cs_lc_t *v0, const cs_lc_t *v1, const char *why);

/*
 * Montgomery form (gadget_montgomery.c): points (u, v) stored in g_point_t's
 * x and y. g_mont_add is INCOMPLETE: sound only where u_p != u_q is proved
 * for every satisfying assignment by the caller's layout.
 */
void g_mont_coeffs(fr_t *a, fr_t *b);
void g_mont_add(cs_t *cs, g_point_t *out, const g_point_t *p, const g_point_t *q, const char *why); /* 3 */
void g_mont_to_edwards(cs_t *cs, g_point_t *out, const g_point_t *m, const char *why);             /* 2 */
void g_edwards_to_mont(cs_t *cs, g_point_t *out, const g_point_t *p, const char *why);             /* 2 */

/*
 * Constant tables for k * base with 3-bit windows, base of odd prime order
 * l > 2^250 (gadget_fixed_base.c explains the layout): windows j < n_mont
 * hold (d + 8) * 8^j * base in Montgomery coordinates (u, v) stored as
 * (x, y); the others d * 8^j * base in Edwards form, the first of them minus
 * the Montgomery windows' offsets. Built natively once, owned by the caller.
 */
typedef struct {
    unsigned n_bits, n_windows, n_mont;
    babyjub_point *entry; /* n_windows * 8 */
} g_fixed_table_t;

bool g_fixed_table_init(g_fixed_table_t *t, const babyjub_point *base, unsigned n_bits);
void g_fixed_table_free(g_fixed_table_t *t);
/* out = (sum bits[i] 2^i) * base, bits boolean; per window 3 constraints of selection and one
 * addition (3 in Montgomery form, 6 in the Edwards windows), plus 2 to change form. */
void g_bj_fixed_mul(cs_t *cs, g_point_t *out, const g_fixed_table_t *t, const uint32_t *bits, const char *why);

/*
 * In-circuit table for k * q with 2-bit windows, q of odd prime order
 * l > 2^250 (gadget_var_base.c explains the layout): for window j < n_mont,
 * the Montgomery points (4 + d) 4^j q, d = 0..3; after that the Edwards
 * points d * 4^j q (the first Edwards window minus the Montgomery offsets).
 * Built once per batch and shared by every multiplication of that q.
 */
typedef struct {
    unsigned n_bits, n_windows, n_mont;
    g_point_t *entry; /* n_windows * 4 */
} g_var_table_t;

bool g_var_table_build(cs_t *cs, g_var_table_t *t, const g_point_t *q, unsigned n_bits, const char *why);
void g_var_table_free(g_var_table_t *t);
/* out = (sum bits[i] 2^i) * q; per window 6 constraints of selection and one addition (3 in the
 * Montgomery windows, 6 in the Edwards ones), plus 2 to change form. */
void g_bj_var_mul(cs_t *cs, g_point_t *out, const g_var_table_t *t, const uint32_t *bits, const char *why);

#endif
