/*
 * Fq and Fr arithmetic against GMP on random inputs: every operation is
 * recomputed with mpz on the canonical values and compared. The modulus
 * constants (inv, R, R^2) are recomputed from the modulus too.
 */
#include "check.h"

#include "crypto/fq.h"
#include "crypto/fr.h"

#include <gmp.h>
#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

#define ROUNDS 10000

static void to_mpz(mpz_t z, const uint64_t c[4]) { mpz_import(z, 4, -1, 8, 0, 0, c); }

static void from_mpz(uint64_t c[4], const mpz_t z)
{
    memset(c, 0, 32);
    mpz_export(c, NULL, -1, 8, 0, 0, z);
}

/* Random element: mostly uniform, sometimes an edge value (0, 1, p-1, small). */
static void random_canonical(uint64_t c[4], const mpz_t p, mpz_t tmp)
{
    uint8_t kind = (uint8_t)randombytes_uniform(16);
    if (kind == 0) {
        mpz_set_ui(tmp, 0);
    } else if (kind == 1) {
        mpz_set_ui(tmp, 1);
    } else if (kind == 2) {
        mpz_sub_ui(tmp, p, 1);
    } else if (kind == 3) {
        mpz_set_ui(tmp, randombytes_random());
    } else {
        uint8_t buf[40];
        randombytes_buf(buf, sizeof buf);
        mpz_import(tmp, sizeof buf, -1, 1, 0, 0, buf);
        mpz_mod(tmp, tmp, p);
    }
    from_mpz(c, tmp);
}

static void check_constants(const mont4_modulus *m)
{
    mpz_t p, two256, t;
    mpz_inits(p, two256, t, NULL);
    to_mpz(p, m->p);
    mpz_ui_pow_ui(two256, 2, 256);
    uint64_t c[4];

    mpz_mod(t, two256, p);
    from_mpz(c, t);
    CHECK_MSG(memcmp(c, m->r1, 32) == 0, "%s: R mod p", m->name);

    mpz_mul(t, two256, two256);
    mpz_mod(t, t, p);
    from_mpz(c, t);
    CHECK_MSG(memcmp(c, m->r2, 32) == 0, "%s: R^2 mod p", m->name);

    /* inv * p == -1 mod 2^64 */
    CHECK_MSG((uint64_t)(m->inv * m->p[0]) == UINT64_MAX, "%s: -p^-1 mod 2^64", m->name);
    CHECK_MSG(mpz_probab_prime_p(p, 30) > 0, "%s: modulus is prime", m->name);
    CHECK_MSG(m->p[3] < (1ULL << 62), "%s: spare bits for the no-carry multiplication", m->name);
    mpz_clears(p, two256, t, NULL);
}

static void check_field(const mont4_modulus *m)
{
    mpz_t p, za, zb, want, got, tmp;
    mpz_inits(p, za, zb, want, got, tmp, NULL);
    to_mpz(p, m->p);
    int bad[12] = {0};

    for (int round = 0; round < ROUNDS; round++) {
        uint64_t ca[4], cb[4], a[4], b[4], r[4], cr[4];
        random_canonical(ca, p, tmp);
        random_canonical(cb, p, tmp);
        to_mpz(za, ca);
        to_mpz(zb, cb);
        mont4_to_mont(a, ca, m);
        mont4_to_mont(b, cb, m);

#define EXPECT(idx, expr_mpz)                         \
    do {                                              \
        mont4_from_mont(cr, r, m);                    \
        to_mpz(got, cr);                              \
        expr_mpz;                                     \
        mpz_mod(want, want, p);                       \
        if (mpz_cmp(got, want) != 0)                  \
            bad[idx]++;                               \
    } while (0)

        mont4_add(r, a, b, m);
        EXPECT(0, mpz_add(want, za, zb));
        mont4_sub(r, a, b, m);
        EXPECT(1, mpz_sub(want, za, zb));
        mont4_neg(r, a, m);
        EXPECT(2, mpz_neg(want, za));
        mont4_mul(r, a, b, m);
        EXPECT(3, mpz_mul(want, za, zb));
        mont4_mul(r, a, a, m);
        EXPECT(4, mpz_mul(want, za, za));
        if (mpz_sgn(za) != 0) {
            mont4_inv(r, a, m);
            EXPECT(5, mpz_invert(want, za, p));
        }
        uint64_t e[2] = {cb[0], cb[1]};
        mont4_pow(r, a, e, 2, m);
        EXPECT(6, (mpz_import(tmp, 2, -1, 8, 0, 0, e), mpz_powm(want, za, tmp, p)));

        /* sqrt: of a square always succeeds and squares back; legendre agrees with GMP */
        if (round % 8 == 0) {
            uint64_t sq[4];
            mont4_mul(sq, a, a, m);
            if (!mont4_sqrt(r, sq, m))
                bad[7]++;
            else {
                uint64_t back[4];
                mont4_mul(back, r, r, m);
                if (memcmp(back, sq, 32) != 0)
                    bad[7]++;
            }
            int leg = mont4_legendre(b, m);
            if (leg != mpz_legendre(zb, p))
                bad[8]++;
            if (leg == -1 && mont4_sqrt(r, b, m))
                bad[8]++;
        }

        /* decimal and byte round trips */
        char dec[80];
        mont4_to_dec(dec, a, m);
        {
            char *want_dec = mpz_get_str(NULL, 10, za);
            if (strcmp(dec, want_dec) != 0)
                bad[9]++;
            free(want_dec);
        }
        uint64_t back[4];
        if (!mont4_from_dec(back, dec, m) || memcmp(back, a, 32) != 0)
            bad[9]++;
        uint8_t le[32], be[32];
        mont4_to_bytes_le(le, a, m);
        mont4_to_bytes_be(be, a, m);
        for (int i = 0; i < 32; i++)
            if (le[i] != be[31 - i])
                bad[10]++;
        if (!mont4_from_bytes_le(back, le, m) || memcmp(back, a, 32) != 0)
            bad[10]++;
        if (!mont4_from_bytes_be(back, be, m) || memcmp(back, a, 32) != 0)
            bad[10]++;
#undef EXPECT
    }
    const char *names[12] = {"add", "sub", "neg", "mul", "sqr", "inv", "pow", "sqrt", "legendre", "dec", "bytes", ""};
    for (int i = 0; i < 11; i++)
        CHECK_MSG(bad[i] == 0, "%s %s: %d of %d mismatches against GMP", m->name, names[i], bad[i], ROUNDS);

    /* batch inversion with zeros in the middle, in place */
    enum { N = 257 };
    uint64_t (*v)[4] = malloc(sizeof(uint64_t[N][4]));
    uint64_t (*orig)[4] = malloc(sizeof(uint64_t[N][4]));
    uint64_t (*scratch)[4] = malloc(sizeof(uint64_t[N][4]));
    for (int i = 0; i < N; i++) {
        uint64_t c[4];
        random_canonical(c, p, tmp);
        if (i % 17 == 5)
            memset(c, 0, 32);
        mont4_to_mont(v[i], c, m);
        memcpy(orig[i], v[i], 32);
    }
    mont4_batch_inv(v, (const uint64_t(*)[4])v, N, scratch, m);
    int batch_bad = 0;
    for (int i = 0; i < N; i++) {
        uint64_t prod[4];
        mont4_mul(prod, v[i], orig[i], m);
        if (mont4_is_zero(orig[i]) ? !mont4_is_zero(v[i]) : memcmp(prod, m->r1, 32) != 0)
            batch_bad++;
    }
    CHECK_MSG(batch_bad == 0, "%s batch_inv: %d wrong", m->name, batch_bad);
    free(v);
    free(orig);
    free(scratch);

    /* strict parsing: p itself, overlong, signs and junk are refused */
    uint64_t r[4];
    char *pdec = mpz_get_str(NULL, 10, p);
    CHECK_MSG(!mont4_from_dec(r, pdec, m), "%s: p is not a field element", m->name);
    free(pdec);
    CHECK(!mont4_from_dec(r, "", m));
    CHECK(!mont4_from_dec(r, "-1", m));
    CHECK(!mont4_from_dec(r, "12a", m));
    CHECK(!mont4_from_dec(r, " 1", m));
    CHECK(!mont4_from_dec(r, "1000000000000000000000000000000000000000000000000000000000000000000000000000000", m));
    CHECK(mont4_from_dec(r, "007", m));
    uint8_t pbytes[32];
    for (int i = 0; i < 32; i++)
        pbytes[i] = (uint8_t)(m->p[i / 8] >> (8 * (i % 8)));
    CHECK_MSG(!mont4_from_bytes_le(r, pbytes, m), "%s: p as bytes is refused", m->name);

    mpz_clears(p, za, zb, want, got, tmp, NULL);
}

static void check_typed_wrappers(void)
{
    fq_t a, b, c;
    fq_from_u64(&a, 3);
    fq_from_u64(&b, 4);
    fq_mul(&c, &a, &b);
    char dec[80];
    fq_to_dec(dec, &c);
    CHECK(strcmp(dec, "12") == 0);
    fr_t x, y;
    fr_set_one(&x);
    CHECK(fr_is_one(&x));
    fr_neg(&y, &x);
    fr_add(&y, &y, &x);
    CHECK(fr_is_zero(&y));
    /* Fr has a 2^28-th root of unity: 5 is a generator of the multiplicative group (as in snarkjs) */
    fr_t g, w;
    fr_from_u64(&g, 5);
    uint64_t q[4];
    mpz_t rm;
    mpz_init(rm);
    to_mpz(rm, FR_MODULUS.p);
    mpz_sub_ui(rm, rm, 1);
    mpz_fdiv_q_2exp(rm, rm, FR_TWO_ADICITY);
    from_mpz(q, rm);
    fr_pow(&w, &g, q, 4);
    for (int i = 0; i < FR_TWO_ADICITY - 1; i++)
        fr_sqr(&w, &w);
    CHECK_MSG(!fr_is_one(&w), "omega has order exactly 2^28");
    fr_sqr(&w, &w);
    CHECK(fr_is_one(&w));
    mpz_clear(rm);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    check_constants(&FQ_MODULUS);
    check_constants(&FR_MODULUS);
    check_field(&FQ_MODULUS);
    check_field(&FR_MODULUS);
    check_typed_wrappers();
    return CHECK_EXIT();
}
