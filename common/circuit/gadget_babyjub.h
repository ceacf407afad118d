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
 * Constant tables for k * base with 3-bit windows: entry [j][d] = d * 8^j * base.
 * Built natively once per synthesis and owned by the caller.
 */
typedef struct {
    unsigned n_bits, n_windows;
    babyjub_point *entry; /* n_windows * 8 */
} g_fixed_table_t;

bool g_fixed_table_init(g_fixed_table_t *t, const babyjub_point *base, unsigned n_bits);
void g_fixed_table_free(g_fixed_table_t *t);
/* out = (sum bits[i] 2^i) * base, bits boolean; 3 constraints a window plus one addition. */
void g_bj_fixed_mul(cs_t *cs, g_point_t *out, const g_fixed_table_t *t, const uint32_t *bits, const char *why);

/*
 * In-circuit table for k * q with 2-bit windows: for window j, the wires of
 * 1, 2 and 3 times 4^j * q. Built once (one doubling, one addition and one
 * doubling a window) and shared by every multiplication of that q.
 */
typedef struct {
    unsigned n_bits, n_windows;
    g_point_t *mult; /* n_windows * 3 */
} g_var_table_t;

bool g_var_table_build(cs_t *cs, g_var_table_t *t, const g_point_t *q, unsigned n_bits, const char *why);
void g_var_table_free(g_var_table_t *t);
/* out = (sum bits[i] 2^i) * q; 6 constraints of selection a window plus one addition. */
void g_bj_var_mul(cs_t *cs, g_point_t *out, const g_var_table_t *t, const uint32_t *bits, const char *why);

#endif
