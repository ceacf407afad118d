/* BabyJubJub gadgets against the C reference (crypto/babyjub.h): add, dbl, on-curve, fixed and variable base. */
#include "check.h"
#include "circuit/gadget_babyjub.h"
#include "circuit/gadget_bits.h"

#include <sodium.h>
#include <stdio.h>

CHECK_MAIN_STATE

static void random_scalar(uint64_t k[4], unsigned bits)
{
    randombytes_buf(k, 32);
    for (unsigned i = bits; i < 256; i++)
        k[i / 64] &= ~((uint64_t)1 << (i % 64));
}

static void random_point(babyjub_point *p)
{
    babyjub_point b8;
    babyjub_base8(&b8);
    uint64_t k[4];
    random_scalar(k, 250);
    babyjub_mul(p, &b8, k);
}

static uint32_t wire_point(cs_t *cs, g_point_t *g, const babyjub_point *p)
{
    uint32_t x = cs_wire(cs, &p->x);
    g_point_set_wires(cs, g, x, cs_wire(cs, &p->y));
    return x;
}

static void bits_of(cs_t *cs, uint32_t *bits, const uint64_t k[4], unsigned n)
{
    fr_t v;
    fr_from_canonical(&v, k);
    cs_lc_t lc;
    cs_lc_init(&lc);
    cs_lc_set_wire(cs, &lc, cs_wire(cs, &v));
    g_bits(cs, &lc, n, bits, "bits");
    cs_lc_free(&lc);
}

int main(void)
{
    CHECK(sodium_init() >= 0);
    for (int rep = 0; rep < 4; rep++) {
        cs_t cs;
        cs_init(&cs);
        babyjub_point p, q, want, got, id;
        random_point(&p);
        random_point(&q);
        babyjub_identity(&id);
        if (rep == 1)
            q = p; /* doubling through the addition law */
        if (rep == 2)
            q = id;
        g_point_t gp, gq, gr;
        g_point_init(&gp);
        g_point_init(&gq);
        g_point_init(&gr);
        wire_point(&cs, &gp, &p);
        wire_point(&cs, &gq, &q);
        g_bj_assert_on_curve(&cs, &gp, "on curve");
        uint32_t before = cs.n_constraints;
        g_bj_add(&cs, &gr, &gp, &gq, "add");
        CHECK(cs.n_constraints - before == 6);
        babyjub_add(&want, &p, &q);
        g_point_eval(&cs, &gr, &got);
        CHECK_MSG(babyjub_point_eq(&got, &want), "add rep %d", rep);

        before = cs.n_constraints;
        g_bj_dbl(&cs, &gr, &gp, "dbl");
        CHECK(cs.n_constraints - before == 5);
        babyjub_add(&want, &p, &p);
        g_point_eval(&cs, &gr, &got);
        CHECK(babyjub_point_eq(&got, &want));

        /* fixed base: k * Base8 for k < 2^251 */
        babyjub_point b8;
        babyjub_base8(&b8);
        g_fixed_table_t ft;
        CHECK(g_fixed_table_init(&ft, &b8, 251));
        uint64_t k[4];
        random_scalar(k, 251);
        if (rep == 3)
            k[0] = k[1] = k[2] = k[3] = 0;
        uint32_t bits[254];
        bits_of(&cs, bits, k, 251);
        g_bj_fixed_mul(&cs, &gr, &ft, bits, "fixed");
        babyjub_mul(&want, &b8, k);
        g_point_eval(&cs, &gr, &got);
        CHECK_MSG(babyjub_point_eq(&got, &want), "fixed rep %d", rep);
        g_fixed_table_free(&ft);

        /* variable base: k * q for k < p (254 bits) */
        g_var_table_t vt;
        CHECK(g_var_table_build(&cs, &vt, &gp, 254, "table"));
        random_scalar(k, 253); /* below p: the bits decompose a field element */
        if (rep == 2)
            for (int i = 0; i < 4; i++)
                k[i] = G_FR_MINUS_ONE[i];
        if (rep == 3)
            k[0] = k[1] = k[2] = k[3] = 0;
        bits_of(&cs, bits, k, 254);
        before = cs.n_constraints;
        g_bj_var_mul(&cs, &gr, &vt, bits, "var");
        if (rep == 0)
            printf("variable-base multiplication, 254 bits: %u constraints\n", cs.n_constraints - before);
        babyjub_mul(&want, &p, k);
        g_point_eval(&cs, &gr, &got);
        CHECK_MSG(babyjub_point_eq(&got, &want), "var rep %d", rep);
        g_var_table_free(&vt);
        CHECK_MSG(cs.satisfied, "rep %d: %s", rep, cs.first_failed_why);

        /* a point off the curve is rejected */
        cs_t bad;
        cs_init(&bad);
        babyjub_point off = p;
        fr_t one;
        fr_set_one(&one);
        fr_add(&off.y, &off.y, &one);
        g_point_t go;
        g_point_init(&go);
        wire_point(&bad, &go, &off);
        g_bj_assert_on_curve(&bad, &go, "on curve");
        CHECK(!bad.satisfied);
        g_point_free(&go);
        cs_free(&bad);

        g_point_free(&gp);
        g_point_free(&gq);
        g_point_free(&gr);
        cs_free(&cs);
    }
    return CHECK_EXIT();
}
