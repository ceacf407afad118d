#include "snark/setup.h"

#include "snark/fixed_base.h"
#include "snark/groth16_verify.h"
#include "snark/zkey_write.h"
#include "util/err.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The toxic waste: anyone who learns it can forge proofs for this key. */
typedef struct {
    fr_t tau, alpha, beta, gamma, delta;
} toxic_t;

static void random_nonzero(fr_t *r)
{
    uint8_t b[48]; /* 384 bits reduced mod r: bias below 2^-128 */
    do {
        randombytes_buf(b, sizeof b);
        fr_from_bytes_le_reduce(r, b, sizeof b);
    } while (fr_is_zero(r));
    sodium_memzero(b, sizeof b);
}

void groth16_root_of_unity(fr_t *w, unsigned log_n)
{
    /* (r - 1) >> log_n; r - 1 has no borrow since r is odd */
    uint64_t e[4];
    memcpy(e, FR_MODULUS.p, sizeof e);
    e[0] -= 1;
    for (unsigned s = 0; s < log_n; s++) {
        for (int i = 0; i < 3; i++)
            e[i] = (e[i] >> 1) | (e[i + 1] << 63);
        e[3] >>= 1;
    }
    fr_t five;
    fr_from_u64(&five, 5);
    fr_pow(w, &five, e, 4);
}

unsigned groth16_domain_log(const r1cs_t *cs)
{
    uint64_t rows = (uint64_t)cs->n_constraints + r1cs_n_public(cs) + 1;
    unsigned k = 0;
    while (((uint64_t)1 << k) < rows)
        k++;
    return k;
}

static void fr_pow_u64(fr_t *r, const fr_t *a, uint64_t e)
{
    fr_pow(r, a, &e, 1);
}

/*
 * out[i] = factor * x_i / (tau - x_i) with x_i = start * step^i, i < n: the
 * Lagrange basis at tau, scaled. scratch: n elements. False when tau is a
 * domain point (then the caller draws another tau).
 */
static bool lagrange_scaled(fr_t *out, fr_t *scratch, size_t n, const fr_t *tau, const fr_t *start,
                            const fr_t *step, const fr_t *factor)
{
    fr_t x = *start;
    for (size_t i = 0; i < n; i++) {
        fr_sub(&out[i], tau, &x);
        if (fr_is_zero(&out[i]))
            return false;
        fr_mul(&x, &x, step);
    }
    fr_batch_inv(out, out, n, scratch);
    fr_t xf;
    fr_mul(&xf, start, factor);
    for (size_t i = 0; i < n; i++) {
        fr_mul(&out[i], &out[i], &xf);
        fr_mul(&xf, &xf, step);
    }
    return true;
}

/* (tau^m - 1) / m * extra */
static void vanishing_over_size(fr_t *r, const fr_t *tau, uint64_t m, const fr_t *extra)
{
    fr_t t, inv_m, one;
    fr_set_one(&one);
    fr_pow_u64(&t, tau, m);
    fr_sub(&t, &t, &one);
    fr_from_u64(&inv_m, m);
    fr_inv(&inv_m, &inv_m);
    fr_mul(&t, &t, &inv_m);
    fr_mul(r, &t, extra);
}

static void accumulate(fr_t *acc, const r1cs_term_t *t, size_t n, const fr_t *l)
{
    fr_t p;
    for (size_t i = 0; i < n; i++) {
        fr_mul(&p, &t[i].coef, l);
        fr_add(&acc[t[i].wire], &acc[t[i].wire], &p);
    }
}

typedef struct {
    fr_t *a, *b, *c;  /* per wire: A_s(tau), B_s(tau), C_s(tau), later the IC/C scalars */
    fr_t *lag, *scratch; /* domain-sized */
    g1_affine_t *pa, *pb1, *pc, *ph, *pic;
    g2_affine_t *pb2;
} buffers_t;

static void free_buffers(buffers_t *b, size_t n_wires, size_t n)
{
    fr_t *secret[] = {b->a, b->b, b->c};
    for (int i = 0; i < 3; i++)
        if (secret[i])
            sodium_memzero(secret[i], n_wires * sizeof(fr_t));
    if (b->lag)
        sodium_memzero(b->lag, n * sizeof(fr_t));
    if (b->scratch)
        sodium_memzero(b->scratch, n * sizeof(fr_t));
    free(b->a);
    free(b->b);
    free(b->c);
    free(b->lag);
    free(b->scratch);
    free(b->pa);
    free(b->pb1);
    free(b->pc);
    free(b->ph);
    free(b->pic);
    free(b->pb2);
}

bool groth16_dev_setup(const r1cs_t *cs, const char *zkey_path, groth16_vkey_t *vk_out, unsigned threads, char *err,
                       size_t err_len)
{
    unsigned log_n = groth16_domain_log(cs);
    if (log_n + 1 > FR_TWO_ADICITY)
        return zks_fail(err, err_len, "setup: circuit too large (domain 2^%u, H needs 2^%u <= 2^28)", log_n, log_n + 1);
    size_t n = (size_t)1 << log_n;
    size_t nw = cs->n_wires;
    uint32_t np = r1cs_n_public(cs);

    buffers_t b = {0};
    b.a = calloc(nw, sizeof(fr_t));
    b.b = calloc(nw, sizeof(fr_t));
    b.c = calloc(nw, sizeof(fr_t));
    b.lag = malloc(n * sizeof(fr_t));
    b.scratch = malloc(n * sizeof(fr_t));
    b.pa = malloc(nw * sizeof(g1_affine_t));
    b.pb1 = malloc(nw * sizeof(g1_affine_t));
    b.pb2 = malloc(nw * sizeof(g2_affine_t));
    b.pc = malloc((nw - np - 1 + 1) * sizeof(g1_affine_t));
    b.pic = malloc((np + 1) * sizeof(g1_affine_t));
    b.ph = malloc(n * sizeof(g1_affine_t));
    if (!b.a || !b.b || !b.c || !b.lag || !b.scratch || !b.pa || !b.pb1 || !b.pb2 || !b.pc || !b.pic || !b.ph) {
        free_buffers(&b, nw, n);
        return zks_fail(err, err_len, "setup: out of memory");
    }

    toxic_t tw;
    fr_t w_n, w_2n, one, factor;
    fr_set_one(&one);
    groth16_root_of_unity(&w_n, log_n);
    groth16_root_of_unity(&w_2n, log_n + 1);
    random_nonzero(&tw.alpha);
    random_nonzero(&tw.beta);
    random_nonzero(&tw.gamma);
    random_nonzero(&tw.delta);
    for (;;) {
        random_nonzero(&tw.tau);
        vanishing_over_size(&factor, &tw.tau, n, &one);
        if (lagrange_scaled(b.lag, b.scratch, n, &tw.tau, &one, &w_n, &factor))
            break;
    }

    /* A_s, B_s, C_s at tau; then the extra row n_constraints + s puts public signal s into A */
    for (uint32_t k = 0; k < cs->n_constraints; k++) {
        fr_t *acc[3] = {b.a, b.b, b.c};
        for (int m = 0; m < 3; m++) {
            size_t cnt;
            const r1cs_term_t *t = r1cs_lc(cs, k, m, &cnt);
            accumulate(acc[m], t, cnt, &b.lag[k]);
        }
    }
    for (uint32_t s = 0; s <= np; s++)
        fr_add(&b.a[s], &b.a[s], &b.lag[cs->n_constraints + s]);

    /* H: odd points of the 2n domain, over delta */
    fr_t inv_gamma, inv_delta;
    fr_inv(&inv_gamma, &tw.gamma);
    fr_inv(&inv_delta, &tw.delta);
    vanishing_over_size(&factor, &tw.tau, 2 * (uint64_t)n, &inv_delta);
    bool ok = lagrange_scaled(b.lag, b.scratch, n, &tw.tau, &w_2n, &w_n, &factor);

    g1_affine_t g1;
    g2_affine_t g2;
    g1_generator(&g1);
    g2_generator(&g2);
    g1_fixed_base_t t1 = {0};
    g2_fixed_base_t t2 = {0};
    size_t n_g1 = 3 * nw + n;
    if (ok)
        ok = g1_fixed_base_init(&t1, &g1, fixed_base_window_for(n_g1)) &&
             g2_fixed_base_init(&t2, &g2, fixed_base_window_for(nw));
    if (ok) {
        g1_fixed_base_mul_many(b.ph, &t1, b.lag, n, threads);
        g1_fixed_base_mul_many(b.pa, &t1, b.a, nw, threads);
        g1_fixed_base_mul_many(b.pb1, &t1, b.b, nw, threads);
        g2_fixed_base_mul_many(b.pb2, &t2, b.b, nw, threads);
        /* (beta A_s + alpha B_s + C_s) / gamma for public signals, / delta for the rest */
        for (size_t s = 0; s < nw; s++) {
            fr_t t;
            fr_mul(&t, &tw.beta, &b.a[s]);
            fr_add(&b.c[s], &b.c[s], &t);
            fr_mul(&t, &tw.alpha, &b.b[s]);
            fr_add(&b.c[s], &b.c[s], &t);
            fr_mul(&b.c[s], &b.c[s], s <= np ? &inv_gamma : &inv_delta);
        }
        g1_fixed_base_mul_many(b.pic, &t1, b.c, (size_t)np + 1, threads);
        g1_fixed_base_mul_many(b.pc, &t1, b.c + np + 1, nw - np - 1, threads);
    }
    sodium_memzero(&inv_gamma, sizeof inv_gamma);
    sodium_memzero(&inv_delta, sizeof inv_delta);
    sodium_memzero(&factor, sizeof factor);

    zkey_contents_t k = {.cs = cs, .domain_size = (uint32_t)n, .ic = b.pic, .a = b.pa, .b1 = b.pb1, .b2 = b.pb2,
                         .c = b.pc, .h = b.ph};
    g1_affine_mul(&k.alpha1, &g1, &tw.alpha);
    g1_affine_mul(&k.beta1, &g1, &tw.beta);
    g1_affine_mul(&k.delta1, &g1, &tw.delta);
    g2_affine_mul(&k.beta2, &g2, &tw.beta);
    g2_affine_mul(&k.gamma2, &g2, &tw.gamma);
    g2_affine_mul(&k.delta2, &g2, &tw.delta);
    sodium_memzero(&tw, sizeof tw);
    g1_fixed_base_free(&t1);
    g2_fixed_base_free(&t2);

    if (!ok) {
        free_buffers(&b, nw, n);
        return zks_fail(err, err_len, "setup: out of memory (or tau hit the coset, run again)");
    }
    ok = zkey_write(&k, zkey_path, err, err_len);
    if (ok && vk_out) {
        vk_out->n_public = np;
        vk_out->alpha1 = k.alpha1;
        vk_out->beta2 = k.beta2;
        vk_out->gamma2 = k.gamma2;
        vk_out->delta2 = k.delta2;
        vk_out->ic = malloc(((size_t)np + 1) * sizeof(g1_affine_t));
        if (!vk_out->ic)
            ok = zks_fail(err, err_len, "setup: out of memory");
        else
            memcpy(vk_out->ic, b.pic, ((size_t)np + 1) * sizeof(g1_affine_t));
    }
    free_buffers(&b, nw, n);
    return ok;
}
