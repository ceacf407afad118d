/* BabyJubJub gadgets against the C reference (crypto/babyjub.h): add, dbl, on-curve, fixed and variable base. */
#include "check.h"
#include "circuit/gadget_babyjub.h"
#include "circuit/gadget_bits.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

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

/* ---- fixed base: edge scalars and every hint pinned ---- */

typedef struct {
    uint32_t target; /* wire to overwrite, 0 for none */
} bump_t;

static void bump_wire(void *ctx, uint32_t wire, fr_t *value)
{
    const bump_t *b = ctx;
    if (wire == b->target) {
        fr_t one;
        fr_set_one(&one);
        fr_add(value, value, &one);
    }
}

/* Synthesises k * Base8 (k < 2^251); range of wires the multiplication allocated; whether all held. */
static bool fixed_mul_run(const g_fixed_table_t *ft, const uint64_t k[4], uint32_t target, babyjub_point *got,
                          uint32_t *first_wire, uint32_t *end_wire)
{
    cs_t cs;
    cs_init_mode(&cs, CS_WITNESS_ONLY);
    bump_t b = {target};
    cs.tamper = bump_wire;
    cs.tamper_ctx = &b;
    uint32_t bits[251];
    bits_of(&cs, bits, k, 251);
    g_point_t gr;
    g_point_init(&gr);
    *first_wire = cs.n_wires;
    g_bj_fixed_mul(&cs, &gr, ft, bits, "fixed");
    *end_wire = cs.n_wires;
    g_point_eval(&cs, &gr, got);
    bool sat = cs.satisfied;
    g_point_free(&gr);
    cs_free(&cs);
    return sat;
}

/*
 * The Montgomery windows use incomplete additions: scalars whose windows sit
 * at the edges (all digits 0 or 7, 7 then 0 -- the pattern that collides when
 * the window offset is 1 instead of 8 --, l - 1, 2^251 - 1) give the right
 * point with every constraint satisfied; and each wire the multiplication
 * allocates, changed by one, breaks a constraint (no hint is left free).
 */
static void test_fixed_edges(void)
{
    babyjub_point b8, got, want;
    babyjub_base8(&b8);
    g_fixed_table_t ft;
    CHECK(g_fixed_table_init(&ft, &b8, 251));
    CHECK(ft.n_mont >= 1 && ft.n_mont < ft.n_windows);
    const uint64_t l_minus_1[4] = {0x677297dc392126f0ULL, 0xab3eedb83920ee0aULL, 0x370a08b6d0302b0bULL,
                                   0x060c89ce5c263405ULL}; /* l - 1, l from crypto/babyjub.h */
    uint64_t k[8][4] = {{0}, {7}, {7 | (7 << 6)}, {0}, {0}, {0}, {0}, {0}};
    memcpy(k[3], l_minus_1, sizeof k[3]);
    for (int i = 0; i < 4; i++)
        k[4][i] = i < 3 ? ~0ULL : (1ULL << (251 - 192)) - 1; /* 2^251 - 1 */
    for (int i = 0; i < 4; i++) /* the octal digits 7 0 7 0 ... */
        k[5][i] = 0x71c71c71c71c71c7ULL & (i < 3 ? ~0ULL : (1ULL << (251 - 192)) - 1);
    k[6][1] = 1; /* a single digit in the middle */
    k[7][3] = 1ULL << (250 - 192); /* only the top bit */
    uint32_t first = 0, end = 0;
    for (int t = 0; t < 8; t++) {
        bool sat = fixed_mul_run(&ft, k[t], 0, &got, &first, &end);
        babyjub_mul(&want, &b8, k[t]);
        CHECK_MSG(sat && babyjub_point_eq(&got, &want), "fixed-base edge scalar %d", t);
    }
    uint64_t r[4];
    random_scalar(r, 251);
    uint32_t free_wires = 0;
    fixed_mul_run(&ft, r, 0, &got, &first, &end);
    for (uint32_t w = first; w < end; w++)
        if (fixed_mul_run(&ft, r, w, &got, &first, &end))
            free_wires++;
    CHECK_MSG(free_wires == 0, "%u of %u fixed-base wires can change without breaking a constraint", free_wires,
              end - first);
    printf("fixed base: %u Montgomery windows of %u; %u wires, each pinned\n", ft.n_mont, ft.n_windows, end - first);
    g_fixed_table_free(&ft);
}

/* Synthesises the table of q and k * q (k < 2^n_bits); the wires both allocated; whether all held. */
static bool var_mul_run(const babyjub_point *q, const uint64_t k[4], unsigned n_bits, uint32_t target,
                        babyjub_point *got, uint32_t *first_wire, uint32_t *end_wire)
{
    cs_t cs;
    cs_init_mode(&cs, CS_WITNESS_ONLY);
    bump_t b = {target};
    cs.tamper = bump_wire;
    cs.tamper_ctx = &b;
    uint32_t bits[254];
    bits_of(&cs, bits, k, n_bits);
    g_point_t gq, gr;
    g_point_init(&gq);
    g_point_init(&gr);
    g_point_set_const(&cs, &gq, q); /* q fixed: what is tested is that the table and product are pinned by it */
    *first_wire = cs.n_wires;
    g_var_table_t vt;
    bool ok = g_var_table_build(&cs, &vt, &gq, n_bits, "table");
    g_bj_var_mul(&cs, &gr, &vt, bits, "var");
    *end_wire = cs.n_wires;
    g_point_eval(&cs, &gr, got);
    bool sat = ok && cs.satisfied;
    g_var_table_free(&vt);
    g_point_free(&gq);
    g_point_free(&gr);
    cs_free(&cs);
    return sat;
}

/*
 * The same for the variable base with its Montgomery windows: edge scalars
 * (0, p - 1, all digits 3, digits 3 0 3 0 ..., one digit, the top bit) give
 * the right point with every constraint holding, and every wire of the table
 * and of the product, changed by one, breaks a constraint (checked on a
 * 40-bit multiplication, 19 Montgomery windows and one Edwards window, to
 * keep the test short: each window's wiring is the same at any length).
 */
static void test_var_edges(void)
{
    babyjub_point q, got, want;
    random_point(&q);
    uint64_t k[6][4] = {{0}, {0}, {0}, {0}, {0}, {0}};
    memcpy(k[1], G_FR_MINUS_ONE, sizeof k[1]);
    for (int i = 0; i < 4; i++) {
        k[2][i] = i < 3 ? ~0ULL : (1ULL << (253 - 192)) - 1;  /* 2^253 - 1 */
        k[3][i] = 0x3333333333333333ULL & (i < 3 ? ~0ULL : (1ULL << (253 - 192)) - 1);
    }
    k[4][2] = 2;
    k[5][3] = 1ULL << (253 - 192);
    uint32_t first = 0, end = 0;
    for (int t = 0; t < 6; t++) {
        bool sat = var_mul_run(&q, k[t], 254, 0, &got, &first, &end);
        babyjub_mul(&want, &q, k[t]);
        CHECK_MSG(sat && babyjub_point_eq(&got, &want), "variable-base edge scalar %d", t);
    }
    uint64_t r[4];
    random_scalar(r, 40);
    uint32_t free_wires = 0;
    var_mul_run(&q, r, 40, 0, &got, &first, &end);
    uint32_t n = end - first;
    for (uint32_t w = first; w < first + n; w++) {
        uint32_t f2, e2;
        if (var_mul_run(&q, r, 40, w, &got, &f2, &e2))
            free_wires++;
    }
    CHECK_MSG(free_wires == 0, "%u of %u variable-base wires can change without breaking a constraint", free_wires, n);
    printf("variable base: %u wires (table and product), each pinned\n", n);
}

/* The Montgomery coefficients used in-circuit are A = 2(a + d)/(a - d), B = 4/(a - d) of the Edwards curve. */
static void test_mont_coeffs(void)
{
    fr_t a, d, s, t, inv, four, want_a, want_b, got_a, got_b;
    babyjub_const_a(&a);
    babyjub_const_d(&d);
    fr_add(&s, &a, &d);
    fr_add(&s, &s, &s);
    fr_sub(&t, &a, &d);
    CHECK(fr_inv(&inv, &t));
    fr_mul(&want_a, &s, &inv);
    fr_from_u64(&four, 4);
    fr_mul(&want_b, &four, &inv);
    g_mont_coeffs(&got_a, &got_b);
    CHECK(fr_eq(&got_a, &want_a) && fr_eq(&got_b, &want_b));
}

int main(void)
{
    test_mont_coeffs();
    test_fixed_edges();
    test_var_edges();
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
