/*
 * Fixed-base multiplication k * base with constant 3-bit window tables
 * (gadget_babyjub.h), for a base of odd prime order l (BabyJubJub's Base8,
 * l > 2^250).
 *
 * The low windows are accumulated in Montgomery form (B v^2 = u^3 + A u^2 + u;
 * for BabyJubJub A = 168698, B = 1, EIP-2494), whose incomplete addition
 * costs 3 constraints instead of the 6 of a complete Edwards addition. The
 * top windows, and the removal of the offsets, use complete Edwards
 * additions. Selecting one of 8 constants costs 3 constraints in both forms.
 *
 * Why no exceptional case can occur for ANY boolean assignment of the bits,
 * so that the incomplete formulas are sound and not only complete for honest
 * provers. Montgomery window j < M selects (d_j + 8) 8^j * base with d_j in
 * 0..7: every addend is a nonzero multiple. After window j the accumulator is
 * a_j * base with the integer
 *     a_j = sum_{i<=j} (d_i + 8) 8^i,   8 (8^(j+1) - 1)/7 <= a_j <= 15 (8^(j+1) - 1)/7,
 * so 0 < a_j < 2.15 * 8^(j+1). Window j + 1 adds c * base with
 * c = (d + 8) 8^(j+1), 8^(j+2) <= c <= 15 * 8^(j+1). The incomplete addition
 * of P1 = a_j * base and P2 = c * base fails only when u1 = u2, i.e. when
 * P1 = +-P2 (in a group of odd order no point is its own negative except
 * the identity, which no accumulator or addend is, see below), i.e. when
 * a_j = c or a_j = -c (mod l). But
 *   - a_j < 2.15 * 8^(j+1) < 8^(j+2) <= c, so 0 < c - a_j < l: a_j != c (mod l);
 *   - 0 < a_j + c < 17.2 * 8^(j+1) < 2^(3(j+1)+5) <= 2^250 < l as long as
 *     j + 1 <= 81: a_j != -c (mod l);
 * and a_j, c lie in (0, l), so neither point is the identity (or 2-torsion,
 * which a group of odd order has none of). Hence M = 82 windows at most
 * (additions at j + 1 = 1..81); montgomery_windows() picks that bound.
 * Because the constraints of each addition have a unique solution (u2 != u1),
 * the accumulator is pinned by the bits alone; converting it to Edwards,
 * x = u / v and y = (u - 1)/(u + 1), has v != 0 (not 2-torsion) and
 * u + 1 != 0 (a point with u = -1 needs B v^2 = A - 2 = B d, and d is not a
 * square), so each constraint pins its output too.
 * The offset sum_{j<M} 8 * 8^j * base is subtracted by folding -offset into
 * the constants of the first Edwards window (which therefore always exists).
 */
#include "circuit/gadget_babyjub.h"

#include <stdlib.h>
#include <string.h>

/* Montgomery windows: at most 82 (see above) and at least one Edwards window after them. */
static unsigned montgomery_windows(unsigned n_windows)
{
    if (n_windows <= 1)
        return 0;
    return n_windows - 1 < 82 ? n_windows - 1 : 82;
}

/* (u, v) = ((1 + y)/(1 - y), u / x) of a point that is neither the identity nor 2-torsion. */
static void to_montgomery(babyjub_point *m, const babyjub_point *e)
{
    fr_t one, n, dd, inv;
    fr_set_one(&one);
    fr_add(&n, &one, &e->y);
    fr_sub(&dd, &one, &e->y);
    fr_inv(&inv, &dd);
    fr_mul(&m->x, &n, &inv);
    fr_inv(&inv, &e->x);
    fr_mul(&m->y, &m->x, &inv);
}

bool g_fixed_table_init(g_fixed_table_t *t, const babyjub_point *base, unsigned n_bits)
{
    t->n_bits = n_bits;
    t->n_windows = (n_bits + 2) / 3;
    t->n_mont = montgomery_windows(t->n_windows);
    t->entry = malloc((size_t)t->n_windows * 8 * sizeof(babyjub_point));
    if (!t->entry)
        return false;
    babyjub_point b = *base, offset, e8;
    babyjub_identity(&offset);
    for (unsigned j = 0; j < t->n_windows; j++) {
        /* b = 8^j * base; Edwards window entries d * b, Montgomery ones (d + 8) * b */
        babyjub_point mult[16];
        babyjub_identity(&mult[0]);
        for (unsigned d = 1; d < 16; d++)
            babyjub_add(&mult[d], &mult[d - 1], &b);
        babyjub_point *e = t->entry + 8 * (size_t)j;
        if (j < t->n_mont) {
            for (unsigned d = 0; d < 8; d++)
                to_montgomery(&e[d], &mult[d + 8]);
            babyjub_add(&offset, &offset, &mult[8]);
        } else {
            babyjub_point neg_offset;
            babyjub_neg(&neg_offset, &offset);
            for (unsigned d = 0; d < 8; d++) {
                if (j == t->n_mont)
                    babyjub_add(&e[d], &mult[d], &neg_offset);
                else
                    e[d] = mult[d];
            }
        }
        e8 = mult[8];
        b = e8; /* 8^(j+1) * base */
    }
    return true;
}

void g_fixed_table_free(g_fixed_table_t *t)
{
    free(t->entry);
    t->entry = NULL;
}

/*
 * Selects entry[bits] from 8 constants: f(b0, b1) over entries 0..3 and
 * g(b0, b1) over 4..7 are linear in b0, b1 and s10 = b0*b1, and the output is
 * f + b2 (g - f): one shared product and one constraint per coordinate.
 */
static void lin4(cs_t *cs, cs_lc_t *out, const fr_t *c0, const fr_t *c1, const fr_t *c2, const fr_t *c3,
                 uint32_t b0, uint32_t b1, uint32_t s10)
{
    fr_t k;
    cs_lc_set_const(cs, out, c0);
    fr_sub(&k, c1, c0);
    cs_lc_add_term(cs, out, b0, &k);
    fr_sub(&k, c2, c0);
    if (b1)
        cs_lc_add_term(cs, out, b1, &k);
    if (s10) {
        fr_sub(&k, c3, c2);
        fr_sub(&k, &k, c1);
        fr_add(&k, &k, c0);
        cs_lc_add_term(cs, out, s10, &k);
    }
}

static void fixed_select(cs_t *cs, g_point_t *out, const babyjub_point *e, const uint32_t *wb, unsigned nb,
                         const char *why)
{
    uint32_t b0 = wb[0], b1 = nb > 1 ? wb[1] : 0, b2 = nb > 2 ? wb[2] : 0;
    uint32_t s10 = 0;
    if (nb > 1) {
        cs_lc_t l0, l1;
        cs_lc_init(&l0);
        cs_lc_init(&l1);
        cs_lc_set_wire(cs, &l0, b0);
        cs_lc_set_wire(cs, &l1, b1);
        s10 = cs_mul(cs, &l0, &l1, why);
        cs_lc_free(&l0);
        cs_lc_free(&l1);
    }
    /* wire 0 never is a bit, so 0 marks "no such bit" */
    lin4(cs, &out->x, &e[0].x, &e[1].x, &e[2].x, &e[3].x, b0, b1, s10);
    lin4(cs, &out->y, &e[0].y, &e[1].y, &e[2].y, &e[3].y, b0, b1, s10);
    if (nb > 2) {
        cs_lc_t g;
        cs_lc_init(&g);
        lin4(cs, &g, &e[4].x, &e[5].x, &e[6].x, &e[7].x, b0, b1, s10);
        uint32_t wx = g_mux(cs, b2, &out->x, &g, why);
        lin4(cs, &g, &e[4].y, &e[5].y, &e[6].y, &e[7].y, b0, b1, s10);
        uint32_t wy = g_mux(cs, b2, &out->y, &g, why);
        g_point_set_wires(cs, out, wx, wy);
        cs_lc_free(&g);
    }
}

void g_bj_fixed_mul(cs_t *cs, g_point_t *out, const g_fixed_table_t *t, const uint32_t *bits, const char *why)
{
    g_point_t sel, acc, sum;
    g_point_init(&sel);
    g_point_init(&acc);
    g_point_init(&sum);
    for (unsigned j = 0; j < t->n_windows; j++) {
        unsigned nb = t->n_bits - 3 * j < 3 ? t->n_bits - 3 * j : 3;
        bool first = j == 0;
        fixed_select(cs, first ? &acc : &sel, t->entry + 8 * (size_t)j, bits + 3 * j, nb, why);
        if (j > 0 && j == t->n_mont) { /* leave Montgomery form before the first Edwards window */
            g_mont_to_edwards(cs, &sum, &acc, why);
            g_point_copy(cs, &acc, &sum);
        }
        if (first)
            continue;
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
