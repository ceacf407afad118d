/*
 * Out-of-line field operations. GMP does the conversions and the single
 * inversion (it is faster than Fermat and these run off the hot path); the
 * multiplication they build on is mont4_mul.
 */
#include "mont4.h"

#include <gmp.h>
#include <string.h>

static void limbs_to_mpz(mpz_t z, const uint64_t a[4])
{
    mpz_import(z, 4, -1, sizeof(uint64_t), 0, 0, a);
}

/* z must be in [0, 2^256). */
static void mpz_to_limbs(uint64_t a[4], const mpz_t z)
{
    size_t count = 0;
    memset(a, 0, 4 * sizeof(uint64_t));
    mpz_export(a, &count, -1, sizeof(uint64_t), 0, 0, z);
}

static void modulus_mpz(mpz_t z, const mont4_modulus *m)
{
    mpz_init(z);
    limbs_to_mpz(z, m->p);
}

void mont4_mul_portable_call(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont4_modulus *m)
{
    mont4_mul_portable(r, a, b, m);
}

bool mont4_inv(uint64_t r[4], const uint64_t a[4], const mont4_modulus *m)
{
    if (mont4_is_zero(a)) {
        memset(r, 0, 4 * sizeof(uint64_t));
        return false;
    }
    /* a holds x*R; (x*R)^-1 = x^-1 * R^-1, so two Montgomery factors of R fix it up. */
    uint64_t canonical[4];
    mpz_t z, p;
    mpz_init(z);
    modulus_mpz(p, m);
    limbs_to_mpz(z, a);
    mpz_invert(z, z, p); /* (xR)^-1 */
    mpz_to_limbs(canonical, z);
    mpz_clears(z, p, NULL);
    uint64_t t[4];
    mont4_mul(t, canonical, m->r2, m); /* (xR)^-1 * R = x^-1 */
    mont4_mul(r, t, m->r2, m);         /* x^-1 * R: Montgomery form */
    return true;
}

void mont4_pow(uint64_t r[4], const uint64_t a[4], const uint64_t *e, size_t n, const mont4_modulus *m)
{
    uint64_t acc[4], base[4];
    memcpy(acc, m->r1, sizeof acc);
    memcpy(base, a, sizeof base);
    for (size_t i = n; i-- > 0;) {
        for (int bit = 63; bit >= 0; bit--) {
            mont4_mul(acc, acc, acc, m);
            if ((e[i] >> bit) & 1)
                mont4_mul(acc, acc, base, m);
        }
    }
    memcpy(r, acc, sizeof acc);
}

/* e = (p - 1) / 2 as limbs. */
static void half_p_minus_one(uint64_t e[4], const mont4_modulus *m)
{
    for (int i = 0; i < 4; i++)
        e[i] = (m->p[i] >> 1) | (i < 3 ? m->p[i + 1] << 63 : 0);
    /* p is odd, so (p-1)/2 == p >> 1. */
}

int mont4_legendre(const uint64_t a[4], const mont4_modulus *m)
{
    if (mont4_is_zero(a))
        return 0;
    uint64_t e[4], t[4];
    half_p_minus_one(e, m);
    mont4_pow(t, a, e, 4, m);
    return memcmp(t, m->r1, sizeof t) == 0 ? 1 : -1;
}

static bool limbs_eq(const uint64_t a[4], const uint64_t b[4])
{
    return memcmp(a, b, 4 * sizeof(uint64_t)) == 0;
}

/* Tonelli-Shanks; for p = 3 mod 4 it reduces to a^((p+1)/4). */
bool mont4_sqrt(uint64_t r[4], const uint64_t a[4], const mont4_modulus *m)
{
    if (mont4_is_zero(a)) {
        memset(r, 0, 4 * sizeof(uint64_t));
        return true;
    }
    if (mont4_legendre(a, m) != 1)
        return false;

    /* p - 1 = q * 2^s with q odd */
    uint64_t q[4];
    memcpy(q, m->p, sizeof q);
    q[0] &= ~(uint64_t)1;
    int s = 0;
    while ((q[0] & 1) == 0) {
        for (int i = 0; i < 4; i++)
            q[i] = (q[i] >> 1) | (i < 3 ? q[i + 1] << 63 : 0);
        s++;
    }

    /* z: the smallest non-residue */
    uint64_t z[4];
    for (uint64_t k = 2;; k++) {
        const uint64_t kc[4] = {k, 0, 0, 0};
        mont4_to_mont(z, kc, m);
        if (mont4_legendre(z, m) == -1)
            break;
    }

    uint64_t c[4], t[4], x[4], q_plus_1_half[4];
    mont4_pow(c, z, q, 4, m);
    mont4_pow(t, a, q, 4, m);
    /* (q + 1) / 2; q is odd so q + 1 does not carry out of 4 limbs */
    {
        uint64_t qp1[4];
        uint64_t carry = 1;
        for (int i = 0; i < 4; i++) {
            mont4_u128 sum = (mont4_u128)q[i] + carry;
            qp1[i] = (uint64_t)sum;
            carry = (uint64_t)(sum >> 64);
        }
        for (int i = 0; i < 4; i++)
            q_plus_1_half[i] = (qp1[i] >> 1) | (i < 3 ? qp1[i + 1] << 63 : 0);
    }
    mont4_pow(x, a, q_plus_1_half, 4, m);

    int mexp = s;
    while (!limbs_eq(t, m->r1)) {
        int i = 0;
        uint64_t t2[4];
        memcpy(t2, t, sizeof t2);
        while (!limbs_eq(t2, m->r1)) {
            mont4_mul(t2, t2, t2, m);
            i++;
        }
        uint64_t b[4];
        memcpy(b, c, sizeof b);
        for (int j = 0; j < mexp - i - 1; j++)
            mont4_mul(b, b, b, m);
        mexp = i;
        mont4_mul(c, b, b, m);
        mont4_mul(t, t, c, m);
        mont4_mul(x, x, b, m);
    }
    memcpy(r, x, sizeof x);
    return true;
}

void mont4_batch_inv(uint64_t (*r)[4], const uint64_t (*a)[4], size_t n, uint64_t (*scratch)[4],
                     const mont4_modulus *m)
{
    uint64_t acc[4];
    memcpy(acc, m->r1, sizeof acc);
    for (size_t i = 0; i < n; i++) {
        memcpy(scratch[i], acc, sizeof acc); /* product of the nonzero a[0..i) */
        if (!mont4_is_zero(a[i]))
            mont4_mul(acc, acc, a[i], m);
    }
    uint64_t inv[4];
    mont4_inv(inv, acc, m);
    for (size_t i = n; i-- > 0;) {
        if (mont4_is_zero(a[i])) {
            memset(r[i], 0, sizeof r[i]);
            continue;
        }
        uint64_t ai[4], t[4];
        memcpy(ai, a[i], sizeof ai); /* r may alias a */
        mont4_mul(t, inv, scratch[i], m);
        mont4_mul(inv, inv, ai, m);
        memcpy(r[i], t, sizeof t);
    }
}

static bool canonical_below_modulus(const uint64_t c[4], const mont4_modulus *m)
{
    uint64_t d[4];
    return mont4_sub_raw(d, c, m->p) == 1;
}

bool mont4_from_dec(uint64_t r[4], const char *dec, const mont4_modulus *m)
{
    if (dec == NULL || dec[0] == '\0' || strlen(dec) > 78)
        return false;
    for (const char *s = dec; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    mpz_t z;
    mpz_init(z);
    bool ok = mpz_set_str(z, dec, 10) == 0 && mpz_sizeinbase(z, 2) <= 256;
    uint64_t c[4];
    if (ok) {
        mpz_to_limbs(c, z);
        ok = canonical_below_modulus(c, m);
    }
    mpz_clear(z);
    if (ok)
        mont4_to_mont(r, c, m);
    return ok;
}

void mont4_to_dec(char out[80], const uint64_t a[4], const mont4_modulus *m)
{
    uint64_t c[4];
    mont4_from_mont(c, a, m);
    mpz_t z;
    mpz_init(z);
    limbs_to_mpz(z, c);
    mpz_get_str(out, 10, z); /* at most 78 digits for a value < 2^256 */
    mpz_clear(z);
}

static void bytes_le_to_limbs(uint64_t c[4], const uint8_t in[32])
{
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        for (int j = 7; j >= 0; j--)
            v = (v << 8) | in[8 * i + j];
        c[i] = v;
    }
}

bool mont4_from_bytes_le(uint64_t r[4], const uint8_t in[32], const mont4_modulus *m)
{
    uint64_t c[4];
    bytes_le_to_limbs(c, in);
    if (!canonical_below_modulus(c, m))
        return false;
    mont4_to_mont(r, c, m);
    return true;
}

bool mont4_from_bytes_be(uint64_t r[4], const uint8_t in[32], const mont4_modulus *m)
{
    uint8_t le[32];
    for (int i = 0; i < 32; i++)
        le[i] = in[31 - i];
    return mont4_from_bytes_le(r, le, m);
}

void mont4_to_bytes_le(uint8_t out[32], const uint64_t a[4], const mont4_modulus *m)
{
    uint64_t c[4];
    mont4_from_mont(c, a, m);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++)
            out[8 * i + j] = (uint8_t)(c[i] >> (8 * j));
}

void mont4_to_bytes_be(uint8_t out[32], const uint64_t a[4], const mont4_modulus *m)
{
    uint8_t le[32];
    mont4_to_bytes_le(le, a, m);
    for (int i = 0; i < 32; i++)
        out[i] = le[31 - i];
}

void mont4_from_bytes_le_reduce(uint64_t r[4], const uint8_t *in, size_t len, const mont4_modulus *m)
{
    mpz_t z, p;
    mpz_init(z);
    modulus_mpz(p, m);
    mpz_import(z, len, -1, 1, 0, 0, in);
    mpz_mod(z, z, p);
    uint64_t c[4];
    mpz_to_limbs(c, z);
    mpz_clears(z, p, NULL);
    mont4_to_mont(r, c, m);
}
