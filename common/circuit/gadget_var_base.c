/*
 * Variable-base multiplication k * q against a per-batch table of multiples
 * of q (gadget_babyjub.h), for q of odd prime order l > 2^250 (in
 * SettleBatch q = 8A, proved on the curve and not the identity).
 *
 * 2-bit windows. The low M windows are accumulated in Montgomery form with
 * the incomplete 3-constraint addition (gadget_montgomery.c); the top
 * windows use the complete 6-constraint Edwards addition. Selecting one of
 * the window's 4 table points costs 6 constraints either way.
 *
 * No exceptional case for ANY boolean assignment of the bits (the argument
 * of gadget_fixed_base.c with base 4): Montgomery window j < M selects
 * (d_j + 4) 4^j q, d_j in 0..3, never the identity. The accumulator after
 * window j is a_j q with
 *     4 (4^(j+1) - 1)/3 <= a_j <= 7 (4^(j+1) - 1)/3 < (7/3) 4^(j+1),
 * and window j + 1 adds c q with 4^(j+2) <= c = (d + 4) 4^(j+1) <= 7 * 4^(j+1).
 * The addition is exceptional only if a_j = +-c (mod l), since q has prime
 * order. But 0 < c - a_j < c < l, and 0 < a_j + c < (28/3) 4^(j+1)
 * < 2^(2(j+1)+4) <= 2^250 < l while j + 1 <= 123; so M = 124 windows at
 * most, and a_j, c in (0, l) are never the identity or 2-torsion. Each
 * addition's constraints therefore have exactly one solution, and so do the
 * maps between the forms (see gadget_montgomery.c). The offsets
 * sum_{j<M} 4 * 4^j q are subtracted by folding their negation into the
 * points of the first Edwards window, which therefore always exists.
 */
#include "circuit/gadget_babyjub.h"

#include <stdlib.h>

/* Montgomery windows: at most 124 (see above), and at least one Edwards window after them. */
static unsigned montgomery_windows(unsigned n_windows)
{
    if (n_windows <= 1)
        return 0;
    return n_windows - 1 < 124 ? n_windows - 1 : 124;
}

/* The first Edwards window: d * p - off for d = 0..3, with p2 = 2p, p3 = 3p. */
static void offset_window(cs_t *cs, g_point_t *e, const g_point_t *p, const g_point_t *p2, const g_point_t *p3,
                          const g_point_t *off, const char *why)
{
    fr_t m1;
    fr_set_one(&m1);
    fr_neg(&m1, &m1);
    g_point_copy(cs, &e[0], off);
    cs_lc_scale(&e[0].x, &m1); /* -(x, y) = (-x, y) */
    g_bj_add(cs, &e[1], p, &e[0], why);
    g_bj_add(cs, &e[2], p2, &e[0], why);
    g_bj_add(cs, &e[3], p3, &e[0], why);
}

bool g_var_table_build(cs_t *cs, g_var_table_t *t, const g_point_t *q, unsigned n_bits, const char *why)
{
    t->n_bits = n_bits;
    t->n_windows = (n_bits + 1) / 2;
    t->n_mont = montgomery_windows(t->n_windows);
    t->entry = malloc((size_t)t->n_windows * 4 * sizeof(g_point_t));
    if (!t->entry) {
        cs->oom = true;
        return false;
    }
    for (unsigned i = 0; i < t->n_windows * 4; i++)
        g_point_init(&t->entry[i]);
    g_point_t p, p2, p3, p4, pk, off, sum;
    g_point_init(&p);
    g_point_init(&p2);
    g_point_init(&p3);
    g_point_init(&p4);
    g_point_init(&pk);
    g_point_init(&off);
    g_point_init(&sum);
    g_point_copy(cs, &p, q); /* p = 4^j q */
    for (unsigned j = 0; j < t->n_windows; j++) {
        g_point_t *e = t->entry + 4 * (size_t)j;
        g_bj_dbl(cs, &p2, &p, why);
        g_bj_add(cs, &p3, &p2, &p, why);
        bool last = j + 1 == t->n_windows;
        if (j < t->n_mont || !last)
            g_bj_dbl(cs, &p4, &p2, why); /* 4^(j+1) q */
        if (j < t->n_mont) {
            g_edwards_to_mont(cs, &e[0], &p4, why);
            const g_point_t *lo[3] = {&p, &p2, &p3};
            for (int d = 0; d < 3; d++) {
                g_bj_add(cs, &pk, &p4, lo[d], why);
                g_edwards_to_mont(cs, &e[d + 1], &pk, why);
            }
            if (j == 0) {
                g_point_copy(cs, &off, &p4);
            } else {
                g_bj_add(cs, &sum, &off, &p4, why);
                g_point_copy(cs, &off, &sum);
            }
        } else if (j == t->n_mont && t->n_mont > 0) {
            offset_window(cs, e, &p, &p2, &p3, &off, why);
        } else {
            babyjub_point id;
            babyjub_identity(&id);
            g_point_set_const(cs, &e[0], &id);
            g_point_copy(cs, &e[1], &p);
            g_point_copy(cs, &e[2], &p2);
            g_point_copy(cs, &e[3], &p3);
        }
        if (!last)
            g_point_copy(cs, &p, &p4);
    }
    g_point_free(&p);
    g_point_free(&p2);
    g_point_free(&p3);
    g_point_free(&p4);
    g_point_free(&pk);
    g_point_free(&off);
    g_point_free(&sum);
    return cs_ok(cs);
}

void g_var_table_free(g_var_table_t *t)
{
    if (!t->entry)
        return;
    for (unsigned i = 0; i < t->n_windows * 4; i++)
        g_point_free(&t->entry[i]);
    free(t->entry);
    t->entry = NULL;
}

/* e[b1 b0] by two levels of muxes: 3 constraints a coordinate (b1 = 0: no such bit, e[b0]). */
static void var_select(cs_t *cs, g_point_t *out, const g_point_t *e, uint32_t b0, uint32_t b1, const char *why)
{
    cs_lc_t lo, hi;
    cs_lc_init(&lo);
    cs_lc_init(&hi);
    uint32_t lox = g_mux(cs, b0, &e[0].x, &e[1].x, why);
    uint32_t loy = g_mux(cs, b0, &e[0].y, &e[1].y, why);
    if (b1) {
        uint32_t hix = g_mux(cs, b0, &e[2].x, &e[3].x, why);
        uint32_t hiy = g_mux(cs, b0, &e[2].y, &e[3].y, why);
        cs_lc_set_wire(cs, &lo, lox);
        cs_lc_set_wire(cs, &hi, hix);
        lox = g_mux(cs, b1, &lo, &hi, why);
        cs_lc_set_wire(cs, &lo, loy);
        cs_lc_set_wire(cs, &hi, hiy);
        loy = g_mux(cs, b1, &lo, &hi, why);
    }
    g_point_set_wires(cs, out, lox, loy);
    cs_lc_free(&lo);
    cs_lc_free(&hi);
}

void g_bj_var_mul(cs_t *cs, g_point_t *out, const g_var_table_t *t, const uint32_t *bits, const char *why)
{
    g_point_t sel, acc, sum;
    g_point_init(&sel);
    g_point_init(&acc);
    g_point_init(&sum);
    for (unsigned j = 0; j < t->n_windows; j++) {
        uint32_t b0 = bits[2 * j], b1 = 2 * j + 1 < t->n_bits ? bits[2 * j + 1] : 0;
        var_select(cs, j == 0 ? &acc : &sel, t->entry + 4 * (size_t)j, b0, b1, why);
        if (j == 0)
            continue;
        if (j == t->n_mont) { /* leave Montgomery form before the first Edwards window */
            g_mont_to_edwards(cs, &sum, &acc, why);
            g_point_copy(cs, &acc, &sum);
        }
        if (j < t->n_mont)
            g_mont_add(cs, &sum, &acc, &sel, why);
        else
            g_bj_add(cs, &sum, &acc, &sel, why);
        g_point_copy(cs, &acc, &sum);
    }
    g_point_copy(cs, out, &acc);
    g_point_free(&sel);
    g_point_free(&acc);
    g_point_free(&sum);
}
