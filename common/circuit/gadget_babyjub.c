/* BabyJubJub gadgets (gadget_babyjub.h). Formulas: circomlib babyjub.circom / EIP-2494 twisted Edwards. */
#include "circuit/gadget_babyjub.h"

#include <stdlib.h>

void g_point_init(g_point_t *p)
{
    cs_lc_init(&p->x);
    cs_lc_init(&p->y);
}

void g_point_free(g_point_t *p)
{
    cs_lc_free(&p->x);
    cs_lc_free(&p->y);
}

void g_point_set_wires(cs_t *cs, g_point_t *p, uint32_t wx, uint32_t wy)
{
    cs_lc_set_wire(cs, &p->x, wx);
    cs_lc_set_wire(cs, &p->y, wy);
}

void g_point_set_const(cs_t *cs, g_point_t *p, const babyjub_point *k)
{
    cs_lc_set_const(cs, &p->x, &k->x);
    cs_lc_set_const(cs, &p->y, &k->y);
}

void g_point_copy(cs_t *cs, g_point_t *dst, const g_point_t *src)
{
    cs_lc_copy(cs, &dst->x, &src->x);
    cs_lc_copy(cs, &dst->y, &src->y);
}

void g_point_eval(const cs_t *cs, const g_point_t *p, babyjub_point *out)
{
    cs_lc_eval(cs, &p->x, &out->x);
    cs_lc_eval(cs, &p->y, &out->y);
}

/* Division as a hint that is total: n / 0 is taken as 0 (the constraint then fails unless n == 0). */
static void div_total(fr_t *r, const fr_t *n, const fr_t *dnm)
{
    fr_t inv;
    if (!fr_inv(&inv, dnm))
        fr_set_zero(&inv);
    fr_mul(r, n, &inv);
}

void g_bj_assert_on_curve(cs_t *cs, const g_point_t *p, const char *why)
{
    fr_t a, d, one, m1;
    babyjub_const_a(&a);
    babyjub_const_d(&d);
    fr_set_one(&one);
    fr_neg(&m1, &one);
    uint32_t xx = cs_mul(cs, &p->x, &p->x, why);
    uint32_t yy = cs_mul(cs, &p->y, &p->y, why);
    cs_lc_t l, r, o;
    cs_lc_init(&l);
    cs_lc_init(&r);
    cs_lc_init(&o);
    cs_lc_add_term(cs, &l, xx, &d);
    cs_lc_set_wire(cs, &r, yy);
    cs_lc_add_term(cs, &o, xx, &a);
    cs_lc_add_term(cs, &o, yy, &one);
    cs_lc_add_const(cs, &o, &m1);
    /* (d x^2) * y^2 = a x^2 + y^2 - 1 */
    cs_enforce(cs, &l, &r, &o, why);
    cs_lc_free(&l);
    cs_lc_free(&r);
    cs_lc_free(&o);
}

void g_bj_add(cs_t *cs, g_point_t *out, const g_point_t *p, const g_point_t *q, const char *why)
{
    fr_t a, d, one, m1, ma;
    babyjub_const_a(&a);
    babyjub_const_d(&d);
    fr_neg(&ma, &a);
    fr_set_one(&one);
    fr_neg(&m1, &one);
    cs_lc_t l1, l2, num, den, o;
    cs_lc_init(&l1);
    cs_lc_init(&l2);
    cs_lc_init(&num);
    cs_lc_init(&den);
    cs_lc_init(&o);

    uint32_t beta = cs_mul(cs, &p->x, &q->y, why);
    uint32_t gamma = cs_mul(cs, &p->y, &q->x, why);
    /* delta = (y1 - a x1) (x2 + y2) = y1x2 + y1y2 - a x1x2 - a x1y2 */
    cs_lc_copy(cs, &l1, &p->y);
    cs_lc_axpy(cs, &l1, &ma, &p->x);
    cs_lc_copy(cs, &l2, &q->x);
    cs_lc_axpy(cs, &l2, NULL, &q->y);
    uint32_t delta = cs_mul(cs, &l1, &l2, why);
    cs_lc_set_wire(cs, &l1, beta);
    cs_lc_set_wire(cs, &l2, gamma);
    uint32_t tau = cs_mul(cs, &l1, &l2, why);

    /* x3 (1 + d tau) = beta + gamma */
    fr_t vn, vd, v;
    cs_lc_clear(&num);
    cs_lc_add_term(cs, &num, beta, &one);
    cs_lc_add_term(cs, &num, gamma, &one);
    cs_lc_set_u64(cs, &den, 1);
    cs_lc_add_term(cs, &den, tau, &d);
    cs_lc_eval(cs, &num, &vn);
    cs_lc_eval(cs, &den, &vd);
    div_total(&v, &vn, &vd);
    uint32_t x3 = cs_wire(cs, &v);
    cs_lc_set_wire(cs, &o, x3);
    cs_enforce(cs, &o, &den, &num, why);

    /* y3 (1 - d tau) = delta + a beta - gamma */
    fr_t md;
    fr_neg(&md, &d);
    cs_lc_clear(&num);
    cs_lc_add_term(cs, &num, delta, &one);
    cs_lc_add_term(cs, &num, beta, &a);
    cs_lc_add_term(cs, &num, gamma, &m1);
    cs_lc_set_u64(cs, &den, 1);
    cs_lc_add_term(cs, &den, tau, &md);
    cs_lc_eval(cs, &num, &vn);
    cs_lc_eval(cs, &den, &vd);
    div_total(&v, &vn, &vd);
    uint32_t y3 = cs_wire(cs, &v);
    cs_lc_set_wire(cs, &o, y3);
    cs_enforce(cs, &o, &den, &num, why);

    g_point_set_wires(cs, out, x3, y3);
    cs_lc_free(&l1);
    cs_lc_free(&l2);
    cs_lc_free(&num);
    cs_lc_free(&den);
    cs_lc_free(&o);
}

/* On the curve, 2(x, y) = (2xy / (a x^2 + y^2), (y^2 - a x^2) / (2 - a x^2 - y^2)). */
void g_bj_dbl(cs_t *cs, g_point_t *out, const g_point_t *p, const char *why)
{
    fr_t a, ma, one, m1, two;
    babyjub_const_a(&a);
    fr_neg(&ma, &a);
    fr_set_one(&one);
    fr_neg(&m1, &one);
    fr_from_u64(&two, 2);
    uint32_t xx = cs_mul(cs, &p->x, &p->x, why);
    uint32_t yy = cs_mul(cs, &p->y, &p->y, why);
    uint32_t xy = cs_mul(cs, &p->x, &p->y, why);
    cs_lc_t num, den, o;
    cs_lc_init(&num);
    cs_lc_init(&den);
    cs_lc_init(&o);
    fr_t vn, vd, v;

    cs_lc_add_term(cs, &num, xy, &two);
    cs_lc_add_term(cs, &den, xx, &a);
    cs_lc_add_term(cs, &den, yy, &one);
    cs_lc_eval(cs, &num, &vn);
    cs_lc_eval(cs, &den, &vd);
    div_total(&v, &vn, &vd);
    uint32_t x3 = cs_wire(cs, &v);
    cs_lc_set_wire(cs, &o, x3);
    cs_enforce(cs, &o, &den, &num, why);

    cs_lc_clear(&num);
    cs_lc_add_term(cs, &num, yy, &one);
    cs_lc_add_term(cs, &num, xx, &ma);
    cs_lc_set_const(cs, &den, &two);
    cs_lc_add_term(cs, &den, xx, &ma);
    cs_lc_add_term(cs, &den, yy, &m1);
    cs_lc_eval(cs, &num, &vn);
    cs_lc_eval(cs, &den, &vd);
    div_total(&v, &vn, &vd);
    uint32_t y3 = cs_wire(cs, &v);
    cs_lc_set_wire(cs, &o, y3);
    cs_enforce(cs, &o, &den, &num, why);

    g_point_set_wires(cs, out, x3, y3);
    cs_lc_free(&num);
    cs_lc_free(&den);
    cs_lc_free(&o);
}

uint32_t g_mux(cs_t *cs, uint32_t b, const cs_lc_t *v0, const cs_lc_t *v1, const char *why)
{
    fr_t vb, x0, x1, v;
    vb = *cs_value(cs, b);
    cs_lc_eval(cs, v0, &x0);
    cs_lc_eval(cs, v1, &x1);
    /* v = x0 + b (x1 - x0) evaluated as the constraint does, so any b is total */
    fr_sub(&v, &x1, &x0);
    fr_mul(&v, &v, &vb);
    fr_add(&v, &v, &x0);
    uint32_t out = cs_wire(cs, &v);
    cs_lc_t lb, diff, o;
    cs_lc_init(&lb);
    cs_lc_init(&diff);
    cs_lc_init(&o);
    fr_t m1;
    fr_set_one(&m1);
    fr_neg(&m1, &m1);
    cs_lc_set_wire(cs, &lb, b);
    cs_lc_copy(cs, &diff, v1);
    cs_lc_axpy(cs, &diff, &m1, v0);
    cs_lc_set_wire(cs, &o, out);
    cs_lc_axpy(cs, &o, &m1, v0);
    /* b * (v1 - v0) = out - v0 */
    cs_enforce(cs, &lb, &diff, &o, why);
    cs_lc_free(&lb);
    cs_lc_free(&diff);
    cs_lc_free(&o);
    return out;
}

/* ---- fixed base ---- */

bool g_fixed_table_init(g_fixed_table_t *t, const babyjub_point *base, unsigned n_bits)
{
    t->n_bits = n_bits;
    t->n_windows = (n_bits + 2) / 3;
    t->entry = malloc((size_t)t->n_windows * 8 * sizeof(babyjub_point));
    if (!t->entry)
        return false;
    babyjub_point b = *base;
    for (unsigned j = 0; j < t->n_windows; j++) {
        babyjub_point *e = t->entry + 8 * (size_t)j;
        babyjub_identity(&e[0]);
        e[1] = b;
        for (unsigned d = 2; d < 8; d++)
            babyjub_add(&e[d], &e[d - 1], &b);
        babyjub_add(&b, &e[7], &b); /* 8^(j+1) * base */
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
    g_point_t sel, acc;
    g_point_init(&sel);
    g_point_init(&acc);
    for (unsigned j = 0; j < t->n_windows; j++) {
        unsigned nb = t->n_bits - 3 * j < 3 ? t->n_bits - 3 * j : 3;
        fixed_select(cs, j == 0 ? &acc : &sel, t->entry + 8 * (size_t)j, bits + 3 * j, nb, why);
        if (j > 0) {
            g_point_t sum;
            g_point_init(&sum);
            g_bj_add(cs, &sum, &acc, &sel, why);
            g_point_copy(cs, &acc, &sum);
            g_point_free(&sum);
        }
    }
    g_point_copy(cs, out, &acc);
    g_point_free(&sel);
    g_point_free(&acc);
}

/* ---- variable base with a per-batch table ---- */

bool g_var_table_build(cs_t *cs, g_var_table_t *t, const g_point_t *q, unsigned n_bits, const char *why)
{
    t->n_bits = n_bits;
    t->n_windows = (n_bits + 1) / 2;
    t->mult = malloc((size_t)t->n_windows * 3 * sizeof(g_point_t));
    if (!t->mult) {
        cs->oom = true;
        return false;
    }
    for (unsigned i = 0; i < t->n_windows * 3; i++)
        g_point_init(&t->mult[i]);
    g_point_copy(cs, &t->mult[0], q);
    for (unsigned j = 0; j < t->n_windows; j++) {
        g_point_t *m = t->mult + 3 * (size_t)j;
        g_bj_dbl(cs, &m[1], &m[0], why);
        g_bj_add(cs, &m[2], &m[1], &m[0], why);
        if (j + 1 < t->n_windows)
            g_bj_dbl(cs, &m[3], &m[1], why);
    }
    return true;
}

void g_var_table_free(g_var_table_t *t)
{
    if (!t->mult)
        return;
    for (unsigned i = 0; i < t->n_windows * 3; i++)
        g_point_free(&t->mult[i]);
    free(t->mult);
    t->mult = NULL;
}

/* Two levels of muxes: lo = b0 ? 1P : identity, hi = b0 ? 3P : 2P, sel = b1 ? hi : lo. */
static void var_select(cs_t *cs, g_point_t *out, const g_point_t *m, uint32_t b0, uint32_t b1, const char *why)
{
    cs_lc_t zero, one, lo, hi;
    cs_lc_init(&zero);
    cs_lc_init(&one);
    cs_lc_init(&lo);
    cs_lc_init(&hi);
    cs_lc_set_u64(cs, &one, 1);
    uint32_t lox = g_mux(cs, b0, &zero, &m[0].x, why);
    uint32_t hix = g_mux(cs, b0, &m[1].x, &m[2].x, why);
    cs_lc_set_wire(cs, &lo, lox);
    cs_lc_set_wire(cs, &hi, hix);
    uint32_t sx = b1 ? g_mux(cs, b1, &lo, &hi, why) : lox;
    uint32_t loy = g_mux(cs, b0, &one, &m[0].y, why);
    uint32_t hiy = g_mux(cs, b0, &m[1].y, &m[2].y, why);
    cs_lc_set_wire(cs, &lo, loy);
    cs_lc_set_wire(cs, &hi, hiy);
    uint32_t sy = b1 ? g_mux(cs, b1, &lo, &hi, why) : loy;
    g_point_set_wires(cs, out, sx, sy);
    cs_lc_free(&zero);
    cs_lc_free(&one);
    cs_lc_free(&lo);
    cs_lc_free(&hi);
}

void g_bj_var_mul(cs_t *cs, g_point_t *out, const g_var_table_t *t, const uint32_t *bits, const char *why)
{
    g_point_t sel, acc;
    g_point_init(&sel);
    g_point_init(&acc);
    for (unsigned j = 0; j < t->n_windows; j++) {
        uint32_t b0 = bits[2 * j], b1 = 2 * j + 1 < t->n_bits ? bits[2 * j + 1] : 0;
        var_select(cs, j == 0 ? &acc : &sel, t->mult + 3 * (size_t)j, b0, b1, why);
        if (j > 0) {
            g_point_t sum;
            g_point_init(&sum);
            g_bj_add(cs, &sum, &acc, &sel, why);
            g_point_copy(cs, &acc, &sum);
            g_point_free(&sum);
        }
    }
    g_point_copy(cs, out, &acc);
    g_point_free(&sel);
    g_point_free(&acc);
}
