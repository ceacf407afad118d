/*
 * The scalar recodings the verification check relies on, against GMP:
 * scalar_split_half (c == d k mod l, d odd, both short) on random and
 * chosen k, and wnaf_digits (digits sum back to the scalar, each odd and
 * bounded, non-zero digits at least w apart) for every width and length.
 */
#include "check.h"
#include "crypto/babyjub.h"
#include "crypto/scalar_split.h"
#include "crypto/wnaf.h"

#include <gmp.h>
#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

static void to_mpz(mpz_t r, const uint64_t *limbs, int n)
{
    mpz_import(r, (size_t)n, -1, sizeof(uint64_t), 0, 0, limbs);
}

static void from_mpz(uint64_t r[4], const mpz_t v)
{
    memset(r, 0, 32);
    mpz_export(r, NULL, -1, sizeof(uint64_t), 0, 0, v);
}

/* checks one split of k; returns its bit size, or -1 when the split declined */
static int check_split(const uint64_t k[4], int max_bits)
{
    scalar_split sp;
    if (!scalar_split_half(&sp, k, BABYJUB_SUBORDER, max_bits))
        return -1;
    mpz_t l, kk, d, c, lhs;
    mpz_inits(l, kk, d, c, lhs, NULL);
    to_mpz(l, BABYJUB_SUBORDER, 4);
    to_mpz(kk, k, 4);
    to_mpz(d, sp.d, 4);
    to_mpz(c, sp.c, 4);
    CHECK_MSG(mpz_odd_p(d) && mpz_cmp_ui(d, 0) > 0 && mpz_cmp(d, l) < 0, "d not odd in (0, l)");
    CHECK(mpz_cmp(c, l) < 0);
    if (sp.d_negative)
        mpz_neg(d, d);
    mpz_mul(lhs, d, kk);
    mpz_sub(lhs, lhs, c);
    CHECK_MSG(mpz_divisible_p(lhs, l), "c != d k mod l");
    const int bits = (int)(mpz_sizeinbase(d, 2) > mpz_sizeinbase(c, 2) ? mpz_sizeinbase(d, 2) : mpz_sizeinbase(c, 2));
    CHECK_MSG(bits == sp.bits || (mpz_sgn(c) == 0 && sp.bits == (int)mpz_sizeinbase(d, 2)), "bits %d vs %d", bits,
              sp.bits);
    CHECK(sp.bits <= max_bits);
    mpz_clears(l, kk, d, c, lhs, NULL);
    return sp.bits;
}

static void check_wnaf(const uint64_t *k, int n_limbs, int w)
{
    int8_t digits[5 * 64 + 1];
    const int n = wnaf_digits(digits, k, n_limbs, w);
    mpz_t sum, term, want;
    mpz_inits(sum, term, want, NULL);
    int last_nonzero = -1000;
    for (int i = 0; i <= 64 * n_limbs; i++) {
        const int dg = digits[i];
        if (i >= n) {
            CHECK_MSG(dg == 0, "digit %d beyond the count %d", i, n);
            continue;
        }
        if (!dg)
            continue;
        CHECK_MSG((dg & 1) && dg < (1 << (w - 1)) && dg > -(1 << (w - 1)), "digit %d = %d (w %d)", i, dg, w);
        CHECK_MSG(i - last_nonzero >= w, "digits %d and %d closer than w = %d", last_nonzero, i, w);
        last_nonzero = i;
        mpz_set_si(term, dg);
        mpz_mul_2exp(term, term, (mp_bitcnt_t)i);
        mpz_add(sum, sum, term);
    }
    CHECK(n == 0 || digits[n - 1] != 0);
    to_mpz(want, k, n_limbs);
    CHECK_MSG(mpz_cmp(sum, want) == 0, "wnaf sum differs (limbs %d, w %d)", n_limbs, w);
    mpz_clears(sum, term, want, NULL);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    mpz_t l, v;
    mpz_inits(l, v, NULL);
    to_mpz(l, BABYJUB_SUBORDER, 4);

    /* random k < l: every split succeeds and is about half of l's 251 bits */
    int max_seen = 0, hist_over_130 = 0;
    for (int i = 0; i < 20000; i++) {
        uint64_t k[4];
        randombytes_buf(k, sizeof k);
        to_mpz(v, k, 4);
        mpz_mod(v, v, l);
        from_mpz(k, v);
        const int bits = check_split(k, 160);
        CHECK_MSG(bits > 0, "random k declined");
        if (bits > max_seen)
            max_seen = bits;
        hist_over_130 += bits > 130;
    }
    printf("random splits: largest %d bits, %d of 20000 over 130 bits\n", max_seen, hist_over_130);
    CHECK(max_seen <= 150);

    /* chosen k: 0, 1, small, l - 1, l - 2, powers of two around the half size, (l - 1) / 2 */
    const unsigned long small[] = {0, 1, 2, 3, 8, 1000003};
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        uint64_t k[4] = {small[i], 0, 0, 0};
        CHECK_MSG(check_split(k, 160) >= 0, "k = %lu declined", small[i]);
    }
    for (unsigned long sub = 1; sub <= 2; sub++) {
        uint64_t k[4];
        mpz_sub_ui(v, l, sub);
        from_mpz(k, v);
        CHECK(check_split(k, 160) >= 0);
    }
    /* k = 2^e for e <= 128: d = 1, c = k is a short odd pair, even though the next quotient is ~2^(251-e) */
    const unsigned exps[] = {64, 125, 126, 127, 128};
    for (size_t i = 0; i < sizeof exps / sizeof exps[0]; i++) {
        uint64_t k[4];
        mpz_set_ui(v, 1);
        mpz_mul_2exp(v, v, exps[i]);
        from_mpz(k, v);
        CHECK_MSG(check_split(k, 160) >= 0, "k = 2^%u declined", exps[i]);
    }
    /* k = (l - 1) / 2 = -1/2: every short pair has an even d, so the split must decline (or be right) */
    {
        uint64_t k[4];
        mpz_sub_ui(v, l, 1);
        mpz_fdiv_q_2exp(v, v, 1);
        from_mpz(k, v);
        CHECK(check_split(k, 160) == -1);
    }
    /* a partial quotient of ~2^100 (k = l / 2^100): declined, or a correct split; never wrong */
    {
        uint64_t k[4];
        mpz_fdiv_q_2exp(v, l, 100);
        from_mpz(k, v);
        const int bits = check_split(k, 160);
        printf("k = l / 2^100: %d\n", bits);
    }
    /* a bound below what any split reaches: always declined, nothing written */
    {
        uint64_t k[4];
        randombytes_buf(k, sizeof k);
        k[3] &= 0x00ffffffffffffffULL;
        scalar_split sp;
        memset(&sp, 0x5a, sizeof sp);
        CHECK(!scalar_split_half(&sp, k, BABYJUB_SUBORDER, 100));
        CHECK(sp.bits == 0x5a5a5a5a);
    }

    /* wNAF: every width, 1..5 limbs, random, all-ones and sparse scalars */
    for (int w = 2; w <= 7; w++) {
        for (int n = 1; n <= 5; n++) {
            for (int iter = 0; iter < 300; iter++) {
                uint64_t k[5] = {0};
                if (iter == 0)
                    memset(k, 0xff, sizeof k);
                else if (iter == 1)
                    k[n - 1] = (uint64_t)1 << 63;
                else if (iter == 2)
                    k[0] = 1;
                else if (iter > 3)
                    randombytes_buf(k, sizeof k);
                for (int i = n; i < 5; i++)
                    k[i] = 0;
                check_wnaf(k, n, w);
            }
        }
    }
    mpz_clears(l, v, NULL);
    return CHECK_EXIT();
}
