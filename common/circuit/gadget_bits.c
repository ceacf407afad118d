/* Bit decompositions, range checks, comparisons with constants (gadget_bits.h). */
#include "circuit/gadget_bits.h"

/* r - 1 for BN254's scalar field r (fr.h's modulus with the lowest bit cleared). */
const uint64_t G_FR_MINUS_ONE[4] = {0x43e1f593f0000000ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL,
                                    0x30644e72e131a029ULL};

static inline unsigned bit_of(const uint64_t v[4], unsigned i) { return (unsigned)((v[i / 64] >> (i % 64)) & 1); }

void g_boolean(cs_t *cs, uint32_t b, const char *why)
{
    cs_lc_t lb;
    cs_lc_init(&lb);
    cs_lc_set_wire(cs, &lb, b);
    cs_enforce(cs, &lb, &lb, &lb, why);
    cs_lc_free(&lb);
}

void g_bits_sum(cs_t *cs, cs_lc_t *lc, const uint32_t *bits, unsigned n)
{
    fr_t pow;
    fr_set_one(&pow);
    cs_lc_clear(lc);
    for (unsigned i = 0; i < n; i++) {
        cs_lc_add_term(cs, lc, bits[i], &pow);
        fr_dbl(&pow, &pow);
    }
}

void g_bits(cs_t *cs, const cs_lc_t *x, unsigned n, uint32_t *bits, const char *why)
{
    fr_t v, zero, one;
    uint64_t c[4];
    cs_lc_eval(cs, x, &v);
    fr_to_canonical(c, &v);
    fr_set_zero(&zero);
    fr_set_one(&one);
    for (unsigned i = 0; i < n; i++) {
        bits[i] = cs_wire(cs, bit_of(c, i) ? &one : &zero);
        g_boolean(cs, bits[i], why);
    }
    cs_lc_t sum, lone;
    cs_lc_init(&sum);
    cs_lc_init(&lone);
    g_bits_sum(cs, &sum, bits, n);
    cs_lc_set_u64(cs, &lone, 1);
    cs_enforce(cs, &sum, &lone, x, why);
    cs_lc_free(&sum);
    cs_lc_free(&lone);
}

void g_bits_strict(cs_t *cs, const cs_lc_t *x, uint32_t bits[254], const char *why)
{
    g_bits(cs, x, 254, bits, why);
    g_bits_le_const(cs, bits, 254, G_FR_MINUS_ONE, why);
}

uint32_t g_is_zero(cs_t *cs, const cs_lc_t *x, const char *why)
{
    fr_t v, inv, z;
    cs_lc_eval(cs, x, &v);
    if (!fr_inv(&inv, &v))
        fr_set_zero(&inv);
    if (fr_is_zero(&v))
        fr_set_one(&z);
    else
        fr_set_zero(&z);
    uint32_t w_inv = cs_wire(cs, &inv);
    uint32_t w_z = cs_wire(cs, &z);
    cs_lc_t l_inv, one_minus_z, l_z, zero;
    cs_lc_init(&l_inv);
    cs_lc_init(&one_minus_z);
    cs_lc_init(&l_z);
    cs_lc_init(&zero);
    cs_lc_set_wire(cs, &l_inv, w_inv);
    cs_lc_set_wire(cs, &l_z, w_z);
    cs_lc_set_u64(cs, &one_minus_z, 1);
    fr_t m1;
    fr_set_one(&m1);
    fr_neg(&m1, &m1);
    cs_lc_add_term(cs, &one_minus_z, w_z, &m1);
    /* x * inv = 1 - z forces z = 0 when x != 0 ... */
    cs_enforce(cs, x, &l_inv, &one_minus_z, why);
    /* ... and x * z = 0 forces z = 1 when x == 0 (z = 1 - 0) */
    cs_enforce(cs, x, &l_z, &zero, why);
    cs_lc_free(&l_inv);
    cs_lc_free(&one_minus_z);
    cs_lc_free(&l_z);
    cs_lc_free(&zero);
    return w_z;
}

void g_assert_nonzero(cs_t *cs, const cs_lc_t *x, const char *why)
{
    fr_t v, inv;
    cs_lc_eval(cs, x, &v);
    if (!fr_inv(&inv, &v))
        fr_set_zero(&inv);
    uint32_t w_inv = cs_wire(cs, &inv);
    cs_lc_t l_inv, one;
    cs_lc_init(&l_inv);
    cs_lc_init(&one);
    cs_lc_set_wire(cs, &l_inv, w_inv);
    cs_lc_set_u64(cs, &one, 1);
    cs_enforce(cs, x, &l_inv, &one, why);
    cs_lc_free(&l_inv);
    cs_lc_free(&one);
}

/*
 * Walks c from the top bit down keeping eq = [bits above == c above]. Under a
 * run of zeros in c the bits must be zero while eq holds: eq * sum(run) = 0
 * (booleans, so the sum cannot wrap). Over a run of ones, eq becomes
 * eq AND all bits of the run; a run longer than three is tested with one
 * is-zero on (length - sum) instead of a chain of products. The last run of
 * ones, with no zero of c below it, constrains nothing and is skipped.
 */
void g_bits_le_const(cs_t *cs, const uint32_t *bits, unsigned n, const uint64_t c[4], const char *why)
{
    cs_lc_t eq, sum, tmp;
    cs_lc_init(&eq);
    cs_lc_init(&sum);
    cs_lc_init(&tmp);
    cs_lc_set_u64(cs, &eq, 1);
    bool eq_is_one = true;
    fr_t one;
    fr_set_one(&one);

    int i = (int)n - 1;
    while (i >= 0) {
        unsigned cb = bit_of(c, (unsigned)i);
        int j = i;
        while (j - 1 >= 0 && bit_of(c, (unsigned)(j - 1)) == cb)
            j--;
        /* run is [j, i] */
        if (cb == 0) {
            cs_lc_clear(&sum);
            for (int k = j; k <= i; k++)
                cs_lc_add_term(cs, &sum, bits[k], &one);
            cs_lc_t zero;
            cs_lc_init(&zero);
            cs_enforce(cs, &eq, &sum, &zero, why);
            cs_lc_free(&zero);
        } else {
            if (j == 0)
                break; /* nothing below can exceed c */
            int len = i - j + 1;
            if (len <= 3 || (eq_is_one && len <= 4)) {
                for (int k = i; k >= j; k--) {
                    cs_lc_set_wire(cs, &tmp, bits[k]);
                    if (eq_is_one) {
                        cs_lc_copy(cs, &eq, &tmp);
                        eq_is_one = false;
                    } else {
                        uint32_t w = cs_mul(cs, &eq, &tmp, why);
                        cs_lc_set_wire(cs, &eq, w);
                    }
                }
            } else {
                fr_t flen;
                fr_from_u64(&flen, (uint64_t)len);
                cs_lc_set_const(cs, &sum, &flen);
                fr_t m1;
                fr_neg(&m1, &one);
                for (int k = j; k <= i; k++)
                    cs_lc_add_term(cs, &sum, bits[k], &m1);
                uint32_t all = g_is_zero(cs, &sum, why);
                cs_lc_set_wire(cs, &tmp, all);
                if (eq_is_one) {
                    cs_lc_copy(cs, &eq, &tmp);
                    eq_is_one = false;
                } else {
                    uint32_t w = cs_mul(cs, &eq, &tmp, why);
                    cs_lc_set_wire(cs, &eq, w);
                }
            }
        }
        i = j - 1;
    }
    cs_lc_free(&eq);
    cs_lc_free(&sum);
    cs_lc_free(&tmp);
}
