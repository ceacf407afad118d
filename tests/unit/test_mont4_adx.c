/*
 * The mulx/adx Montgomery product (mont4_adx.h) against the portable CIOS and
 * against GMP, for Fq and Fr, on random and edge operands (0, 1, p-1, values
 * with all-ones limbs reduced mod p). On a CPU without BMI2/ADX the asm path
 * cannot run: the test then checks the dispatching mont4_mul against GMP only.
 */
#include "check.h"

#include "crypto/fq.h"
#include "crypto/fr.h"

#include <gmp.h>
#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

static void to_mpz(mpz_t z, const uint64_t c[4]) { mpz_import(z, 4, -1, 8, 0, 0, c); }

static void random_element(uint64_t out[4], const mpz_t p, mpz_t t, int kind)
{
    uint8_t buf[40];
    switch (kind) {
    case 0: mpz_set_ui(t, 0); break;
    case 1: mpz_set_ui(t, 1); break;
    case 2: mpz_sub_ui(t, p, 1); break;
    case 3: mpz_set_ui(t, 1); mpz_mul_2exp(t, t, 256); mpz_sub_ui(t, t, 1); mpz_mod(t, t, p); break;
    default:
        randombytes_buf(buf, sizeof buf);
        mpz_import(t, sizeof buf, -1, 1, 0, 0, buf);
        mpz_mod(t, t, p);
    }
    memset(out, 0, 32);
    mpz_export(out, NULL, -1, 8, 0, 0, t);
}

static void check_modulus(const mont4_modulus *m, int rounds)
{
    mpz_t p, za, zb, want, got, rinv, t;
    mpz_inits(p, za, zb, want, got, rinv, t, NULL);
    to_mpz(p, m->p);
    mpz_set_ui(rinv, 1);
    mpz_mul_2exp(rinv, rinv, 256);
    mpz_invert(rinv, rinv, p);
#if MONT4_HAVE_ADX_PATH
    bool adx = mont4_cpu_has_adx();
#else
    bool adx = false;
#endif
    printf("%s: adx path %s\n", m->name, adx ? "tested" : "not available on this CPU");
    int bad_gmp = 0, bad_portable = 0;
    for (int i = 0; i < rounds; i++) {
        uint64_t a[4], b[4], r[4], rp[4];
        /* raw limb values < p stand for Montgomery forms; the product is a*b/R mod p either way */
        random_element(a, p, t, i < 25 ? i % 5 : 4);
        random_element(b, p, t, i < 25 ? i / 5 : 4);
        mont4_mul(r, a, b, m);
        mont4_mul_portable(rp, a, b, m);
#if MONT4_HAVE_ADX_PATH
        if (adx) {
            uint64_t u[4];
            mont4_mul_adx_unreduced(u, a, b, m->p, m->inv);
            mont4_reduce_once(r, u, m);
        }
#endif
        to_mpz(za, a);
        to_mpz(zb, b);
        mpz_mul(want, za, zb);
        mpz_mul(want, want, rinv);
        mpz_mod(want, want, p);
        to_mpz(got, r);
        bad_gmp += mpz_cmp(got, want) != 0;
        bad_portable += memcmp(r, rp, 32) != 0;
        /* aliasing: r == a */
        uint64_t al[4];
        memcpy(al, a, 32);
        mont4_mul(al, al, b, m);
        bad_portable += memcmp(al, rp, 32) != 0;
    }
    CHECK_MSG(bad_gmp == 0, "%s: %d products differ from GMP", m->name, bad_gmp);
    CHECK_MSG(bad_portable == 0, "%s: %d products differ from the portable CIOS", m->name, bad_portable);
    mpz_clears(p, za, zb, want, got, rinv, t, NULL);
}

int main(void)
{
    if (sodium_init() < 0)
        return 3;
    check_modulus(&FQ_MODULUS, 20000);
    check_modulus(&FR_MODULUS, 20000);
    return CHECK_EXIT();
}
