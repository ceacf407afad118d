/*
 * Timings of the prover's parts at prover sizes, for profiling (perf record)
 * and for comparing implementation choices in one run:
 *   bench_prover_parts [log_n] [threads]
 * FFT round trips, G1 MSM on full scalars, G1/G2 MSM on a settlement-like
 * witness (70% bits). Prints seconds; no assertions.
 */
#include "snark/fft.h"
#include "snark/msm.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void random_fr(fr_t *x)
{
    uint8_t buf[48];
    randombytes_buf(buf, sizeof buf);
    fr_from_bytes_le_reduce(x, buf, sizeof buf);
}

/* Distinct points P_i = P + i Q, converted to affine in one batch. */
#define DEFINE_POINTS(GP, AFF, JAC, FT)                                                                \
    static AFF *GP##_points(size_t n)                                                                   \
    {                                                                                                   \
        AFF *out = malloc(n * sizeof(AFF)), gen;                                                        \
        JAC *jac = malloc(n * sizeof(JAC)), g, q, cur;                                                  \
        FT *scratch = malloc(n * sizeof(FT));                                                           \
        GP##_generator(&gen);                                                                           \
        GP##_jac_from_affine(&g, &gen);                                                                 \
        uint64_t k1[4] = {0x1234567, 0x89abcdef, 7, 1}, k2[4] = {0x7654321, 0xfedcba98, 3, 2};           \
        GP##_jac_mul(&cur, &g, k1);                                                                     \
        GP##_jac_mul(&q, &g, k2);                                                                       \
        for (size_t i = 0; i < n; i++) {                                                                \
            jac[i] = cur;                                                                               \
            GP##_jac_add(&cur, &cur, &q);                                                               \
        }                                                                                               \
        GP##_jac_batch_to_affine(out, jac, n, scratch);                                                 \
        free(jac);                                                                                      \
        free(scratch);                                                                                  \
        return out;                                                                                     \
    }
DEFINE_POINTS(g1, g1_affine_t, g1_jac_t, fq_t)
DEFINE_POINTS(g2, g2_affine_t, g2_jac_t, fq2_t)

int main(int argc, char **argv)
{
    if (sodium_init() < 0)
        return 3;
    uint32_t log_n = argc > 1 ? (uint32_t)atoi(argv[1]) : 19;
    unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 0;
    size_t n = (size_t)1 << log_n;
    double t0;

    fft_domain_t d;
    fr_t *v = malloc(n * sizeof(fr_t));
    for (size_t i = 0; i < n; i++)
        random_fr(&v[i]);
    t0 = now();
    fft_domain_init(&d, log_n, threads);
    printf("fft twiddles 2^%u: %.3f s\n", log_n, now() - t0);
    t0 = now();
    fft_dif(&d, v, true, threads);
    fft_dit(&d, v, false, threads);
    printf("fft inverse+forward 2^%u: %.3f s\n", log_n, now() - t0);
    fft_domain_free(&d);

    uint64_t(*sc)[4] = malloc(n * sizeof *sc);
    for (size_t i = 0; i < n; i++)
        fr_to_canonical(sc[i], &v[i]);
    g1_affine_t *p1 = g1_points(n);
    msm_plan_t plan;
    g1_jac_t r1;
    t0 = now();
    msm_plan_init(&plan, (const uint64_t(*)[4])sc, n, threads);
    double tp = now() - t0;
    msm_g1(&r1, &plan, (const uint8_t *)p1, threads);
    printf("msm g1 2^%u full scalars: %.3f s (plan %.3f s, c=%u)\n", log_n, now() - t0, tp, plan.c);
    msm_plan_free(&plan);

    /* settlement-like: 70% bits, the rest full */
    for (size_t i = 0; i < n; i++) {
        uint32_t r = randombytes_uniform(10);
        if (r < 7)
            sc[i][0] = r & 1, sc[i][1] = sc[i][2] = sc[i][3] = 0;
    }
    t0 = now();
    msm_plan_init(&plan, (const uint64_t(*)[4])sc, n, threads);
    msm_g1(&r1, &plan, (const uint8_t *)p1, threads);
    printf("msm g1 2^%u 70%% bits: %.3f s (%zu ones, %zu big, c=%u)\n", log_n, now() - t0, plan.n_ones, plan.n_big,
           plan.c);
    free(p1);
    g2_affine_t *p2 = g2_points(n);
    g2_jac_t r2;
    t0 = now();
    msm_g2(&r2, &plan, (const uint8_t *)p2, threads);
    printf("msm g2 2^%u 70%% bits: %.3f s\n", log_n, now() - t0);
    msm_plan_free(&plan);
    free(p2);
    free(sc);
    free(v);
    return 0;
}
