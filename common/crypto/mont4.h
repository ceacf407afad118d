/*
 * Four-limb (4 x 64-bit) Montgomery arithmetic for primes below 2^254.
 *
 * Both BN254 fields (Fq, the base field, and Fr, the scalar field) have a
 * top limb below 2^62, so a + b never overflows four limbs and the CIOS
 * multiplication can skip the extra carry word (the "spare bit" condition
 * used by gnark-crypto). The routines here are generic over the modulus;
 * fq.h and fr.h bind them to a constant modulus so that, after inlining,
 * the compiler sees the constants.
 *
 * Values are kept in Montgomery form a*R mod p with R = 2^256, always fully
 * reduced (0 <= limb value < p), so equality is limb equality.
 */
#ifndef ZKS_CRYPTO_MONT4_H
#define ZKS_CRYPTO_MONT4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mont4_adx.h"

typedef unsigned __int128 mont4_u128;

typedef struct {
    uint64_t p[4];      /* the modulus, little-endian limbs */
    uint64_t inv;       /* -p^{-1} mod 2^64 */
    uint64_t r1[4];     /* R mod p: Montgomery form of 1 */
    uint64_t r2[4];     /* R^2 mod p: converts into Montgomery form */
    const char *name;   /* "Fq" or "Fr", for error messages */
} mont4_modulus;

/* r = a - b over 4 limbs, returns the borrow (0 or 1). */
static inline uint64_t mont4_sub_raw(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        mont4_u128 d = (mont4_u128)a[i] - b[i] - borrow;
        r[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    return borrow;
}

/* r = t if t < p else t - p, without a branch on t. */
static inline void mont4_reduce_once(uint64_t r[4], const uint64_t t[4], const mont4_modulus *m)
{
    uint64_t d[4];
    uint64_t borrow = mont4_sub_raw(d, t, m->p);
    uint64_t keep_t = (uint64_t)0 - borrow; /* all ones when t < p */
    for (int i = 0; i < 4; i++)
        r[i] = (t[i] & keep_t) | (d[i] & ~keep_t);
}

static inline void mont4_add(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont4_modulus *m)
{
    uint64_t t[4];
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        mont4_u128 s = (mont4_u128)a[i] + b[i] + carry;
        t[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
    /* carry is always 0: a + b < 2p < 2^255. */
    mont4_reduce_once(r, t, m);
}

static inline void mont4_sub(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont4_modulus *m)
{
    uint64_t t[4];
    uint64_t mask = (uint64_t)0 - mont4_sub_raw(t, a, b);
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        mont4_u128 s = (mont4_u128)t[i] + (m->p[i] & mask) + carry;
        r[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
}

static inline bool mont4_is_zero(const uint64_t a[4])
{
    return (a[0] | a[1] | a[2] | a[3]) == 0;
}

static inline void mont4_neg(uint64_t r[4], const uint64_t a[4], const mont4_modulus *m)
{
    uint64_t t[4];
    uint64_t nonzero = (uint64_t)0 - (uint64_t)!mont4_is_zero(a);
    mont4_sub_raw(t, m->p, a);
    for (int i = 0; i < 4; i++)
        r[i] = t[i] & nonzero;
}

/*
 * Montgomery product r = a*b/R mod p, CIOS with the spare-bit shortcut:
 * the running sum stays below 2p, so the high word of each round folds into
 * the top limb without a fifth carry word.
 */
static inline void mont4_mul_portable(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont4_modulus *m)
{
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (int i = 0; i < 4; i++) {
        mont4_u128 acc;
        uint64_t c, t4, q;
        acc = (mont4_u128)a[i] * b[0] + t0;
        t0 = (uint64_t)acc;
        c = (uint64_t)(acc >> 64);
        acc = (mont4_u128)a[i] * b[1] + t1 + c;
        t1 = (uint64_t)acc;
        c = (uint64_t)(acc >> 64);
        acc = (mont4_u128)a[i] * b[2] + t2 + c;
        t2 = (uint64_t)acc;
        c = (uint64_t)(acc >> 64);
        acc = (mont4_u128)a[i] * b[3] + t3 + c;
        t3 = (uint64_t)acc;
        t4 = (uint64_t)(acc >> 64);

        q = t0 * m->inv;
        acc = (mont4_u128)q * m->p[0] + t0;
        c = (uint64_t)(acc >> 64);
        acc = (mont4_u128)q * m->p[1] + t1 + c;
        t0 = (uint64_t)acc;
        c = (uint64_t)(acc >> 64);
        acc = (mont4_u128)q * m->p[2] + t2 + c;
        t1 = (uint64_t)acc;
        c = (uint64_t)(acc >> 64);
        acc = (mont4_u128)q * m->p[3] + t3 + c;
        t2 = (uint64_t)acc;
        c = (uint64_t)(acc >> 64);
        t3 = t4 + c;
    }
    uint64_t t[4] = {t0, t1, t2, t3};
    mont4_reduce_once(r, t, m);
}

/* The portable product out of line: keeps the inlined mont4_mul small on CPUs that take the ADX path. */
void mont4_mul_portable_call(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont4_modulus *m);

/*
 * The multiplication everything uses: the mulx/adx version (mont4_adx.h) where
 * the CPU has BMI2 and ADX, about 1.3x faster; the portable one otherwise.
 * Both give the same fully reduced result.
 */
static inline void mont4_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont4_modulus *m)
{
#if MONT4_HAVE_ADX_PATH
    if (__builtin_expect(mont4_cpu_has_adx(), 1)) {
        uint64_t t[4];
        mont4_mul_adx_unreduced(t, a, b, m->p, m->inv);
        mont4_reduce_once(r, t, m);
        return;
    }
    mont4_mul_portable_call(r, a, b, m);
#else
    mont4_mul_portable(r, a, b, m);
#endif
}

static inline void mont4_to_mont(uint64_t r[4], const uint64_t canonical[4], const mont4_modulus *m)
{
    mont4_mul(r, canonical, m->r2, m);
}

static inline void mont4_from_mont(uint64_t canonical[4], const uint64_t a[4], const mont4_modulus *m)
{
    static const uint64_t one[4] = {1, 0, 0, 0};
    mont4_mul(canonical, a, one, m);
}

/* Out-of-line operations (mont4.c): off the hot path, GMP where it helps. */

/* r = a^-1 (Montgomery form in and out); a == 0 gives 0 and returns false. */
bool mont4_inv(uint64_t r[4], const uint64_t a[4], const mont4_modulus *m);
/* r = a^e for a little-endian exponent of n limbs. */
void mont4_pow(uint64_t r[4], const uint64_t a[4], const uint64_t *e, size_t n, const mont4_modulus *m);
/* Square root; false when a is not a square. Which root is returned is unspecified. */
bool mont4_sqrt(uint64_t r[4], const uint64_t a[4], const mont4_modulus *m);
/* Legendre symbol: 1 (nonzero square), -1 (non-square), 0 (zero). */
int mont4_legendre(const uint64_t a[4], const mont4_modulus *m);
/* Inverts n elements with one inversion (Montgomery's trick); zeros stay zero. scratch: n*4 limbs. */
void mont4_batch_inv(uint64_t (*r)[4], const uint64_t (*a)[4], size_t n, uint64_t (*scratch)[4], const mont4_modulus *m);

/*
 * Canonical conversions. Parsing is strict: a decimal string of digits only
 * (no sign, no spaces, leading zeros allowed), a value >= p is refused.
 */
bool mont4_from_dec(uint64_t r[4], const char *dec, const mont4_modulus *m);
/* Writes a NUL-terminated decimal string; out must hold at least 80 bytes. */
void mont4_to_dec(char out[80], const uint64_t a[4], const mont4_modulus *m);
/* 32 bytes, refused when >= p. */
bool mont4_from_bytes_le(uint64_t r[4], const uint8_t in[32], const mont4_modulus *m);
bool mont4_from_bytes_be(uint64_t r[4], const uint8_t in[32], const mont4_modulus *m);
void mont4_to_bytes_le(uint8_t out[32], const uint64_t a[4], const mont4_modulus *m);
void mont4_to_bytes_be(uint8_t out[32], const uint64_t a[4], const mont4_modulus *m);
/* Any length, reduced modulo p (for hashing to the field and random sampling). */
void mont4_from_bytes_le_reduce(uint64_t r[4], const uint8_t *in, size_t len, const mont4_modulus *m);

#endif
