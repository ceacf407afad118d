/*
 * Groth16 prover over a mapped snarkjs .zkey, computing what snarkjs's
 * groth16_prove.js and rapidsnark's groth16.cpp compute:
 *
 *   A_T, B_T  = the A and B matrices times the witness, per constraint
 *               (the .zkey coefficient section), C_T = A_T * B_T pointwise;
 *   each polynomial is interpolated (inverse FFT), moved to the coset
 *   omega_2n * <omega_n> and evaluated there (FFT); H_T = A*B - C on the coset
 *   pairs with the key's H points (which already hold the 1/Z factor);
 *   pi_A = alpha1 + sum w_i A_i + r delta1
 *   pi_B = beta2  + sum w_i B2_i + s delta2            (G2)
 *   pi_C = sum_{private} w_i C_i + sum H_T,i H_i + s pi_A + r (beta1 + sum w_i B1_i + s delta1) - r s delta1
 *
 * Memory: the three domain-sized Fr arrays exist only until the H scalars are
 * recoded into MSM digits; the key is read in place through the mapping.
 */
#include "snark/groth16.h"

#include "snark/fft.h"
#include "snark/msm.h"
#include "snark/parallel.h"

#include <sodium.h>
#include "util/err.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * Drops the pages of a key section this proof is done with from our resident
 * set. The mapping is a read-only file mapping, so the pages stay in the page
 * cache and would fault back in if touched again; this only keeps the peak
 * RSS at one section's worth instead of the whole key's.
 */
static void release_section(const uint8_t *data, size_t len)
{
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0 || len == 0)
        return;
    uintptr_t begin = ((uintptr_t)data + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    uintptr_t end = ((uintptr_t)data + len) & ~((uintptr_t)page - 1);
    if (end > begin)
        (void)madvise((void *)begin, end - begin, MADV_DONTNEED);
}

/*
 * The .zkey stores each coefficient as the Montgomery limbs of coef * R
 * (snarkjs zkey_new.js writes coef * R^2 in standard form), so that one
 * Montgomery product with a standard-form witness value lands in Montgomery
 * form. Our witness is already in Montgomery form, so every product carries
 * one extra factor R; it is divided out later, folded into the 1/n scaling of
 * the inverse FFT.
 */
typedef struct {
    const zkey_t *zk;
    const fr_t *witness;
    fr_t *a, *b, *c;
    size_t n;
    atomic_bool bad_entry; /* set by any worker that meets an entry out of range */
} abc_job;

/* Each worker scans every entry and keeps the constraints in its own slice, so no two write one element. */
static void abc_accumulate(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    abc_job *job = ctx;
    const zkey_t *zk = job->zk;
    for (uint32_t k = 0; k < zk->n_coefs; k++) {
        const uint8_t *e = zk->coefs + (size_t)k * ZKEY_COEF_BYTES;
        uint32_t matrix, constraint, signal;
        memcpy(&matrix, e, 4);
        memcpy(&constraint, e + 4, 4);
        memcpy(&signal, e + 8, 4);
        if (constraint < begin || constraint >= end)
            continue; /* matrix and signal were range-checked by abc_bounds */
        fr_t coef, t;
        memcpy(&coef, e + 12, sizeof coef);
        fr_mul(&t, &coef, &job->witness[signal]);
        fr_t *dst = matrix == 0 ? &job->a[constraint] : &job->b[constraint];
        fr_add(dst, dst, &t);
    }
}

static void abc_bounds(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    abc_job *job = ctx;
    for (size_t k = begin; k < end; k++) {
        uint32_t field[3]; /* matrix, constraint, signal */
        memcpy(field, job->zk->coefs + k * ZKEY_COEF_BYTES, sizeof field);
        if (field[0] > 1 || field[1] >= job->n || field[2] >= job->zk->n_vars)
            atomic_store_explicit(&job->bad_entry, true, memory_order_relaxed);
    }
}

static void c_from_ab(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    abc_job *job = ctx;
    for (size_t i = begin; i < end; i++)
        fr_mul(&job->c[i], &job->a[i], &job->b[i]);
}

/* a <- canonical(a * b - c), the H scalars. */
static void h_from_abc(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    abc_job *job = ctx;
    for (size_t i = begin; i < end; i++) {
        fr_t t;
        fr_mul(&t, &job->a[i], &job->b[i]);
        fr_sub(&t, &t, &job->c[i]);
        fr_to_canonical(job->a[i].limb, &t);
    }
}

typedef struct {
    const fr_t *in;
    uint64_t (*out)[4];
} canon_job;

static void to_canonical_range(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    canon_job *job = ctx;
    for (size_t i = begin; i < end; i++)
        fr_to_canonical(job->out[i], &job->in[i]);
}

/* Interpolate, move to the coset, evaluate: natural in, natural out, no permutation passes. */
static void to_coset_evaluations(const fft_domain_t *d, fr_t *v, const fr_t *shift, const fr_t *scale,
                                 unsigned threads)
{
    fft_dif(d, v, true, threads);
    fft_coset_scale_bitrev(d, v, shift, scale, threads);
    fft_dit(d, v, false, threads);
}

/* The H term: sum_i (A*B - C)(coset_i) * H_i. */
static bool h_term(g1_jac_t *out, const zkey_t *zk, const fr_t *witness, unsigned threads, char *err,
                   size_t err_len)
{
    size_t n = zk->domain_size;
    fft_domain_t d;
    if (!fft_domain_init(&d, zk->log_domain, threads))
        return zks_fail(err, err_len, "out of memory for the FFT domain");
    fr_t *abc = calloc(3 * n, sizeof(fr_t));
    if (!abc) {
        fft_domain_free(&d);
        return zks_fail(err, err_len, "out of memory for the QAP evaluations");
    }
    abc_job job = {.zk = zk, .witness = witness, .a = abc, .b = abc + n, .c = abc + 2 * n, .n = n};
    atomic_init(&job.bad_entry, false);
    par_for(zk->n_coefs, threads, abc_bounds, &job);
    if (atomic_load(&job.bad_entry)) {
        free(abc);
        fft_domain_free(&d);
        return zks_fail(err, err_len, "zkey coefficient section refers to a matrix, constraint or signal out of range");
    }
    par_for(n, threads, abc_accumulate, &job);
    release_section(zk->coefs, (size_t)zk->n_coefs * ZKEY_COEF_BYTES);
    par_for(n, threads, c_from_ab, &job);

    /* Scale factors: 1/n from the inverse FFT, 1/R per factor of R the products carry (A, B: one; C: two). */
    fr_t r_mont, r_inv, scale_ab, scale_c, shift;
    memcpy(r_mont.limb, FR_MODULUS.r2, sizeof r_mont.limb); /* Montgomery form of the value R */
    fr_inv(&r_inv, &r_mont);
    fr_mul(&scale_ab, &d.n_inv, &r_inv);
    fr_mul(&scale_c, &scale_ab, &r_inv);
    fft_root_of_unity(&shift, zk->log_domain + 1); /* snarkjs: Fr.w[power + 1] */
    to_coset_evaluations(&d, job.a, &shift, &scale_ab, threads);
    to_coset_evaluations(&d, job.b, &shift, &scale_ab, threads);
    to_coset_evaluations(&d, job.c, &shift, &scale_c, threads);
    fft_domain_free(&d);
    par_for(n, threads, h_from_abc, &job);

    msm_plan_t plan;
    bool ok = msm_plan_init(&plan, (const uint64_t(*)[4])abc, n, threads);
    sodium_memzero(abc, 3 * n * sizeof(fr_t)); /* derived from the witness */
    free(abc);
    if (!ok)
        return zks_fail(err, err_len, "out of memory for the H multiexponentiation");
    ok = msm_g1(out, &plan, zk->h, threads);
    release_section(zk->h, n * ZKEY_G1_BYTES);
    msm_plan_free(&plan);
    return ok || zks_fail(err, err_len, "out of memory in the H multiexponentiation");
}

static void random_fr(fr_t *x)
{
    /* 48 bytes reduced mod r: bias below 2^-128 */
    uint8_t buf[48];
    randombytes_buf(buf, sizeof buf);
    fr_from_bytes_le_reduce(x, buf, sizeof buf);
    sodium_memzero(buf, sizeof buf);
}

static void g1_add_mul(g1_jac_t *acc, const g1_jac_t *p, const fr_t *k)
{
    uint64_t c[4];
    g1_jac_t t;
    fr_to_canonical(c, k);
    g1_jac_mul(&t, p, c);
    g1_jac_add(acc, acc, &t);
    sodium_memzero(c, sizeof c);
}

static void g1_add_affine_mul(g1_jac_t *acc, const g1_affine_t *p, const fr_t *k)
{
    g1_jac_t j;
    g1_jac_from_affine(&j, p);
    g1_add_mul(acc, &j, k);
}

bool groth16_prove(const zkey_t *zk, const fr_t *witness, groth16_proof_t *proof, unsigned threads, char *err,
                   size_t err_len)
{
    threads = par_threads(threads);
    if (zk->log_domain > FFT_MAX_LOG || zk->domain_size != (uint32_t)1 << zk->log_domain)
        return zks_fail(err, err_len, "zkey domain 2^%u is not supported (at most 2^%u)", zk->log_domain,
                          FFT_MAX_LOG);
    if (zk->n_vars == 0 || zk->n_public >= zk->n_vars)
        return zks_fail(err, err_len, "zkey has %u wires and %u public inputs", zk->n_vars, zk->n_public);
    if (!fr_is_one(&witness[0]))
        return zks_fail(err, err_len, "witness[0] must be 1");

    g1_jac_t h;
    if (!h_term(&h, zk, witness, threads, err, err_len))
        return false;

    /* One canonical copy of the witness serves every witness MSM. */
    uint64_t(*wc)[4] = malloc((size_t)zk->n_vars * sizeof *wc);
    if (!wc)
        return zks_fail(err, err_len, "out of memory for the witness scalars");
    canon_job cj = {witness, wc};
    par_for(zk->n_vars, threads, to_canonical_range, &cj);
    size_t first_private = (size_t)zk->n_public + 1;
    msm_plan_t plan_w, plan_c;
    bool planned = msm_plan_init(&plan_w, (const uint64_t(*)[4])wc, zk->n_vars, threads);
    if (planned && !msm_plan_init(&plan_c, (const uint64_t(*)[4])(wc + first_private), zk->n_vars - first_private,
                                  threads)) {
        msm_plan_free(&plan_w);
        planned = false;
    }
    sodium_memzero(wc, (size_t)zk->n_vars * sizeof *wc); /* private inputs */
    free(wc);
    if (!planned)
        return zks_fail(err, err_len, "out of memory for the witness multiexponentiations");

    g1_jac_t pa, pb1, pc;
    g2_jac_t pb;
    size_t n_vars = zk->n_vars, n_private = n_vars - first_private;
    bool ok = msm_g1(&pa, &plan_w, zk->a, threads);
    release_section(zk->a, n_vars * ZKEY_G1_BYTES);
    ok = ok && msm_g1(&pb1, &plan_w, zk->b1, threads);
    release_section(zk->b1, n_vars * ZKEY_G1_BYTES);
    ok = ok && msm_g2(&pb, &plan_w, zk->b2, threads);
    release_section(zk->b2, n_vars * ZKEY_G2_BYTES);
    ok = ok && msm_g1(&pc, &plan_c, zk->c, threads);
    release_section(zk->c, n_private * ZKEY_G1_BYTES);
    msm_plan_free(&plan_w);
    msm_plan_free(&plan_c);
    if (!ok)
        return zks_fail(err, err_len, "out of memory in a multiexponentiation");

    fr_t r, s, rs;
    random_fr(&r);
    random_fr(&s);
    fr_mul(&rs, &r, &s);
    fr_neg(&rs, &rs);

    g1_jac_t t;
    g1_jac_from_affine(&t, &zk->alpha1);
    g1_jac_add(&pa, &pa, &t);
    g1_add_affine_mul(&pa, &zk->delta1, &r);

    g2_jac_t t2, d2;
    uint64_t sc[4];
    g2_jac_from_affine(&t2, &zk->beta2);
    g2_jac_add(&pb, &pb, &t2);
    g2_jac_from_affine(&d2, &zk->delta2);
    fr_to_canonical(sc, &s);
    g2_jac_mul(&t2, &d2, sc);
    sodium_memzero(sc, sizeof sc);
    g2_jac_add(&pb, &pb, &t2);

    g1_jac_from_affine(&t, &zk->beta1);
    g1_jac_add(&pb1, &pb1, &t);
    g1_add_affine_mul(&pb1, &zk->delta1, &s);

    g1_jac_add(&pc, &pc, &h);
    g1_add_mul(&pc, &pa, &s);
    g1_add_mul(&pc, &pb1, &r);
    g1_add_affine_mul(&pc, &zk->delta1, &rs);

    sodium_memzero(&r, sizeof r);
    sodium_memzero(&s, sizeof s);
    sodium_memzero(&rs, sizeof rs);

    g1_jac_to_affine(&proof->a, &pa);
    g2_jac_to_affine(&proof->b, &pb);
    g1_jac_to_affine(&proof->c, &pc);
    return true;
}
