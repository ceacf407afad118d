/*
 * MSM against an independent sum. Every test point has a known discrete log
 * d_i (points are walked as P_i = P_{i-1} + Q from random multiples of the
 * generator, with infinity, repeated and negated points mixed in), so
 * sum s_i P_i must equal (sum s_i d_i) G, computed with Fr arithmetic (checked
 * against GMP in test_field) and one plain scalar multiplication. Scalar
 * mixes: uniform, all zero, all one, bits with some full values, values at
 * the signed-digit boundaries; sizes 0, 1, 2, ... up to some thousands;
 * G1 and G2; one and several threads.
 */
#include "check.h"

#include "snark/msm.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

CHECK_MAIN_STATE

static void random_fr(fr_t *x)
{
    uint8_t buf[48];
    randombytes_buf(buf, sizeof buf);
    fr_from_bytes_le_reduce(x, buf, sizeof buf);
}

enum { MIX_UNIFORM, MIX_ZERO, MIX_ONE, MIX_BITS, MIX_EDGES, MIX_SMALL, MIX_COUNT };
static const char *const MIX_NAMES[] = {"uniform", "zero", "one", "bits+full", "edges", "small"};

static void make_scalar(fr_t *s, int mix)
{
    switch (mix) {
    case MIX_UNIFORM:
        random_fr(s);
        return;
    case MIX_ZERO:
        fr_set_zero(s);
        return;
    case MIX_ONE:
        fr_set_one(s);
        return;
    case MIX_BITS: {
        uint32_t r = randombytes_uniform(10);
        if (r < 7)
            fr_from_u64(s, r & 1);
        else
            random_fr(s);
        return;
    }
    case MIX_SMALL:
        /* few distinct values below 2^12: the same digits over and over, so the same buckets */
        fr_from_u64(s, 2 + randombytes_uniform(40) * 97);
        return;
    default: {
        /* powers of two and their neighbours, r - 1, r - 2^k: where signed digits carry */
        uint32_t k = randombytes_uniform(254);
        uint64_t c[4] = {0};
        c[k / 64] = (uint64_t)1 << (k % 64);
        fr_from_canonical(s, c);
        fr_t one;
        fr_set_one(&one);
        switch (randombytes_uniform(5)) {
        case 0:
            break;
        case 1:
            fr_sub(s, s, &one);
            break;
        case 2:
            fr_add(s, s, &one);
            break;
        case 3:
            fr_neg(s, s);
            break;
        default:
            fr_neg(s, &one);
            break;
        }
        return;
    }
    }
}

/* n points with known discrete logs; kind of point chosen per index. */
#define DEFINE_POINT_MAKER(GP, AFF, JAC, FT)                                                          \
    static void GP##_make_points(AFF *pts, fr_t *dlog, size_t n, size_t pool)                                      \
    {                                                                                                 \
        AFF gen;                                                                                      \
        GP##_generator(&gen);                                                                         \
        JAC g, q, cur;                                                                                \
        GP##_jac_from_affine(&g, &gen);                                                               \
        fr_t a, b;                                                                                    \
        random_fr(&a);                                                                                \
        random_fr(&b);                                                                                \
        uint64_t ca[4], cb[4];                                                                        \
        fr_to_canonical(ca, &a);                                                                      \
        fr_to_canonical(cb, &b);                                                                      \
        GP##_jac_mul(&cur, &g, ca);                                                                   \
        GP##_jac_mul(&q, &g, cb);                                                                     \
        JAC *jac = malloc((n ? n : 1) * sizeof(JAC));                                                 \
        FT *scratch = malloc((n ? n : 1) * sizeof(FT));                                               \
        fr_t d = a;                                                                                   \
        for (size_t i = 0; i < n; i++) {                                                              \
            uint32_t kind = randombytes_uniform(20);                                                  \
            if (pool && i >= pool) { /* few distinct points: buckets collide, double and cancel */    \
                size_t j = randombytes_uniform((uint32_t)pool);                                       \
                if (kind & 1) {                                                                       \
                    jac[i] = jac[j];                                                                  \
                    dlog[i] = dlog[j];                                                                \
                } else {                                                                              \
                    GP##_jac_neg(&jac[i], &jac[j]);                                                   \
                    fr_neg(&dlog[i], &dlog[j]);                                                       \
                }                                                                                     \
            } else if (kind == 0) { /* infinity */                                                           \
                GP##_jac_set_infinity(&jac[i]);                                                       \
                fr_set_zero(&dlog[i]);                                                                \
            } else if (kind == 1 && i > 0) { /* repeat an earlier point: same bucket doubles */       \
                size_t j = randombytes_uniform((uint32_t)i);                                          \
                jac[i] = jac[j];                                                                      \
                dlog[i] = dlog[j];                                                                    \
            } else if (kind == 2 && i > 0) { /* negation of an earlier point: bucket cancels */       \
                size_t j = randombytes_uniform((uint32_t)i);                                          \
                GP##_jac_neg(&jac[i], &jac[j]);                                                       \
                fr_neg(&dlog[i], &dlog[j]);                                                           \
            } else {                                                                                  \
                jac[i] = cur;                                                                         \
                dlog[i] = d;                                                                          \
                GP##_jac_add(&cur, &cur, &q);                                                         \
                fr_add(&d, &d, &b);                                                                   \
            }                                                                                         \
        }                                                                                             \
        GP##_jac_batch_to_affine(pts, jac, n, scratch);                                               \
        free(jac);                                                                                    \
        free(scratch);                                                                                \
    }

DEFINE_POINT_MAKER(g1, g1_affine_t, g1_jac_t, fq_t)
DEFINE_POINT_MAKER(g2, g2_affine_t, g2_jac_t, fq2_t)

#define DEFINE_MSM_CASE(GP, AFF, JAC)                                                                 \
    static void GP##_check_case(size_t n, int mix, unsigned threads, size_t pool)                                  \
    {                                                                                                 \
        AFF *pts = malloc((n ? n : 1) * sizeof(AFF));                                                 \
        fr_t *dlog = malloc((n ? n : 1) * sizeof(fr_t));                                              \
        uint64_t(*sc)[4] = malloc((n ? n : 1) * sizeof *sc);                                          \
        GP##_make_points(pts, dlog, n, pool);                                                               \
        fr_t e;                                                                                       \
        fr_set_zero(&e);                                                                              \
        for (size_t i = 0; i < n; i++) {                                                              \
            fr_t s, t;                                                                                \
            make_scalar(&s, mix);                                                                     \
            fr_to_canonical(sc[i], &s);                                                               \
            fr_mul(&t, &s, &dlog[i]);                                                                 \
            fr_add(&e, &e, &t);                                                                       \
        }                                                                                             \
        AFF gen;                                                                                      \
        JAC g, want, got;                                                                             \
        GP##_generator(&gen);                                                                         \
        GP##_jac_from_affine(&g, &gen);                                                               \
        uint64_t ce[4];                                                                               \
        fr_to_canonical(ce, &e);                                                                      \
        GP##_jac_mul(&want, &g, ce);                                                                  \
        msm_plan_t plan;                                                                              \
        CHECK(msm_plan_init(&plan, (const uint64_t(*)[4])sc, n, threads));                           \
        CHECK(plan.n_ones + plan.n_big <= n);                                                         \
        CHECK(msm_##GP(&got, &plan, (const uint8_t *)pts, threads));                                  \
        CHECK_MSG(GP##_jac_eq(&got, &want), #GP " MSM n=%zu mix=%s threads=%u pool=%zu (c=%u)", n,    \
                  MIX_NAMES[mix], threads, pool, plan.c);                                                   \
        msm_plan_free(&plan);                                                                         \
        free(pts);                                                                                    \
        free(dlog);                                                                                   \
        free(sc);                                                                                     \
    }

DEFINE_MSM_CASE(g1, g1_affine_t, g1_jac_t)
DEFINE_MSM_CASE(g2, g2_affine_t, g2_jac_t)

/* A section where every point is infinity (a wire absent from a matrix), with full scalars: the sum is infinity. */
static void check_all_infinity(size_t n, unsigned threads)
{
    uint64_t(*sc)[4] = malloc(n * sizeof *sc);
    uint8_t *pts = calloc(n, 128); /* the zkey writes infinity as zero bytes, G1 and G2 */
    for (size_t i = 0; i < n; i++) {
        fr_t s;
        make_scalar(&s, MIX_UNIFORM);
        fr_to_canonical(sc[i], &s);
    }
    msm_plan_t plan;
    CHECK(msm_plan_init(&plan, (const uint64_t(*)[4])sc, n, threads));
    g1_jac_t r1;
    g2_jac_t r2;
    CHECK(msm_g1(&r1, &plan, pts, threads));
    CHECK(msm_g2(&r2, &plan, pts, threads));
    CHECK_MSG(g1_jac_is_infinity(&r1), "G1 MSM over infinity points n=%zu", n);
    CHECK_MSG(g2_jac_is_infinity(&r2), "G2 MSM over infinity points n=%zu", n);
    msm_plan_free(&plan);
    free(pts);
    free(sc);
}

int main(void)
{
    if (sodium_init() < 0)
        return 3;
    static const size_t g1_sizes[] = {0, 1, 2, 3, 4, 7, 16, 33, 100, 257, 1000, 3000};
    for (size_t i = 0; i < sizeof g1_sizes / sizeof g1_sizes[0]; i++)
        for (int mix = 0; mix < MIX_COUNT; mix++)
            g1_check_case(g1_sizes[i], mix, (unsigned)(1 + (i + (size_t)mix) % 3), 0);
    /* enough big scalars for wide windows (batch-affine buckets), several threads */
    g1_check_case(6000, MIX_UNIFORM, 2, 0);
    g1_check_case(6000, MIX_EDGES, 1, 0);
    /* batch-affine under stress: 3 distinct points (and negations), few scalar values */
    g1_check_case(6000, MIX_SMALL, 2, 3);
    g1_check_case(6000, MIX_UNIFORM, 1, 3);
    g1_check_case(6000, MIX_BITS, 3, 1);
    /* long runs of scalar 1: the batched plain sum (and with 2 distinct points, its doubling/cancel path) */
    g1_check_case(20000, MIX_ONE, 2, 0);
    g1_check_case(9000, MIX_ONE, 1, 2);
    check_all_infinity(3, 1);
    check_all_infinity(3000, 2);

    static const size_t g2_sizes[] = {0, 1, 2, 5, 64, 600};
    for (size_t i = 0; i < sizeof g2_sizes / sizeof g2_sizes[0]; i++)
        for (int mix = 0; mix < MIX_COUNT; mix++)
            g2_check_case(g2_sizes[i], mix, (unsigned)(1 + (i + (size_t)mix) % 3), 0);
    g2_check_case(5000, MIX_UNIFORM, 2, 0);
    g2_check_case(5000, MIX_SMALL, 2, 4);
    g2_check_case(9000, MIX_ONE, 1, 0);
    return CHECK_EXIT();
}
