/*
 * The lane arithmetic of fr_simd.h against GMP: fe4_mont and fe8_mont for
 * 1..FR_SIMD_MAX_TERMS terms per lane, with the 2^260 and the 2^256
 * reduction, on random operands up to the 25p the lane code allows, and on
 * edge values (0, p - 1, limbs all ones). Each output must be congruent to
 * sum(a b) / R mod p, below sum(a b) / R + p (the bound the users' proofs
 * rest on), with every limb normalised. Also the radix-52 conversions and
 * gather with a shift. On a CPU without AVX-512 IFMA the lane code never
 * runs in this project; the test then checks the conversions and says so.
 */
#include "check.h"
#include "crypto/fr_simd.h"

#include <gmp.h>
#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

static void limbs52_to_mpz(mpz_t r, const uint64_t l[5])
{
    mpz_set_ui(r, 0);
    for (int k = 4; k >= 0; k--) {
        mpz_mul_2exp(r, r, 52);
        mpz_add_ui(r, r, l[k]);
    }
}

static void mpz_to_limbs52(uint64_t l[5], const mpz_t v)
{
    mpz_t t;
    mpz_init_set(t, v);
    for (int k = 0; k < 5; k++) {
        l[k] = mpz_get_ui(t) & ((1ULL << 52) - 1);
        mpz_fdiv_q_2exp(t, t, 52);
    }
    mpz_clear(t);
}

/* a random value below bound (an mpz), or an edge value for small `edge` */
static void operand(mpz_t r, const mpz_t bound, const mpz_t p, int edge)
{
    uint8_t buf[40];
    switch (edge) {
    case 0:
        mpz_set_ui(r, 0);
        return;
    case 1:
        mpz_sub_ui(r, p, 1);
        return;
    case 2:
        mpz_sub_ui(r, bound, 1);
        return;
    default:
        randombytes_buf(buf, sizeof buf);
        mpz_import(r, sizeof buf, -1, 1, 0, 0, buf);
        mpz_mod(r, r, bound);
    }
}

#if FR_SIMD_X86

typedef struct {
    int width, terms;
    bool full;
    long checked;
} run_stats;

/* one call of fe{4,8}_mont on operands a below bound_a p and b below bound_b p */
FR_SIMD_TARGET static void check_mont(run_stats *st, int width, int terms, bool full, unsigned bound_a,
                                      unsigned bound_b, int iter)
{
    mpz_t p, bound, bound2, a[8][FR_SIMD_MAX_TERMS], b[8][FR_SIMD_MAX_TERMS], sum, prod, want, got, limit, rinv,
        rmod;
    mpz_inits(p, bound, bound2, sum, prod, want, got, limit, rinv, rmod, NULL);
    mpz_import(p, 4, -1, 8, 0, 0, FR_MODULUS.p);
    mpz_mul_ui(bound, p, bound_a);
    mpz_mul_ui(bound2, p, bound_b);
    uint64_t al[FR_SIMD_MAX_TERMS][8][5], bl[FR_SIMD_MAX_TERMS][8][5];
    for (int lane = 0; lane < width; lane++)
        for (int j = 0; j < terms; j++) {
            mpz_inits(a[lane][j], b[lane][j], NULL);
            const int edge = iter < 4 ? iter : 3;
            operand(a[lane][j], bound, p, (edge + lane) % 4);
            operand(b[lane][j], bound2, p, (edge + 2 * lane + j) % 4);
            mpz_to_limbs52(al[j][lane], a[lane][j]);
            mpz_to_limbs52(bl[j][lane], b[lane][j]);
        }
    uint64_t out[8][5];
    if (width == 4) {
        fe4 va[FR_SIMD_MAX_TERMS], vb[FR_SIMD_MAX_TERMS];
        for (int j = 0; j < terms; j++) {
            va[j] = fe4_set((const uint64_t(*)[5])al[j]);
            vb[j] = fe4_set((const uint64_t(*)[5])bl[j]);
        }
        const fe4 r = fe4_mont(va, vb, terms, full);
        for (int lane = 0; lane < 4; lane++)
            fe4_lane(out[lane], &r, lane);
    } else {
        fe8 va[FR_SIMD_MAX_TERMS], vb[FR_SIMD_MAX_TERMS];
        for (int j = 0; j < terms; j++) {
            va[j] = fe8_set((const uint64_t(*)[5])al[j]);
            vb[j] = fe8_set((const uint64_t(*)[5])bl[j]);
        }
        const fe8 r = fe8_mont(va, vb, terms, full);
        for (int lane = 0; lane < 8; lane++)
            fe8_lane(out[lane], &r, lane);
    }
    mpz_set_ui(rmod, 1);
    mpz_mul_2exp(rmod, rmod, full ? 260 : 256);
    CHECK(mpz_invert(rinv, rmod, p));
    for (int lane = 0; lane < width; lane++) {
        mpz_set_ui(sum, 0);
        for (int j = 0; j < terms; j++) {
            mpz_mul(prod, a[lane][j], b[lane][j]);
            mpz_add(sum, sum, prod);
        }
        mpz_mul(want, sum, rinv);
        mpz_mod(want, want, p);
        for (int k = 0; k < 5; k++)
            CHECK_MSG(out[lane][k] < (1ULL << 52), "limb %d not normalised (width %d terms %d)", k, width, terms);
        limbs52_to_mpz(got, out[lane]);
        mpz_cdiv_q_2exp(limit, sum, full ? 260 : 256);
        mpz_add(limit, limit, p);
        CHECK_MSG(mpz_cmp(got, limit) < 0, "output above sum/R + p (width %d terms %d full %d)", width, terms, full);
        mpz_mod(got, got, p);
        CHECK_MSG(mpz_cmp(got, want) == 0, "wrong product (width %d terms %d full %d iter %d lane %d)", width, terms,
                  full, iter, lane);
        for (int j = 0; j < terms; j++)
            mpz_clears(a[lane][j], b[lane][j], NULL);
    }
    mpz_clears(p, bound, bound2, sum, prod, want, got, limit, rinv, rmod, NULL);
    st->checked += width;
}

/* gather with a shift of 4: lane i = 16 x[i], normalised */
FR_SIMD_TARGET static void check_gather(void)
{
    fr_t x[8];
    const fr_t *ptr[8];
    for (int i = 0; i < 8; i++) {
        randombytes_buf(x[i].limb, sizeof x[i].limb);
        x[i].limb[3] &= 0x3fffffffffffffffULL;
        ptr[i] = &x[i];
    }
    const fe8 g = fe8_gather(ptr, 4);
    for (int i = 0; i < 8; i++) {
        uint64_t l[5];
        fe8_lane(l, &g, i);
        mpz_t got, want;
        mpz_inits(got, want, NULL);
        limbs52_to_mpz(got, l);
        mpz_import(want, 4, -1, 8, 0, 0, x[i].limb);
        mpz_mul_2exp(want, want, 4);
        CHECK_MSG(mpz_cmp(got, want) == 0, "gather lane %d", i);
        mpz_clears(got, want, NULL);
    }
}
#endif

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    /* conversions, every CPU */
    for (int iter = 0; iter < 1000; iter++) {
        uint64_t x[4], l[5], back[4];
        randombytes_buf(x, sizeof x);
        fr_simd_to_radix52(l, x);
        for (int k = 0; k < 5; k++)
            CHECK(l[k] < (1ULL << 52));
        fr_simd_from_radix52(back, l);
        CHECK(memcmp(x, back, sizeof x) == 0);
    }
#if FR_SIMD_X86
    if (!fr_simd_available()) {
        printf("no AVX-512 IFMA on this CPU: the lane code does not run here; conversions checked\n");
        return CHECK_EXIT();
    }
    run_stats st = {0, 0, false, 0};
    for (int width = 4; width <= 8; width += 4)
        for (int terms = 1; terms <= FR_SIMD_MAX_TERMS; terms++)
            for (int full = 0; full <= 1; full++)
                for (int iter = 0; iter < 300; iter++) {
                    /*
                     * the largest inputs the users rely on: a state times a state below 25p (one
                     * term) or 9p (sums) with the 2^260 reduction; a state below 25p times a
                     * constant below p with the 2^256 one
                     */
                    if (full)
                        check_mont(&st, width, terms, true, terms == 1 ? 25 : 9, terms == 1 ? 25 : 9, iter);
                    else
                        check_mont(&st, width, terms, false, 25, 1, iter);
                }
    check_gather();
    printf("%ld lane results checked against GMP\n", st.checked);
#else
    printf("not an x86-64 build: the lane code does not exist here; conversions checked\n");
#endif
    return CHECK_EXIT();
}
