/*
 * Optimal ate pairing on BN254 (Vercauteren, "Optimal pairings", 2010):
 * f = f_{6x+2,Q}(P) * l_{T,pi(Q)}(P) * l_{T',-pi^2(Q)}(P), then
 * f^((p^12 - 1)/r). x = 4965661367192848881 (positive, so no final conjugation).
 *
 * The twist is the D-type y^2 = x^3 + b/xi with the untwisting map
 * (x', y') -> (x' w^2, y' w^3). A line through twist points with slope
 * lambda', evaluated at P = (xP, yP) in G1, is
 *   yP - lambda' xP w + (lambda' xT - yT) w^3,
 * an element with only the w^0, w^1, w^3 coordinates (fq12_mul_by_line).
 * Lines are scaled by Fq2 factors freely: the final exponentiation sends
 * every element of a proper subfield to 1.
 *
 * The Miller loop keeps T in homogeneous projective coordinates
 * (x = X/Z, y = Y/Z) with the formulas of Costello, Lange, Naehrig,
 * "Faster pairing computations on curves with high-degree twists"
 * (PKC 2010) as presented by Aranha, Karabina, Longa, Gebotys, Lopez,
 * "Faster explicit formulas for computing pairings over ordinary curves"
 * (EUROCRYPT 2011), section 4; the doubling is scaled by 4 to avoid halving.
 */
#include "pairing.h"

#include "bn254_frobenius.h"
#include "bn254_params.h"

/* Pairs are processed in chunks so the per-pair state lives on the stack. */
#define MILLER_CHUNK 16

typedef struct {
    fq2_t x, y, z;
} g2_proj_t;

typedef struct {
    fq2_t l0, l1, l3; /* coefficients of w^0, w^1, w^3 */
} line_t;

typedef struct {
    g2_proj_t t;
    g2_affine_t q, neg_q;
    g1_affine_t p;
} miller_pair_t;

/*
 * T <- 2T and the tangent at T, scaled by -2YZ:
 *   l0 = -2YZ yP, l1 = 3X^2 xP, l3 = 3b'Z^2 - Y^2
 * (lambda' xT - yT reduces to (Y^2 - 3b'Z^2)/(2YZ) on the curve).
 */
static void line_double(line_t *l, g2_proj_t *t, const g1_affine_t *p)
{
    fq2_t xx, xy, b, c, e, f, h, s;
    fq2_sqr(&xx, &t->x);
    fq2_mul(&xy, &t->x, &t->y);
    fq2_sqr(&b, &t->y);
    fq2_sqr(&c, &t->z);
    fq2_mul(&e, &c, &BN254_TWIST_B);
    fq2_dbl(&s, &e);
    fq2_add(&e, &e, &s); /* E = 3b'Z^2 */
    fq2_dbl(&f, &e);
    fq2_add(&f, &f, &e); /* F = 3E */
    fq2_add(&h, &t->y, &t->z);
    fq2_sqr(&h, &h);
    fq2_sub(&h, &h, &b);
    fq2_sub(&h, &h, &c); /* H = 2YZ */

    fq2_mul_fq(&l->l0, &h, &p->y);
    fq2_neg(&l->l0, &l->l0);
    fq2_dbl(&s, &xx);
    fq2_add(&s, &s, &xx);
    fq2_mul_fq(&l->l1, &s, &p->x);
    fq2_sub(&l->l3, &e, &b);

    /* X3 = 2XY(B - F), Y3 = (B + F)^2 - 12E^2, Z3 = 4BH */
    fq2_sub(&s, &b, &f);
    fq2_mul(&t->x, &xy, &s);
    fq2_dbl(&t->x, &t->x);
    fq2_add(&s, &b, &f);
    fq2_sqr(&s, &s);
    fq2_sqr(&e, &e);
    fq2_dbl(&e, &e);
    fq2_dbl(&e, &e);
    fq2_sub(&s, &s, &e);
    fq2_dbl(&e, &e);
    fq2_sub(&t->y, &s, &e);
    fq2_mul(&t->z, &b, &h);
    fq2_dbl(&t->z, &t->z);
    fq2_dbl(&t->z, &t->z);
}

/*
 * T <- T + Q (Q affine) and the chord through T and Q, scaled by
 * lambda = X - xQ Z: l0 = lambda yP, l1 = -theta xP, l3 = theta xQ - lambda yQ
 * with theta = Y - yQ Z.
 */
static void line_add(line_t *l, g2_proj_t *t, const g2_affine_t *q, const g1_affine_t *p)
{
    fq2_t theta, lambda, c, d, e, f, g, h, s;
    fq2_mul(&s, &q->y, &t->z);
    fq2_sub(&theta, &t->y, &s);
    fq2_mul(&s, &q->x, &t->z);
    fq2_sub(&lambda, &t->x, &s);

    fq2_mul_fq(&l->l0, &lambda, &p->y);
    fq2_mul_fq(&l->l1, &theta, &p->x);
    fq2_neg(&l->l1, &l->l1);
    fq2_mul(&s, &theta, &q->x);
    fq2_mul(&c, &lambda, &q->y);
    fq2_sub(&l->l3, &s, &c);

    fq2_sqr(&c, &theta);
    fq2_sqr(&d, &lambda);
    fq2_mul(&e, &lambda, &d);
    fq2_mul(&f, &t->z, &c);
    fq2_mul(&g, &t->x, &d);
    fq2_add(&h, &e, &f);
    fq2_dbl(&s, &g);
    fq2_sub(&h, &h, &s); /* H = E + F - 2G */
    fq2_mul(&t->x, &lambda, &h);
    fq2_sub(&s, &g, &h);
    fq2_mul(&s, &theta, &s);
    fq2_mul(&c, &t->y, &e);
    fq2_sub(&t->y, &s, &c);
    fq2_mul(&t->z, &t->z, &e);
}

static void mul_line(fq12_t *f, const line_t *l) { fq12_mul_by_line(f, f, &l->l0, &l->l1, &l->l3); }

/* pi(Q) = (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2)): the p-power Frobenius carried to the twist */
static void twist_frobenius(g2_affine_t *r, const g2_affine_t *q)
{
    fq2_conj(&r->x, &q->x);
    fq2_conj(&r->y, &q->y);
    fq2_mul(&r->x, &r->x, &BN254_FROB_GAMMA[0][2]);
    fq2_mul(&r->y, &r->y, &BN254_FROB_GAMMA[0][3]);
}

/* -pi^2(Q) = (x xi^((p^2-1)/3), -y xi^((p^2-1)/2)) */
static void twist_neg_frobenius2(g2_affine_t *r, const g2_affine_t *q)
{
    fq2_mul(&r->x, &q->x, &BN254_FROB_GAMMA[1][2]);
    fq2_mul(&r->y, &q->y, &BN254_FROB_GAMMA[1][3]);
    fq2_neg(&r->y, &r->y);
}

/* One Miller loop over up to MILLER_CHUNK pairs, none at infinity, sharing the squarings of f. */
static void miller_chunk(fq12_t *f, miller_pair_t *pairs, size_t n)
{
    line_t l;
    fq12_set_one(f);
    for (size_t j = 0; j < n; j++) {
        pairs[j].t.x = pairs[j].q.x;
        pairs[j].t.y = pairs[j].q.y;
        fq2_set_one(&pairs[j].t.z);
        g2_affine_neg(&pairs[j].neg_q, &pairs[j].q);
    }
    for (int i = BN254_ATE_LOOP_LEN - 2; i >= 0; i--) {
        if (i != BN254_ATE_LOOP_LEN - 2)
            fq12_sqr(f, f);
        for (size_t j = 0; j < n; j++) {
            miller_pair_t *m = &pairs[j];
            line_double(&l, &m->t, &m->p);
            mul_line(f, &l);
            if (BN254_ATE_LOOP_NAF[i] != 0) {
                line_add(&l, &m->t, BN254_ATE_LOOP_NAF[i] > 0 ? &m->q : &m->neg_q, &m->p);
                mul_line(f, &l);
            }
        }
    }
    for (size_t j = 0; j < n; j++) {
        miller_pair_t *m = &pairs[j];
        g2_affine_t q1, q2;
        twist_frobenius(&q1, &m->q);
        twist_neg_frobenius2(&q2, &m->q);
        line_add(&l, &m->t, &q1, &m->p);
        mul_line(f, &l);
        line_add(&l, &m->t, &q2, &m->p);
        mul_line(f, &l);
    }
}

void bn254_miller_loop(fq12_t *r, const g1_affine_t *p, const g2_affine_t *q, size_t n)
{
    miller_pair_t pairs[MILLER_CHUNK];
    fq12_t acc, f;
    size_t used = 0;
    bool any = false;
    fq12_set_one(&acc);
    for (size_t i = 0; i <= n; i++) {
        if (i < n && !g1_affine_is_infinity(&p[i]) && !g2_affine_is_infinity(&q[i])) {
            pairs[used].p = p[i];
            pairs[used].q = q[i];
            used++;
        }
        if (used == MILLER_CHUNK || (i == n && used > 0)) {
            miller_chunk(&f, pairs, used);
            if (any)
                fq12_mul(&acc, &acc, &f);
            else
                acc = f;
            any = true;
            used = 0;
        }
    }
    *r = acc;
}

/* a^x in the cyclotomic subgroup, by the NAF of x: there a^-1 is the conjugate, so -1 digits cost a product too */
static void cyclotomic_exp_by_x(fq12_t *r, const fq12_t *a)
{
    fq12_t acc = *a, a_inv;
    fq12_conj(&a_inv, a);
    for (int i = BN254_X_NAF_LEN - 2; i >= 0; i--) { /* the top digit, 1, is the initial acc */
        fq12_cyclotomic_sqr(&acc, &acc);
        if (BN254_X_NAF[i] > 0)
            fq12_mul(&acc, &acc, a);
        else if (BN254_X_NAF[i] < 0)
            fq12_mul(&acc, &acc, &a_inv);
    }
    *r = acc;
}

/*
 * (p^12 - 1)/r = (p^6 - 1)(p^2 + 1) * (p^4 - p^2 + 1)/r.
 * Easy part by conjugation, one inversion and a Frobenius. Hard part with
 * the base-p expansion of Scott, Benger, Charlemagne, Dominguez Perez,
 * Kachisa, "On the final exponentiation for calculating pairings on
 * ordinary elliptic curves" (2009):
 *   (p^4 - p^2 + 1)/r = p^3 + (6x^2 + 1) p^2 + (-36x^3 - 18x^2 - 12x + 1) p
 *                       + (-36x^3 - 30x^2 - 18x - 2),
 * with m^x, m^(x^2), m^(x^3) shared and inverses as conjugates (the
 * cyclotomic subgroup has m^(p^6) = m^-1). The exact exponent, so values
 * agree with other BN254 libraries, not just up to a fixed power.
 */
void bn254_final_exponentiation(fq12_t *r, const fq12_t *f)
{
    fq12_t m, t, inv;
    fq12_conj(&m, f);
    if (!fq12_inv(&inv, f)) { /* f = 0 never comes out of a Miller loop; keep the result defined */
        fq12_set_zero(r);
        return;
    }
    fq12_mul(&m, &m, &inv);
    fq12_frobenius(&t, &m, 2);
    fq12_mul(&m, &m, &t);

    fq12_t a, b, c, A, B, C, C2, C6, C12, B2, B6, B12, B18, A2, A12, A36, X, L0, L1, L2, mi;
    cyclotomic_exp_by_x(&a, &m);
    cyclotomic_exp_by_x(&b, &a);
    cyclotomic_exp_by_x(&c, &b);
    fq12_conj(&A, &c); /* m^(-x^3) */
    fq12_conj(&B, &b); /* m^(-x^2) */
    fq12_conj(&C, &a); /* m^(-x) */

    fq12_cyclotomic_sqr(&C2, &C);
    fq12_mul(&C6, &C2, &C);
    fq12_cyclotomic_sqr(&C6, &C6);
    fq12_cyclotomic_sqr(&C12, &C6);

    fq12_cyclotomic_sqr(&B2, &B);
    fq12_mul(&B6, &B2, &B);
    fq12_cyclotomic_sqr(&B6, &B6);
    fq12_cyclotomic_sqr(&B12, &B6);
    fq12_mul(&B18, &B12, &B6);

    fq12_cyclotomic_sqr(&A2, &A);
    fq12_mul(&A12, &A2, &A);
    fq12_cyclotomic_sqr(&A12, &A12);
    fq12_cyclotomic_sqr(&A12, &A12);
    fq12_cyclotomic_sqr(&A36, &A12); /* A^24 */
    fq12_mul(&A36, &A36, &A12);

    fq12_mul(&X, &A36, &B18);
    fq12_mul(&X, &X, &C12);         /* m^(-36x^3 - 18x^2 - 12x) */
    fq12_mul(&L1, &X, &m);          /* lambda_1 */
    fq12_conj(&mi, &m);
    fq12_cyclotomic_sqr(&mi, &mi);  /* m^-2 */
    fq12_mul(&L0, &X, &B12);
    fq12_mul(&L0, &L0, &C6);
    fq12_mul(&L0, &L0, &mi);        /* lambda_0 */
    fq12_conj(&L2, &B6);
    fq12_mul(&L2, &L2, &m);         /* lambda_2 = 6x^2 + 1 */

    fq12_frobenius(&t, &m, 3);
    fq12_mul(&L0, &L0, &t);
    fq12_frobenius(&t, &L2, 2);
    fq12_mul(&L0, &L0, &t);
    fq12_frobenius(&t, &L1, 1);
    fq12_mul(r, &L0, &t);
}

void bn254_pairing(fq12_t *r, const g1_affine_t *p, const g2_affine_t *q)
{
    fq12_t f;
    bn254_miller_loop(&f, p, q, 1);
    bn254_final_exponentiation(r, &f);
}

bool bn254_pairing_product_is_one(const g1_affine_t *p, const g2_affine_t *q, size_t n)
{
    fq12_t f;
    bn254_miller_loop(&f, p, q, n);
    bn254_final_exponentiation(&f, &f);
    return fq12_is_one(&f);
}
