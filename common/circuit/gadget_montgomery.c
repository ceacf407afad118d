/*
 * BabyJubJub in Montgomery form inside the circuit (gadget_babyjub.h):
 * B v^2 = u^3 + A u^2 + u with A = 2(a + d)/(a - d), B = 4/(a - d) (for
 * BabyJubJub A = 168698, B = 1, EIP-2494), and the maps to and from the
 * twisted Edwards form, u = (1 + y)/(1 - y), v = u / x.
 *
 * The addition here is incomplete (3 constraints): it is only sound where the
 * caller has proved that u_p != u_q for every satisfying assignment, as the
 * window layouts of gadget_fixed_base.c and gadget_var_base.c do.
 */
#include "circuit/gadget_babyjub.h"

/*
 * BabyJubJub's Montgomery coefficients, A = 2(a + d)/(a - d) = 168698 and
 * B = 4/(a - d) = 1 (EIP-2494, "Baby Jubjub Elliptic Curve"); the unit test
 * recomputes them from babyjub_const_a/d.
 */
void g_mont_coeffs(fr_t *a, fr_t *b)
{
    fr_from_u64(a, 168698);
    fr_set_one(b);
}

/* r = n / d as a hint, total (0 when d = 0; the constraint then fails unless n = 0). */
static void div_hint(fr_t *r, const fr_t *n, const fr_t *d)
{
    fr_t inv;
    if (!fr_inv(&inv, d))
        fr_set_zero(&inv);
    fr_mul(r, n, &inv);
}

/*
 * out = p + q, incomplete (the caller guarantees u_p != u_q):
 * lambda (u_q - u_p) = v_q - v_p, B lambda^2 = u3 + A + u_p + u_q, lambda (u_p - u3) = v3 + v_p.
 */
void g_mont_add(cs_t *cs, g_point_t *out, const g_point_t *p, const g_point_t *q, const char *why)
{
    fr_t ma_v, mb_v;
    g_mont_coeffs(&ma_v, &mb_v);
    const fr_t *ma = &ma_v, *mb = &mb_v;
    fr_t one, m1, up, vp, uq, vq, du, dv, lam, u3, v3, t;
    fr_set_one(&one);
    fr_neg(&m1, &one);
    cs_lc_t l, r, o;
    cs_lc_init(&l);
    cs_lc_init(&r);
    cs_lc_init(&o);
    cs_lc_eval(cs, &p->x, &up);
    cs_lc_eval(cs, &p->y, &vp);
    cs_lc_eval(cs, &q->x, &uq);
    cs_lc_eval(cs, &q->y, &vq);
    fr_sub(&du, &uq, &up);
    fr_sub(&dv, &vq, &vp);
    div_hint(&lam, &dv, &du);
    uint32_t w_lam = cs_wire(cs, &lam);
    lam = *cs_value(cs, w_lam); /* later hints follow the (possibly tampered) wire */
    cs_lc_set_wire(cs, &l, w_lam);
    cs_lc_copy(cs, &r, &q->x);
    cs_lc_axpy(cs, &r, &m1, &p->x);
    cs_lc_copy(cs, &o, &q->y);
    cs_lc_axpy(cs, &o, &m1, &p->y);
    cs_enforce(cs, &l, &r, &o, why);

    fr_sqr(&u3, &lam);
    fr_mul(&u3, &u3, mb);
    fr_sub(&u3, &u3, ma);
    fr_sub(&u3, &u3, &up);
    fr_sub(&u3, &u3, &uq);
    uint32_t w_u3 = cs_wire(cs, &u3);
    u3 = *cs_value(cs, w_u3);
    cs_lc_clear(&r);
    cs_lc_add_term(cs, &r, w_lam, mb);
    cs_lc_set_wire(cs, &o, w_u3);
    cs_lc_add_const(cs, &o, ma);
    cs_lc_axpy(cs, &o, NULL, &p->x);
    cs_lc_axpy(cs, &o, NULL, &q->x);
    cs_enforce(cs, &l, &r, &o, why);

    fr_sub(&t, &up, &u3);
    fr_mul(&v3, &lam, &t);
    fr_sub(&v3, &v3, &vp);
    uint32_t w_v3 = cs_wire(cs, &v3);
    cs_lc_copy(cs, &r, &p->x);
    cs_lc_add_term(cs, &r, w_u3, &m1);
    cs_lc_set_wire(cs, &o, w_v3);
    cs_lc_axpy(cs, &o, NULL, &p->y);
    cs_enforce(cs, &l, &r, &o, why);

    g_point_set_wires(cs, out, w_u3, w_v3);
    cs_lc_free(&l);
    cs_lc_free(&r);
    cs_lc_free(&o);
}

/* Montgomery (u, v) to Edwards: x v = u, y (u + 1) = u - 1 (2 constraints). */
void g_mont_to_edwards(cs_t *cs, g_point_t *out, const g_point_t *m, const char *why)
{
    fr_t one, m1, u, v, x, y, n, d;
    fr_set_one(&one);
    fr_neg(&m1, &one);
    cs_lc_eval(cs, &m->x, &u);
    cs_lc_eval(cs, &m->y, &v);
    div_hint(&x, &u, &v);
    fr_sub(&n, &u, &one);
    fr_add(&d, &u, &one);
    div_hint(&y, &n, &d);
    cs_lc_t l, r, o;
    cs_lc_init(&l);
    cs_lc_init(&r);
    cs_lc_init(&o);
    uint32_t wx = cs_wire(cs, &x);
    cs_lc_set_wire(cs, &l, wx);
    cs_enforce(cs, &l, &m->y, &m->x, why);
    uint32_t wy = cs_wire(cs, &y);
    cs_lc_set_wire(cs, &l, wy);
    cs_lc_copy(cs, &r, &m->x);
    cs_lc_add_const(cs, &r, &one);
    cs_lc_copy(cs, &o, &m->x);
    cs_lc_add_const(cs, &o, &m1);
    cs_enforce(cs, &l, &r, &o, why);
    g_point_set_wires(cs, out, wx, wy);
    cs_lc_free(&l);
    cs_lc_free(&r);
    cs_lc_free(&o);
}


/* Edwards (x, y) to Montgomery: u (1 - y) = 1 + y, v x = u (2 constraints; p not the identity nor 2-torsion). */
void g_edwards_to_mont(cs_t *cs, g_point_t *out, const g_point_t *p, const char *why)
{
    fr_t one, m1, x, y, u, v, n, d;
    fr_set_one(&one);
    fr_neg(&m1, &one);
    cs_lc_eval(cs, &p->x, &x);
    cs_lc_eval(cs, &p->y, &y);
    fr_add(&n, &one, &y);
    fr_sub(&d, &one, &y);
    div_hint(&u, &n, &d);
    cs_lc_t l, r, o;
    cs_lc_init(&l);
    cs_lc_init(&r);
    cs_lc_init(&o);
    uint32_t wu = cs_wire(cs, &u);
    u = *cs_value(cs, wu);
    div_hint(&v, &u, &x);
    cs_lc_set_wire(cs, &l, wu);
    cs_lc_set_u64(cs, &r, 1);
    cs_lc_axpy(cs, &r, &m1, &p->y);
    cs_lc_set_u64(cs, &o, 1);
    cs_lc_axpy(cs, &o, NULL, &p->y);
    cs_enforce(cs, &l, &r, &o, why);
    uint32_t wv = cs_wire(cs, &v);
    cs_lc_set_wire(cs, &l, wv);
    cs_lc_set_wire(cs, &o, wu);
    cs_enforce(cs, &l, &p->x, &o, why);
    g_point_set_wires(cs, out, wu, wv);
    cs_lc_free(&l);
    cs_lc_free(&r);
    cs_lc_free(&o);
}
