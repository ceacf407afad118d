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

/* r1 = n1 / d1 and r2 = n2 / d2, total as div_total, with one inversion when both are nonzero. */
static void div2_total(fr_t *r1, const fr_t *n1, const fr_t *d1, fr_t *r2, const fr_t *n2, const fr_t *d2)
{
    fr_t prod, inv, i1, i2;
    fr_mul(&prod, d1, d2);
    if (!fr_inv(&inv, &prod)) {
        div_total(r1, n1, d1);
        div_total(r2, n2, d2);
        return;
    }
    fr_mul(&i1, &inv, d2);
    fr_mul(&i2, &inv, d1);
    fr_mul(r1, n1, &i1);
    fr_mul(r2, n2, &i2);
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

    /*
     * x3 (1 + d tau) = beta + gamma,  y3 (1 - d tau) = delta + a beta - gamma.
     * Both hints come from wires that exist already, so they are computed
     * together, sharing one field inversion.
     */
    fr_t md;
    fr_neg(&md, &d);
    cs_lc_t num2, den2;
    cs_lc_init(&num2);
    cs_lc_init(&den2);
    cs_lc_add_term(cs, &num, beta, &one);
    cs_lc_add_term(cs, &num, gamma, &one);
    cs_lc_set_u64(cs, &den, 1);
    cs_lc_add_term(cs, &den, tau, &d);
    cs_lc_add_term(cs, &num2, delta, &one);
    cs_lc_add_term(cs, &num2, beta, &a);
    cs_lc_add_term(cs, &num2, gamma, &m1);
    cs_lc_set_u64(cs, &den2, 1);
    cs_lc_add_term(cs, &den2, tau, &md);
    fr_t vn, vd, vn2, vd2, vx, vy;
    cs_lc_eval(cs, &num, &vn);
    cs_lc_eval(cs, &den, &vd);
    cs_lc_eval(cs, &num2, &vn2);
    cs_lc_eval(cs, &den2, &vd2);
    div2_total(&vx, &vn, &vd, &vy, &vn2, &vd2);

    uint32_t x3 = cs_wire(cs, &vx);
    cs_lc_set_wire(cs, &o, x3);
    cs_enforce(cs, &o, &den, &num, why);
    uint32_t y3 = cs_wire(cs, &vy);
    cs_lc_set_wire(cs, &o, y3);
    cs_enforce(cs, &o, &den2, &num2, why);
    cs_lc_free(&num2);
    cs_lc_free(&den2);

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

    /* x3 (a x^2 + y^2) = 2xy,  y3 (2 - a x^2 - y^2) = y^2 - a x^2: one shared inversion */
    cs_lc_t num2, den2;
    cs_lc_init(&num2);
    cs_lc_init(&den2);
    cs_lc_add_term(cs, &num, xy, &two);
    cs_lc_add_term(cs, &den, xx, &a);
    cs_lc_add_term(cs, &den, yy, &one);
    cs_lc_add_term(cs, &num2, yy, &one);
    cs_lc_add_term(cs, &num2, xx, &ma);
    cs_lc_set_const(cs, &den2, &two);
    cs_lc_add_term(cs, &den2, xx, &ma);
    cs_lc_add_term(cs, &den2, yy, &m1);
    fr_t vn, vd, vn2, vd2, vx, vy;
    cs_lc_eval(cs, &num, &vn);
    cs_lc_eval(cs, &den, &vd);
    cs_lc_eval(cs, &num2, &vn2);
    cs_lc_eval(cs, &den2, &vd2);
    div2_total(&vx, &vn, &vd, &vy, &vn2, &vd2);

    uint32_t x3 = cs_wire(cs, &vx);
    cs_lc_set_wire(cs, &o, x3);
    cs_enforce(cs, &o, &den, &num, why);
    uint32_t y3 = cs_wire(cs, &vy);
    cs_lc_set_wire(cs, &o, y3);
    cs_enforce(cs, &o, &den2, &num2, why);
    cs_lc_free(&num2);
    cs_lc_free(&den2);

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
