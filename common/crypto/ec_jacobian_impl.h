/*
 * Jacobian-coordinate group law for a short Weierstrass curve y^2 = x^3 + b
 * (a = 0), written once and instantiated for G1 (over Fq) and G2 (over Fq2):
 * the formulas are the same, only the coordinate field differs.
 *
 * Private to g1.c / g2.c. Before including, define:
 *   EC_FIELD  field prefix (fq, fq2): EC_FIELD##_mul etc. must exist
 *   EC_GROUP  group prefix (g1, g2): functions are emitted as EC_GROUP##_jac_add etc.
 *   EC_FT, EC_AFF, EC_JAC  the field, affine and Jacobian types
 * and provide `static const EC_FT *ec_curve_b(void)`.
 *
 * Formulas from the Explicit-Formulas Database, short Weierstrass a = 0,
 * Jacobian: dbl-2009-l, add-2007-bl, madd-2007-bl
 * (https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html). They are
 * not complete on their own (equal inputs make H = 0), so each addition
 * checks for that case and falls back to doubling or to infinity. The
 * curves here have prime order r (G1) or no 2-torsion (the twist), so a
 * doubling never meets y = 0 except at infinity.
 *
 * Not constant time: branches and table lookups depend on the points and the
 * scalar. The prover's MSMs over witness values and the single-party
 * development setup accept that timing channel (as snarkjs does).
 */
#define EC_CAT2_(a, b) a##_##b
#define EC_CAT2(a, b) EC_CAT2_(a, b)
#define F(op) EC_CAT2(EC_FIELD, op)
#define G(op) EC_CAT2(EC_GROUP, op)

void G(affine_set_infinity)(EC_AFF *r)
{
    F(set_zero)(&r->x);
    F(set_zero)(&r->y);
}

bool G(affine_is_infinity)(const EC_AFF *p) { return F(is_zero)(&p->x) && F(is_zero)(&p->y); }

bool G(affine_on_curve)(const EC_AFF *p)
{
    if (G(affine_is_infinity)(p))
        return true;
    EC_FT lhs, rhs;
    F(sqr)(&lhs, &p->y);
    F(sqr)(&rhs, &p->x);
    F(mul)(&rhs, &rhs, &p->x);
    F(add)(&rhs, &rhs, ec_curve_b());
    return F(eq)(&lhs, &rhs);
}

bool G(affine_eq)(const EC_AFF *a, const EC_AFF *b) { return F(eq)(&a->x, &b->x) && F(eq)(&a->y, &b->y); }

void G(affine_neg)(EC_AFF *r, const EC_AFF *p)
{
    r->x = p->x;
    F(neg)(&r->y, &p->y); /* -0 = 0 keeps infinity as (0, 0) */
}

void G(jac_set_infinity)(EC_JAC *r)
{
    F(set_one)(&r->x);
    F(set_one)(&r->y);
    F(set_zero)(&r->z);
}

bool G(jac_is_infinity)(const EC_JAC *p) { return F(is_zero)(&p->z); }

void G(jac_from_affine)(EC_JAC *r, const EC_AFF *p)
{
    if (G(affine_is_infinity)(p)) {
        G(jac_set_infinity)(r);
        return;
    }
    r->x = p->x;
    r->y = p->y;
    F(set_one)(&r->z);
}

void G(jac_to_affine)(EC_AFF *r, const EC_JAC *p)
{
    if (G(jac_is_infinity)(p)) {
        G(affine_set_infinity)(r);
        return;
    }
    EC_FT zi, zi2;
    F(inv)(&zi, &p->z);
    F(sqr)(&zi2, &zi);
    F(mul)(&r->x, &p->x, &zi2);
    F(mul)(&zi2, &zi2, &zi);
    F(mul)(&r->y, &p->y, &zi2);
}

/* Montgomery's trick over the nonzero Z's: scratch[i] = product of Z's before i. */
void G(jac_batch_to_affine)(EC_AFF *r, const EC_JAC *p, size_t n, EC_FT *scratch)
{
    EC_FT acc, zi, zi2, t;
    F(set_one)(&acc);
    for (size_t i = 0; i < n; i++) {
        scratch[i] = acc;
        if (!F(is_zero)(&p[i].z))
            F(mul)(&acc, &acc, &p[i].z);
    }
    F(inv)(&acc, &acc);
    for (size_t i = n; i-- > 0;) {
        if (F(is_zero)(&p[i].z)) {
            G(affine_set_infinity)(&r[i]);
            continue;
        }
        F(mul)(&zi, &acc, &scratch[i]); /* 1 / z_i */
        F(mul)(&acc, &acc, &p[i].z);    /* drop z_i from the running inverse */
        F(sqr)(&zi2, &zi);
        F(mul)(&t, &zi2, &zi);
        F(mul)(&r[i].x, &p[i].x, &zi2);
        F(mul)(&r[i].y, &p[i].y, &t);
    }
}

/* Cross-multiplied: X1 Z2^2 == X2 Z1^2 and Y1 Z2^3 == Y2 Z1^3. */
bool G(jac_eq)(const EC_JAC *a, const EC_JAC *b)
{
    bool ia = G(jac_is_infinity)(a), ib = G(jac_is_infinity)(b);
    if (ia || ib)
        return ia == ib;
    EC_FT za2, zb2, l, rr;
    F(sqr)(&za2, &a->z);
    F(sqr)(&zb2, &b->z);
    F(mul)(&l, &a->x, &zb2);
    F(mul)(&rr, &b->x, &za2);
    if (!F(eq)(&l, &rr))
        return false;
    F(mul)(&zb2, &zb2, &b->z);
    F(mul)(&za2, &za2, &a->z);
    F(mul)(&l, &a->y, &zb2);
    F(mul)(&rr, &b->y, &za2);
    return F(eq)(&l, &rr);
}

void G(jac_neg)(EC_JAC *r, const EC_JAC *p)
{
    r->x = p->x;
    F(neg)(&r->y, &p->y);
    r->z = p->z;
}

/* dbl-2009-l: 2M + 5S. Infinity (Z = 0) maps to Z3 = 2 Y Z = 0. */
void G(jac_dbl)(EC_JAC *r, const EC_JAC *p)
{
    EC_FT a, b, c, d, e, f, t;
    F(sqr)(&a, &p->x);
    F(sqr)(&b, &p->y);
    F(sqr)(&c, &b);
    F(add)(&d, &p->x, &b);
    F(sqr)(&d, &d);
    F(sub)(&d, &d, &a);
    F(sub)(&d, &d, &c);
    F(dbl)(&d, &d);
    F(dbl)(&e, &a);
    F(add)(&e, &e, &a);
    F(sqr)(&f, &e);
    F(mul)(&t, &p->y, &p->z);
    F(dbl)(&r->z, &t); /* Z3 first: p->y, p->z are not needed after this */
    F(dbl)(&t, &d);
    F(sub)(&r->x, &f, &t);
    F(sub)(&t, &d, &r->x);
    F(mul)(&t, &e, &t);
    F(dbl)(&c, &c);
    F(dbl)(&c, &c);
    F(dbl)(&c, &c);
    F(sub)(&r->y, &t, &c);
}

/* add-2007-bl: 11M + 5S. */
void G(jac_add)(EC_JAC *r, const EC_JAC *a, const EC_JAC *b)
{
    if (G(jac_is_infinity)(a)) {
        *r = *b;
        return;
    }
    if (G(jac_is_infinity)(b)) {
        *r = *a;
        return;
    }
    EC_FT z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;
    F(sqr)(&z1z1, &a->z);
    F(sqr)(&z2z2, &b->z);
    F(mul)(&u1, &a->x, &z2z2);
    F(mul)(&u2, &b->x, &z1z1);
    F(mul)(&s1, &a->y, &b->z);
    F(mul)(&s1, &s1, &z2z2);
    F(mul)(&s2, &b->y, &a->z);
    F(mul)(&s2, &s2, &z1z1);
    F(sub)(&h, &u2, &u1);
    F(sub)(&rr, &s2, &s1);
    if (F(is_zero)(&h)) {
        if (F(is_zero)(&rr))
            G(jac_dbl)(r, a);
        else
            G(jac_set_infinity)(r);
        return;
    }
    F(dbl)(&i, &h);
    F(sqr)(&i, &i);
    F(mul)(&j, &h, &i);
    F(dbl)(&rr, &rr);
    F(mul)(&v, &u1, &i);
    /* Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H, before r may overwrite a or b */
    F(add)(&t, &a->z, &b->z);
    F(sqr)(&t, &t);
    F(sub)(&t, &t, &z1z1);
    F(sub)(&t, &t, &z2z2);
    F(mul)(&r->z, &t, &h);
    F(sqr)(&r->x, &rr);
    F(sub)(&r->x, &r->x, &j);
    F(dbl)(&t, &v);
    F(sub)(&r->x, &r->x, &t);
    F(sub)(&t, &v, &r->x);
    F(mul)(&t, &rr, &t);
    F(mul)(&s1, &s1, &j);
    F(dbl)(&s1, &s1);
    F(sub)(&r->y, &t, &s1);
}

/* madd-2007-bl (Z2 = 1): 7M + 4S, the MSM bucket-accumulation workhorse. */
void G(jac_add_affine)(EC_JAC *r, const EC_JAC *a, const EC_AFF *b)
{
    if (G(affine_is_infinity)(b)) {
        *r = *a;
        return;
    }
    if (G(jac_is_infinity)(a)) {
        G(jac_from_affine)(r, b);
        return;
    }
    EC_FT z1z1, u2, s2, h, hh, i, j, rr, v, t;
    F(sqr)(&z1z1, &a->z);
    F(mul)(&u2, &b->x, &z1z1);
    F(mul)(&s2, &b->y, &a->z);
    F(mul)(&s2, &s2, &z1z1);
    F(sub)(&h, &u2, &a->x);
    F(sub)(&rr, &s2, &a->y);
    if (F(is_zero)(&h)) {
        if (F(is_zero)(&rr))
            G(jac_dbl)(r, a);
        else
            G(jac_set_infinity)(r);
        return;
    }
    F(sqr)(&hh, &h);
    F(dbl)(&i, &hh);
    F(dbl)(&i, &i);
    F(mul)(&j, &h, &i);
    F(dbl)(&rr, &rr);
    F(mul)(&v, &a->x, &i);
    EC_FT y1 = a->y;
    F(add)(&t, &a->z, &h);
    F(sqr)(&t, &t);
    F(sub)(&t, &t, &z1z1);
    F(sub)(&r->z, &t, &hh);
    F(sqr)(&r->x, &rr);
    F(sub)(&r->x, &r->x, &j);
    F(dbl)(&t, &v);
    F(sub)(&r->x, &r->x, &t);
    F(sub)(&t, &v, &r->x);
    F(mul)(&t, &rr, &t);
    F(mul)(&y1, &y1, &j);
    F(dbl)(&y1, &y1);
    F(sub)(&r->y, &t, &y1);
}

/* Fixed 4-bit windows, most significant first: 252 doublings and at most 64 additions. */
void G(jac_mul)(EC_JAC *r, const EC_JAC *p, const uint64_t scalar[4])
{
    EC_JAC table[16], acc;
    G(jac_set_infinity)(&table[0]);
    table[1] = *p;
    for (int k = 2; k < 16; k++)
        G(jac_add)(&table[k], &table[k - 1], p);
    G(jac_set_infinity)(&acc);
    for (int w = 63; w >= 0; w--) {
        if (!G(jac_is_infinity)(&acc)) /* leading zero windows cost nothing */
            for (int d = 0; d < 4; d++)
                G(jac_dbl)(&acc, &acc);
        unsigned digit = (unsigned)(scalar[w / 16] >> (4 * (w % 16))) & 15u;
        if (digit != 0)
            G(jac_add)(&acc, &acc, &table[digit]);
    }
    *r = acc;
}

void G(affine_mul)(EC_AFF *r, const EC_AFF *p, const fr_t *scalar)
{
    uint64_t k[4];
    EC_JAC j;
    fr_to_canonical(k, scalar);
    G(jac_from_affine)(&j, p);
    G(jac_mul)(&j, &j, k);
    G(jac_to_affine)(r, &j);
}

#undef F
#undef G
#undef EC_CAT2
#undef EC_CAT2_
