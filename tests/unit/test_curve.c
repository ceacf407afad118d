/*
 * G1 and G2 group law, scalar multiplication and encodings. Independent
 * references: GMP (affine chord-and-tangent addition on G1, scalar
 * reduction mod r, the twist constant 3/(9+u) and the cofactor), the
 * generators' published decimal coordinates (EIP-196/197), and the group
 * order r itself (r*G must vanish).
 */
#include "check.h"

#include "crypto/bn254_params.h"
#include "crypto/g1.h"
#include "crypto/g2.h"

#include <gmp.h>
#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

static const char *const P_DEC = "21888242871839275222246405745257275088696311157297823662689037894645226208583";
static const char *const R_DEC = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

/* EIP-197 G2 generator, https://eips.ethereum.org/EIPS/eip-197 */
static const char *const G2_GEN_DEC[4] = {
    "10857046999023057135944570762232829481370756359578518086990519993285655852781",
    "11559732032986387107991004021392285783925812861821192530917403151452391805634",
    "8495653923123431417604973247489272438418190587263600148770280649306958101930",
    "4082367875863433681332203403145435568316851327593401208105741076214120093531",
};

static void to_mpz(mpz_t z, const uint64_t c[4]) { mpz_import(z, 4, -1, 8, 0, 0, c); }

static void from_mpz(uint64_t c[4], const mpz_t z)
{
    memset(c, 0, 32);
    mpz_export(c, NULL, -1, 8, 0, 0, z);
}

static void random_scalar(uint64_t k[4]) { randombytes_buf(k, 32); }

static void random_g1(g1_jac_t *r)
{
    uint64_t k[4];
    g1_affine_t g;
    g1_jac_t j;
    random_scalar(k);
    g1_generator(&g);
    g1_jac_from_affine(&j, &g);
    g1_jac_mul(r, &j, k);
}

static void random_g2(g2_jac_t *r)
{
    uint64_t k[4];
    g2_affine_t g;
    g2_jac_t j;
    random_scalar(k);
    g2_generator(&g);
    g2_jac_from_affine(&j, &g);
    g2_jac_mul(r, &j, k);
}

static void fq_to_mpz(mpz_t z, const fq_t *a)
{
    uint64_t c[4];
    fq_to_canonical(c, a);
    to_mpz(z, c);
}

static void fq_from_mpz(fq_t *r, const mpz_t z)
{
    uint64_t c[4];
    from_mpz(c, z);
    fq_from_canonical(r, c);
}

/* Affine chord-and-tangent addition with mpz, the textbook formulas; x3 = NULL-free, infinity flagged. */
static bool gmp_g1_add(mpz_t x3, mpz_t y3, const mpz_t x1, const mpz_t y1, const mpz_t x2, const mpz_t y2, const mpz_t p)
{
    mpz_t lam, t;
    mpz_inits(lam, t, NULL);
    bool inf = false;
    if (mpz_cmp(x1, x2) == 0) {
        mpz_add(t, y1, y2);
        mpz_mod(t, t, p);
        if (mpz_sgn(t) == 0) {
            inf = true;
        } else {
            mpz_mul(lam, x1, x1);
            mpz_mul_ui(lam, lam, 3);
            mpz_mul_ui(t, y1, 2);
            mpz_invert(t, t, p);
            mpz_mul(lam, lam, t);
        }
    } else {
        mpz_sub(lam, y2, y1);
        mpz_sub(t, x2, x1);
        mpz_mod(t, t, p);
        mpz_invert(t, t, p);
        mpz_mul(lam, lam, t);
    }
    if (!inf) {
        mpz_mod(lam, lam, p);
        mpz_mul(t, lam, lam);
        mpz_sub(t, t, x1);
        mpz_sub(t, t, x2);
        mpz_mod(t, t, p);
        mpz_sub(y3, x1, t);
        mpz_mul(y3, y3, lam);
        mpz_sub(y3, y3, y1);
        mpz_mod(y3, y3, p);
        mpz_set(x3, t);
    }
    mpz_clears(lam, t, NULL);
    return !inf;
}

static void test_g1_against_gmp(const mpz_t p)
{
    mpz_t x1, y1, x2, y2, x3, y3;
    mpz_inits(x1, y1, x2, y2, x3, y3, NULL);
    for (int it = 0; it < 300; it++) {
        g1_jac_t a, b, s;
        g1_affine_t aa, ba, sa;
        random_g1(&a);
        if (it % 3 == 0)
            b = a; /* doubling through the addition entry points */
        else
            random_g1(&b);
        g1_jac_to_affine(&aa, &a);
        g1_jac_to_affine(&ba, &b);
        fq_to_mpz(x1, &aa.x);
        fq_to_mpz(y1, &aa.y);
        fq_to_mpz(x2, &ba.x);
        fq_to_mpz(y2, &ba.y);
        CHECK(gmp_g1_add(x3, y3, x1, y1, x2, y2, p));
        g1_affine_t expect;
        fq_from_mpz(&expect.x, x3);
        fq_from_mpz(&expect.y, y3);

        g1_jac_add(&s, &a, &b);
        g1_jac_to_affine(&sa, &s);
        CHECK(g1_affine_eq(&sa, &expect));
        g1_jac_add_affine(&s, &a, &ba);
        g1_jac_to_affine(&sa, &s);
        CHECK(g1_affine_eq(&sa, &expect));
        CHECK(g1_affine_on_curve(&sa));
        if (it % 3 == 0) {
            g1_jac_dbl(&s, &a);
            g1_jac_to_affine(&sa, &s);
            CHECK(g1_affine_eq(&sa, &expect));
        }
    }
    mpz_clears(x1, y1, x2, y2, x3, y3, NULL);
}

/* One generic body for both groups: the laws read the same. */
#define GROUP_LAW_TESTS(G, AFF, JAC, RANDOM)                                                          \
    static void test_##G##_laws(const mpz_t r)                                                        \
    {                                                                                                 \
        mpz_t k, kr;                                                                                  \
        mpz_inits(k, kr, NULL);                                                                       \
        JAC inf;                                                                                      \
        G##_jac_set_infinity(&inf);                                                                   \
        for (int it = 0; it < 40; it++) {                                                             \
            JAC a, b, c, t1, t2, na;                                                                  \
            RANDOM(&a);                                                                               \
            RANDOM(&b);                                                                               \
            RANDOM(&c);                                                                               \
            G##_jac_add(&t1, &a, &b);                                                                 \
            G##_jac_add(&t1, &t1, &c);                                                                \
            G##_jac_add(&t2, &b, &c);                                                                 \
            G##_jac_add(&t2, &a, &t2);                                                                \
            CHECK(G##_jac_eq(&t1, &t2));                                                              \
            G##_jac_add(&t1, &a, &b);                                                                 \
            G##_jac_add(&t2, &b, &a);                                                                 \
            CHECK(G##_jac_eq(&t1, &t2));                                                              \
            CHECK(!G##_jac_eq(&t1, &a));                                                              \
            G##_jac_add(&t1, &a, &inf);                                                               \
            CHECK(G##_jac_eq(&t1, &a));                                                               \
            G##_jac_add(&t1, &inf, &a);                                                               \
            CHECK(G##_jac_eq(&t1, &a));                                                               \
            G##_jac_neg(&na, &a);                                                                     \
            G##_jac_add(&t1, &a, &na);                                                                \
            CHECK(G##_jac_is_infinity(&t1));                                                          \
            AFF aa, naa, ta;                                                                          \
            G##_jac_to_affine(&aa, &a);                                                               \
            G##_affine_neg(&naa, &aa);                                                                \
            G##_jac_add_affine(&t1, &a, &naa);                                                        \
            CHECK(G##_jac_is_infinity(&t1));                                                          \
            G##_jac_add_affine(&t1, &a, &aa);                                                         \
            G##_jac_dbl(&t2, &a);                                                                     \
            CHECK(G##_jac_eq(&t1, &t2));                                                              \
            G##_jac_add(&t1, &a, &a);                                                                 \
            CHECK(G##_jac_eq(&t1, &t2));                                                              \
            G##_jac_add_affine(&t1, &inf, &aa);                                                       \
            CHECK(G##_jac_eq(&t1, &a));                                                               \
            G##_affine_set_infinity(&ta);                                                             \
            G##_jac_add_affine(&t1, &a, &ta);                                                         \
            CHECK(G##_jac_eq(&t1, &a));                                                               \
            G##_jac_dbl(&t1, &inf);                                                                   \
            CHECK(G##_jac_is_infinity(&t1));                                                          \
            CHECK(G##_affine_on_curve(&aa));                                                          \
            /* k*P with k >= r equals (k mod r)*P, reduction done by GMP */                           \
            uint64_t kl[4], krl[4];                                                                   \
            random_scalar(kl);                                                                        \
            to_mpz(k, kl);                                                                            \
            mpz_mod(kr, k, r);                                                                        \
            from_mpz(krl, kr);                                                                        \
            G##_jac_mul(&t1, &a, kl);                                                                 \
            G##_jac_mul(&t2, &a, krl);                                                                \
            CHECK(G##_jac_eq(&t1, &t2));                                                              \
            /* distributivity: k*(a+b) = k*a + k*b */                                                 \
            G##_jac_add(&t1, &a, &b);                                                                 \
            G##_jac_mul(&t1, &t1, kl);                                                                \
            G##_jac_mul(&t2, &a, kl);                                                                 \
            G##_jac_mul(&na, &b, kl);                                                                 \
            G##_jac_add(&t2, &t2, &na);                                                               \
            CHECK(G##_jac_eq(&t1, &t2));                                                              \
        }                                                                                             \
        /* k*P against k-1 additions of P for small k */                                              \
        JAC p, sum, m;                                                                                \
        RANDOM(&p);                                                                                   \
        G##_jac_set_infinity(&sum);                                                                   \
        for (uint64_t kk = 0; kk < 70; kk++) {                                                        \
            uint64_t kl[4] = {kk, 0, 0, 0};                                                           \
            G##_jac_mul(&m, &p, kl);                                                                  \
            CHECK_MSG(G##_jac_eq(&m, &sum), "k = %llu", (unsigned long long)kk);                      \
            G##_jac_add(&sum, &sum, &p);                                                              \
        }                                                                                             \
        /* batch conversion, with an infinity in the middle */                                        \
        JAC pts[5];                                                                                   \
        AFF out[5], one;                                                                              \
        __typeof__(pts[0].z) scratch[5];                                                              \
        for (int i = 0; i < 5; i++)                                                                   \
            RANDOM(&pts[i]);                                                                          \
        G##_jac_set_infinity(&pts[2]);                                                                \
        G##_jac_batch_to_affine(out, pts, 5, scratch);                                                \
        for (int i = 0; i < 5; i++) {                                                                 \
            G##_jac_to_affine(&one, &pts[i]);                                                         \
            CHECK(G##_affine_eq(&one, &out[i]));                                                      \
        }                                                                                             \
        CHECK(G##_affine_is_infinity(&out[2]));                                                       \
        mpz_clears(k, kr, NULL);                                                                      \
    }

GROUP_LAW_TESTS(g1, g1_affine_t, g1_jac_t, random_g1)
GROUP_LAW_TESTS(g2, g2_affine_t, g2_jac_t, random_g2)

static void test_orders(const mpz_t r)
{
    uint64_t rl[4], rm1[4];
    mpz_t t;
    mpz_init(t);
    from_mpz(rl, r);
    mpz_sub_ui(t, r, 1);
    from_mpz(rm1, t);
    mpz_clear(t);

    g1_affine_t g1a, ng1;
    g1_jac_t g1, m1;
    g1_generator(&g1a);
    g1_jac_from_affine(&g1, &g1a);
    g1_jac_mul(&m1, &g1, rl);
    CHECK(g1_jac_is_infinity(&m1));
    g1_jac_mul(&m1, &g1, rm1);
    g1_affine_neg(&ng1, &g1a);
    g1_affine_t m1a;
    g1_jac_to_affine(&m1a, &m1);
    CHECK(g1_affine_eq(&m1a, &ng1));

    g2_affine_t g2a, ng2, m2a;
    g2_jac_t g2, m2;
    g2_generator(&g2a);
    g2_jac_from_affine(&g2, &g2a);
    g2_jac_mul(&m2, &g2, rl);
    CHECK(g2_jac_is_infinity(&m2));
    g2_jac_mul(&m2, &g2, rm1);
    g2_affine_neg(&ng2, &g2a);
    g2_jac_to_affine(&m2a, &m2);
    CHECK(g2_affine_eq(&m2a, &ng2));
    CHECK(g2_affine_in_subgroup(&g2a));

    /* fr scalar entry point: (r-1) as an Fr element is -1 */
    fr_t minus_one;
    fr_set_one(&minus_one);
    fr_neg(&minus_one, &minus_one);
    g1_affine_mul(&m1a, &g1a, &minus_one);
    CHECK(g1_affine_eq(&m1a, &ng1));
    g2_affine_mul(&m2a, &g2a, &minus_one);
    CHECK(g2_affine_eq(&m2a, &ng2));
}

static void test_generators(void)
{
    g1_affine_t g1a, d1;
    g1_generator(&g1a);
    CHECK(g1_from_dec(&d1, "1", "2", "1"));
    CHECK(g1_affine_eq(&g1a, &d1));
    CHECK(g1_affine_on_curve(&g1a));

    g2_affine_t g2a, d2;
    const char *const z[2] = {"1", "0"};
    g2_generator(&g2a);
    CHECK(g2_from_dec(&d2, G2_GEN_DEC, z));
    CHECK(g2_affine_eq(&g2a, &d2));
    CHECK(g2_affine_on_curve(&g2a));
}

/* b' = 3/(9+u) = 3(9-u)/82, computed with GMP and compared through a fresh twist point. */
static void twist_b_gmp(fq2_t *b, const mpz_t p)
{
    mpz_t inv82, t;
    mpz_inits(inv82, t, NULL);
    mpz_set_ui(inv82, 82);
    mpz_invert(inv82, inv82, p);
    mpz_mul_ui(t, inv82, 27);
    mpz_mod(t, t, p);
    fq_from_mpz(&b->c0, t);
    mpz_mul_ui(t, inv82, 3);
    mpz_neg(t, t);
    mpz_mod(t, t, p);
    fq_from_mpz(&b->c1, t);
    mpz_clears(inv82, t, NULL);
}

/* A point of the twist, found from x = seed, seed+1, ...: almost surely outside the order-r subgroup. */
static void twist_point(g2_affine_t *q, const fq2_t *b, uint64_t seed)
{
    for (uint64_t s = seed;; s++) {
        fq2_t x, rhs, y, chk;
        fq_from_u64(&x.c0, s);
        fq_from_u64(&x.c1, 1);
        fq2_sqr(&rhs, &x);
        fq2_mul(&rhs, &rhs, &x);
        fq2_add(&rhs, &rhs, b);
        if (!fq2_sqrt(&y, &rhs))
            continue;
        fq2_sqr(&chk, &y);
        CHECK(fq2_eq(&chk, &rhs));
        q->x = x;
        q->y = y;
        return;
    }
}

/* The private parameter tables against their definitions, with GMP. */
static void test_params(const mpz_t p, const mpz_t r)
{
    mpz_t x, t, acc;
    mpz_inits(x, t, acc, NULL);
    mpz_set_ui(x, 0);
    mpz_import(x, 1, -1, 8, 0, 0, &BN254_X);
    /* p = 36x^4 + 36x^3 + 24x^2 + 6x + 1 and r = p - 6x^2 */
    mpz_set_ui(acc, 36);
    mpz_mul(acc, acc, x);
    mpz_add_ui(acc, acc, 36);
    mpz_mul(acc, acc, x);
    mpz_add_ui(acc, acc, 24);
    mpz_mul(acc, acc, x);
    mpz_add_ui(acc, acc, 6);
    mpz_mul(acc, acc, x);
    mpz_add_ui(acc, acc, 1);
    CHECK(mpz_cmp(acc, p) == 0);
    mpz_mul(t, x, x);
    mpz_mul_ui(t, t, 6);
    mpz_sub(acc, p, t);
    CHECK(mpz_cmp(acc, r) == 0);
    uint64_t l[4];
    from_mpz(l, t);
    CHECK(memcmp(l, BN254_SIX_X_SQUARED, 32) == 0);

    /* the NAF digits: in {-1, 0, 1}, no two adjacent nonzero, value 6x + 2, top digit 1 */
    mpz_set_ui(acc, 0);
    for (int i = BN254_ATE_LOOP_LEN - 1; i >= 0; i--) {
        int d = BN254_ATE_LOOP_NAF[i];
        CHECK(d >= -1 && d <= 1);
        if (i > 0)
            CHECK(d == 0 || BN254_ATE_LOOP_NAF[i - 1] == 0);
        mpz_mul_2exp(acc, acc, 1);
        if (d > 0)
            mpz_add_ui(acc, acc, 1);
        else if (d < 0)
            mpz_sub_ui(acc, acc, 1);
    }
    CHECK(BN254_ATE_LOOP_NAF[BN254_ATE_LOOP_LEN - 1] == 1);
    mpz_mul_ui(t, x, 6);
    mpz_add_ui(t, t, 2);
    CHECK(mpz_cmp(acc, t) == 0);

    mpz_set_ui(acc, 0);
    for (int i = BN254_X_NAF_LEN - 1; i >= 0; i--) {
        int d = BN254_X_NAF[i];
        CHECK(d >= -1 && d <= 1);
        mpz_mul_2exp(acc, acc, 1);
        if (d > 0)
            mpz_add_ui(acc, acc, 1);
        else if (d < 0)
            mpz_sub_ui(acc, acc, 1);
    }
    CHECK(BN254_X_NAF[BN254_X_NAF_LEN - 1] == 1);
    CHECK(mpz_cmp(acc, x) == 0);

    fq2_t b;
    twist_b_gmp(&b, p);
    CHECK(fq2_eq(&b, &BN254_TWIST_B));
    mpz_clears(x, t, acc, NULL);
}

static void test_twist_cofactor(const mpz_t p, const mpz_t r)
{
    fq2_t b;
    twist_b_gmp(&b, p);
    mpz_t h;
    mpz_init(h);
    mpz_mul_ui(h, p, 2);
    mpz_sub(h, h, r); /* #E'(Fq2) = r (2p - r) */
    uint64_t hl[4], rl[4];
    from_mpz(hl, h);
    from_mpz(rl, r);
    mpz_clear(h);

    for (uint64_t seed = 1; seed < 4; seed++) {
        g2_affine_t q, cleared;
        twist_point(&q, &b, seed * 1000);
        CHECK(g2_affine_on_curve(&q));
        /* ground truth by the definition: r Q != O */
        g2_jac_t rq;
        g2_jac_from_affine(&rq, &q);
        g2_jac_mul(&rq, &rq, rl);
        CHECK(!g2_jac_is_infinity(&rq));
        CHECK(!g2_affine_in_subgroup(&q));
        uint8_t enc[128];
        g2_to_eip197(enc, &q);
        g2_affine_t dec;
        CHECK(!g2_from_eip197(&dec, enc));
        char xy[4][80], z[2][80];
        g2_to_dec(xy, z, &q);
        const char *xyp[4] = {xy[0], xy[1], xy[2], xy[3]};
        const char *zp[2] = {z[0], z[1]};
        CHECK(!g2_from_dec(&dec, xyp, zp));

        g2_jac_t j;
        g2_jac_from_affine(&j, &q);
        g2_jac_mul(&j, &j, hl);
        g2_jac_to_affine(&cleared, &j);
        CHECK(!g2_affine_is_infinity(&cleared));
        g2_jac_mul(&rq, &j, rl);
        CHECK(g2_jac_is_infinity(&rq));
        CHECK(g2_affine_in_subgroup(&cleared));
        /* and a subgroup point plus a non-subgroup point is outside again */
        g2_jac_add_affine(&j, &j, &q);
        g2_jac_to_affine(&cleared, &j);
        CHECK(!g2_affine_in_subgroup(&cleared));
    }
}

static void test_encodings(void)
{
    for (int it = 0; it < 20; it++) {
        g1_jac_t j1;
        g1_affine_t a1, d1;
        random_g1(&j1);
        g1_jac_to_affine(&a1, &j1);
        uint8_t e1[64];
        g1_to_eip196(e1, &a1);
        CHECK(g1_from_eip196(&d1, e1));
        CHECK(g1_affine_eq(&a1, &d1));
        char x[80], y[80], z[80];
        g1_to_dec(x, y, z, &a1);
        CHECK(strcmp(z, "1") == 0);
        CHECK(g1_from_dec(&d1, x, y, z));
        CHECK(g1_affine_eq(&a1, &d1));
        /* big-endian x: the last byte is the lowest */
        uint64_t c[4];
        fq_to_canonical(c, &a1.x);
        CHECK(e1[31] == (uint8_t)c[0] && e1[0] == (uint8_t)(c[3] >> 56));

        g2_jac_t j2;
        g2_affine_t a2, d2;
        random_g2(&j2);
        g2_jac_to_affine(&a2, &j2);
        uint8_t e2[128];
        g2_to_eip197(e2, &a2);
        CHECK(g2_from_eip197(&d2, e2));
        CHECK(g2_affine_eq(&a2, &d2));
        /* imaginary part first */
        fq_to_canonical(c, &a2.x.c1);
        CHECK(e2[31] == (uint8_t)c[0]);
        fq_to_canonical(c, &a2.y.c0);
        CHECK(e2[127] == (uint8_t)c[0]);
        char xy[4][80], z2[2][80];
        g2_to_dec(xy, z2, &a2);
        const char *xyp[4] = {xy[0], xy[1], xy[2], xy[3]};
        const char *zp[2] = {z2[0], z2[1]};
        CHECK(g2_from_dec(&d2, xyp, zp));
        CHECK(g2_affine_eq(&a2, &d2));

        /* off the curve: flip one bit of y's lowest byte */
        e1[63] ^= 1;
        CHECK(!g1_from_eip196(&d1, e1));
        e2[127] ^= 1;
        CHECK(!g2_from_eip197(&d2, e2));
    }

    /* infinity: all-zero bytes, and the snarkjs ("0","1","0") form */
    uint8_t zero1[64] = {0}, zero2[128] = {0}, e1[64], e2[128];
    g1_affine_t i1, d1;
    g2_affine_t i2, d2;
    g1_affine_set_infinity(&i1);
    g2_affine_set_infinity(&i2);
    g1_to_eip196(e1, &i1);
    g2_to_eip197(e2, &i2);
    CHECK(memcmp(e1, zero1, 64) == 0);
    CHECK(memcmp(e2, zero2, 128) == 0);
    CHECK(g1_from_eip196(&d1, zero1) && g1_affine_is_infinity(&d1));
    CHECK(g2_from_eip197(&d2, zero2) && g2_affine_is_infinity(&d2));
    char x[80], y[80], z[80];
    g1_to_dec(x, y, z, &i1);
    CHECK(strcmp(x, "0") == 0 && strcmp(y, "1") == 0 && strcmp(z, "0") == 0);
    CHECK(g1_from_dec(&d1, x, y, z) && g1_affine_is_infinity(&d1));
    char xy[4][80], z2[2][80];
    g2_to_dec(xy, z2, &i2);
    const char *xyp[4] = {xy[0], xy[1], xy[2], xy[3]};
    const char *zp[2] = {z2[0], z2[1]};
    CHECK(g2_from_dec(&d2, xyp, zp) && g2_affine_is_infinity(&d2));

    /* coordinates >= p: the generator with p added to x (still below 2^256) */
    mpz_t t;
    mpz_init_set_str(t, P_DEC, 10);
    mpz_add_ui(t, t, 1);
    uint8_t bad1[64] = {0};
    size_t cnt;
    mpz_export(bad1 + 32 - (mpz_sizeinbase(t, 256)), &cnt, 1, 1, 1, 0, t);
    bad1[63] = 2; /* (p + 1, 2) is (1, 2) if reduced */
    CHECK(!g1_from_eip196(&d1, bad1));
    CHECK(!g1_from_dec(&d1, P_DEC, "2", "1"));
    CHECK(!g1_from_dec(&d1, "1", "3", "1"));     /* off the curve */
    CHECK(!g1_from_dec(&d1, "1", "2", "2"));     /* not affine */
    CHECK(!g1_from_dec(&d1, "1x", "2", "1"));    /* not a number */
    g2_affine_t g2a;
    g2_generator(&g2a);
    g2_to_eip197(e2, &g2a);
    /* x.c1 + p: same value mod p, must be refused */
    mpz_t xc1;
    mpz_init_set_str(xc1, G2_GEN_DEC[1], 10);
    mpz_add(xc1, xc1, t);
    mpz_sub_ui(xc1, xc1, 1);
    memset(e2, 0, 32);
    mpz_export(e2 + 32 - mpz_sizeinbase(xc1, 256), &cnt, 1, 1, 1, 0, xc1);
    CHECK(!g2_from_eip197(&d2, e2));
    mpz_clears(t, xc1, NULL);
}

int main(void)
{
    if (sodium_init() < 0)
        return 3;
    mpz_t p, r;
    mpz_init_set_str(p, P_DEC, 10);
    mpz_init_set_str(r, R_DEC, 10);
    test_generators();
    test_params(p, r);
    test_g1_against_gmp(p);
    test_g1_laws(r);
    test_g2_laws(r);
    test_orders(r);
    test_twist_cofactor(p, r);
    test_encodings();
    mpz_clears(p, r, NULL);
    return CHECK_EXIT();
}
