/*
 * FFT over Fr: the root of unity against GMP (smallest non-residue g,
 * w = g^((r-1)/2^28), as ffjavascript defines it), the transforms against a
 * naive O(n^2) DFT for every size 2^0 .. 2^10, inverse round trips, the
 * bit-reversed kernels and the coset scaling against direct powers.
 */
#include "check.h"

#include "snark/fft.h"

#include <gmp.h>
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

static void check_root_against_gmp(void)
{
    mpz_t r, e, g, w, t;
    mpz_inits(r, e, g, w, t, NULL);
    mpz_import(r, 4, -1, 8, 0, 0, FR_MODULUS.p);
    mpz_set_ui(g, 2);
    while (mpz_legendre(g, r) != -1)
        mpz_add_ui(g, g, 1);
    mpz_sub_ui(e, r, 1);
    mpz_tdiv_q_2exp(e, e, 28);
    CHECK(mpz_odd_p(e));
    mpz_powm(w, g, e, r);

    for (uint32_t k = 28;; k--) {
        fr_t ours;
        uint64_t c[4] = {0};
        fft_root_of_unity(&ours, k);
        fr_to_canonical(c, &ours);
        mpz_import(t, 4, -1, 8, 0, 0, c);
        CHECK_MSG(mpz_cmp(t, w) == 0, "root of unity 2^%u", k);
        /* primitive: w^(2^(k-1)) == -1 for k >= 1 */
        if (k >= 1) {
            mpz_set(t, w);
            for (uint32_t i = 1; i < k; i++)
                mpz_powm_ui(t, t, 2, r);
            mpz_add_ui(t, t, 1);
            CHECK_MSG(mpz_cmp(t, r) == 0, "root 2^%u is primitive", k);
        }
        if (k == 0)
            break;
        mpz_powm_ui(w, w, 2, r);
    }
    CHECK(mpz_cmp_ui(w, 1) == 0);
    mpz_clears(r, e, g, w, t, NULL);
}

static void naive_dft(fr_t *out, const fr_t *in, size_t n, const fr_t *omega)
{
    fr_t wk;
    fr_set_one(&wk);
    for (size_t k = 0; k < n; k++) {
        fr_t acc, wjk;
        fr_set_zero(&acc);
        fr_set_one(&wjk);
        for (size_t j = 0; j < n; j++) {
            fr_t term;
            fr_mul(&term, &in[j], &wjk);
            fr_add(&acc, &acc, &term);
            fr_mul(&wjk, &wjk, &wk);
        }
        out[k] = acc;
        fr_mul(&wk, &wk, omega);
    }
}

static size_t bitrev(size_t i, uint32_t bits)
{
    size_t r = 0;
    for (uint32_t b = 0; b < bits; b++)
        if (i & ((size_t)1 << b))
            r |= (size_t)1 << (bits - 1 - b);
    return r;
}

static bool same(const fr_t *a, const fr_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!fr_eq(&a[i], &b[i]))
            return false;
    return true;
}

static void check_size(uint32_t log_n, unsigned threads)
{
    size_t n = (size_t)1 << log_n;
    fft_domain_t d;
    CHECK(fft_domain_init(&d, log_n, threads));
    fr_t *in = malloc(n * sizeof(fr_t)), *a = malloc(n * sizeof(fr_t)), *want = malloc(n * sizeof(fr_t));
    for (size_t i = 0; i < n; i++)
        random_fr(&in[i]);

    /* forward against the naive DFT with the GMP-checked root */
    memcpy(a, in, n * sizeof(fr_t));
    fft_forward(&d, a, threads);
    naive_dft(want, in, n, &d.omega);
    CHECK_MSG(same(a, want, n), "forward FFT 2^%u (threads %u)", log_n, threads);

    /* inverse: back to the input */
    fft_inverse(&d, a, threads);
    CHECK_MSG(same(a, in, n), "inverse round trip 2^%u", log_n);

    /* inverse against the naive DFT with omega^-1, scaled by 1/n */
    fr_t omega_inv;
    fr_inv(&omega_inv, &d.omega);
    naive_dft(want, in, n, &omega_inv);
    fr_t n_fr, n_inv;
    fr_from_u64(&n_fr, n);
    fr_inv(&n_inv, &n_fr);
    for (size_t i = 0; i < n; i++)
        fr_mul(&want[i], &want[i], &n_inv);
    memcpy(a, in, n * sizeof(fr_t));
    fft_inverse(&d, a, threads);
    CHECK_MSG(same(a, want, n), "inverse FFT 2^%u", log_n);

    /* the prover's path: DIF inverse (natural -> bit-reversed), DIT forward (bit-reversed -> natural) */
    memcpy(a, in, n * sizeof(fr_t));
    fft_dif(&d, a, true, threads);
    for (size_t i = 0; i < n; i++) {
        fr_t t;
        fr_mul(&t, &want[bitrev(i, log_n)], &n_fr);
        if (!fr_eq(&t, &a[i])) {
            CHECK_MSG(false, "DIF output is bit-reversed, 2^%u index %zu", log_n, i);
            break;
        }
    }

    /* coset scaling of bit-reversed coefficients against direct powers */
    fr_t shift, scale;
    random_fr(&shift);
    random_fr(&scale);
    memcpy(a, in, n * sizeof(fr_t));
    fft_coset_scale_bitrev(&d, a, &shift, &scale, threads);
    bool coset_ok = true;
    for (size_t p = 0; p < n && coset_ok; p++) {
        fr_t f, t;
        uint64_t e[1] = {bitrev(p, log_n)};
        fr_pow(&f, &shift, e, 1);
        fr_mul(&f, &f, &scale);
        fr_mul(&t, &in[p], &f);
        coset_ok = fr_eq(&t, &a[p]);
    }
    CHECK_MSG(coset_ok, "coset scaling 2^%u", log_n);

    /* DIT on bit-reversed coefficients gives the natural-order evaluations */
    for (size_t i = 0; i < n; i++)
        a[bitrev(i, log_n)] = in[i];
    fft_dit(&d, a, false, threads);
    naive_dft(want, in, n, &d.omega);
    CHECK_MSG(same(a, want, n), "DIT forward 2^%u", log_n);

    free(in);
    free(a);
    free(want);
    fft_domain_free(&d);
}

int main(void)
{
    if (sodium_init() < 0)
        return 3;
    check_root_against_gmp();
    for (uint32_t log_n = 0; log_n <= 10; log_n++)
        check_size(log_n, log_n % 2 ? 3 : 1);
    /* the multi-stage path (stages larger than a cache block) without the naive DFT: round trip only */
    {
        uint32_t log_n = 15;
        size_t n = (size_t)1 << log_n;
        fft_domain_t d;
        CHECK(fft_domain_init(&d, log_n, 2));
        fr_t *in = malloc(n * sizeof(fr_t)), *a = malloc(n * sizeof(fr_t));
        for (size_t i = 0; i < n; i++)
            random_fr(&in[i]);
        memcpy(a, in, n * sizeof(fr_t));
        fft_forward(&d, a, 2);
        /* spot-check a few evaluations by Horner */
        for (int s = 0; s < 3; s++) {
            size_t k = randombytes_uniform((uint32_t)n);
            fr_t x, acc;
            uint64_t e[1] = {k};
            fr_pow(&x, &d.omega, e, 1);
            fr_set_zero(&acc);
            for (size_t j = n; j-- > 0;) {
                fr_mul(&acc, &acc, &x);
                fr_add(&acc, &acc, &in[j]);
            }
            CHECK_MSG(fr_eq(&acc, &a[k]), "2^15 evaluation %zu", k);
        }
        fft_inverse(&d, a, 2);
        CHECK(same(a, in, n));
        free(in);
        free(a);
        fft_domain_free(&d);
    }
    CHECK(!fft_domain_init(&(fft_domain_t){0}, FFT_MAX_LOG + 1, 1));
    return CHECK_EXIT();
}
