/*
 * Bit gadgets: range checks reject values >= 2^n; the comparison with a
 * constant agrees with integer comparison exhaustively on 8 bits (the oracle
 * is C's own < on small integers), and at the edges of p - 1 on 254 bits.
 */
#include "check.h"
#include "circuit/gadget_bits.h"

#include <gmp.h>
#include <stdio.h>

CHECK_MAIN_STATE

/* Builds bits with the given values directly (bypassing any decomposition) and compares them with c. */
static bool le_const_accepts(const uint64_t v[4], const uint64_t c[4], unsigned n)
{
    cs_t cs;
    cs_init(&cs);
    uint32_t bits[256];
    fr_t zero, one;
    fr_set_zero(&zero);
    fr_set_one(&one);
    for (unsigned i = 0; i < n; i++) {
        bits[i] = cs_wire(&cs, ((v[i / 64] >> (i % 64)) & 1) ? &one : &zero);
        g_boolean(&cs, bits[i], "bit");
    }
    g_bits_le_const(&cs, bits, n, c, "le");
    bool ok = cs.satisfied;
    cs_free(&cs);
    return ok;
}

static void mpz_to_limbs(uint64_t out[4], const mpz_t x)
{
    for (int i = 0; i < 4; i++)
        out[i] = 0;
    mpz_export(out, NULL, -1, 8, 0, 0, x);
}

int main(void)
{
    /* exhaustive on 8 bits */
    for (uint64_t c = 0; c < 256; c++)
        for (uint64_t v = 0; v < 256; v++) {
            const uint64_t cv[4] = {c, 0, 0, 0}, vv[4] = {v, 0, 0, 0};
            CHECK_MSG(le_const_accepts(vv, cv, 8) == (v <= c), "v=%llu c=%llu", (unsigned long long)v,
                      (unsigned long long)c);
        }

    /* 254 bits around p - 1 (GMP computes the neighbours) */
    mpz_t p, x;
    mpz_init_set_str(p, "21888242871839275222246405745257275088548364400416034343698204186575808495617", 10);
    mpz_init(x);
    const long deltas[] = {-1, 0, 1, 2, 1L << 40};
    for (size_t i = 0; i < sizeof deltas / sizeof deltas[0]; i++) {
        uint64_t v[4];
        mpz_sub_ui(x, p, 1);
        if (deltas[i] < 0)
            mpz_sub_ui(x, x, (unsigned long)-deltas[i]);
        else
            mpz_add_ui(x, x, (unsigned long)deltas[i]);
        mpz_to_limbs(v, x);
        CHECK_MSG(le_const_accepts(v, G_FR_MINUS_ONE, 254) == (deltas[i] <= 0), "p - 1 %+ld", deltas[i]);
    }
    /* the largest 254-bit value is rejected */
    const uint64_t top[4] = {~0ULL, ~0ULL, ~0ULL, (1ULL << 62) - 1};
    CHECK(!le_const_accepts(top, G_FR_MINUS_ONE, 254));
    mpz_clears(p, x, NULL);

    /* range checks: 2^n - 1 fits n bits, 2^n does not */
    for (unsigned n = 1; n <= 200; n += 13) {
        for (int over = 0; over < 2; over++) {
            cs_t cs;
            cs_init(&cs);
            uint64_t c[4] = {0, 0, 0, 0};
            if (over)
                c[n / 64] = 1ULL << (n % 64);
            else
                for (unsigned i = 0; i < n; i++)
                    c[i / 64] |= 1ULL << (i % 64);
            fr_t v;
            fr_from_canonical(&v, c);
            cs_lc_t lc;
            cs_lc_init(&lc);
            cs_lc_set_wire(&cs, &lc, cs_wire(&cs, &v));
            uint32_t bits[256];
            g_bits(&cs, &lc, n, bits, "range");
            CHECK_MSG(cs.satisfied == !over, "n=%u over=%d", n, over);
            cs_lc_free(&lc);
            cs_free(&cs);
        }
    }

    /* strict decomposition: p - 1 fits; the value 0 also fits; the constraint count is modest */
    {
        cs_t cs;
        cs_init(&cs);
        fr_t v;
        fr_set_one(&v);
        fr_neg(&v, &v);
        cs_lc_t lc;
        cs_lc_init(&lc);
        cs_lc_set_wire(&cs, &lc, cs_wire(&cs, &v));
        uint32_t bits[254];
        g_bits_strict(&cs, &lc, bits, "strict");
        CHECK(cs.satisfied);
        printf("strict 254-bit decomposition: %u constraints\n", cs.n_constraints);
        cs_lc_free(&lc);
        cs_free(&cs);
    }

    /* is_zero */
    for (uint64_t k = 0; k < 3; k++) {
        cs_t cs;
        cs_init(&cs);
        fr_t v;
        fr_from_u64(&v, k);
        cs_lc_t lc;
        cs_lc_init(&lc);
        cs_lc_set_wire(&cs, &lc, cs_wire(&cs, &v));
        uint32_t z = g_is_zero(&cs, &lc, "is_zero");
        CHECK(cs.satisfied);
        CHECK(fr_is_one(cs_value(&cs, z)) == (k == 0));
        cs_lc_free(&lc);
        cs_free(&cs);
    }
    return CHECK_EXIT();
}
