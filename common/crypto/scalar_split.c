/*
 * Extended Euclid on (l, k), stopped when the remainder drops below
 * 2^(|l|/2). Invariants: r_i == t_i * k (mod l), t_i alternates in sign
 * (positive for odd i), |t_{i+1}| = |t_{i-1}| + q_i |t_i|, and
 * r_{i-1} |t_i| + r_i |t_{i-1}| = l, so the stopping pair has
 * |t_i| <= l / r_{i-1} < 2^(|l|/2) as well.
 *
 * Parity: consecutive t_{i-1}, t_i are never both even (the identity above
 * would make l even), so when t_i is even its neighbours t_{i-1} and
 * t_{i+1} = t_{i-1} - q_i t_i are odd, and one of those is taken.
 *
 * Quotients are found by shift-and-subtract: they average under two bits
 * and a quotient over 2^62 has probability about 2^-62 per step (the caller
 * then falls back to the full-length check).
 */
#include "scalar_split.h"

#include <string.h>

static int bitlen4(const uint64_t a[4])
{
    for (int i = 3; i >= 0; i--)
        if (a[i])
            return 64 * i + 64 - __builtin_clzll(a[i]);
    return 0;
}

static bool geq4(const uint64_t a[4], const uint64_t b[4])
{
    for (int i = 3; i >= 0; i--)
        if (a[i] != b[i])
            return a[i] > b[i];
    return true;
}

static void sub4(uint64_t a[4], const uint64_t b[4])
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        const unsigned __int128 d = (unsigned __int128)a[i] - b[i] - borrow;
        a[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
}

/* r = a << s for 0 <= s < 64 * 4, bits above 2^256 dropped (never present here: r <= the dividend). */
static void shl4(uint64_t r[4], const uint64_t a[4], int s)
{
    const int limbs = s / 64, bits = s % 64;
    for (int i = 3; i >= 0; i--) {
        const int j = i - limbs;
        uint64_t v = 0;
        if (j >= 0) {
            v = a[j] << bits;
            if (bits && j >= 1)
                v |= a[j - 1] >> (64 - bits);
        }
        r[i] = v;
    }
}

/* a = a mod b and *q = a / b for b > 0; false when the quotient would not fit 63 bits. */
static bool divmod_small(uint64_t a[4], const uint64_t b[4], uint64_t *q)
{
    const int diff = bitlen4(a) - bitlen4(b);
    *q = 0;
    if (diff < 0)
        return true;
    if (diff > 62)
        return false;
    for (int s = diff; s >= 0; s--) {
        uint64_t bs[4];
        shl4(bs, b, s);
        if (geq4(a, bs)) {
            sub4(a, bs);
            *q |= (uint64_t)1 << s;
        }
    }
    return true;
}

/* r = a + q * b; false on overflow of 4 limbs. */
static bool addmul4(uint64_t r[4], const uint64_t a[4], uint64_t q, const uint64_t b[4])
{
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        const unsigned __int128 v = (unsigned __int128)q * b[i] + a[i] + carry;
        r[i] = (uint64_t)v;
        carry = (uint64_t)(v >> 64);
    }
    return carry == 0;
}

typedef struct {
    uint64_t t[4], r[4];
    int index; /* position in the remainder sequence: t is negative at even positions */
    int bits;
} candidate;

static bool is_zero4(const uint64_t a[4])
{
    return (a[0] | a[1] | a[2] | a[3]) == 0;
}

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

static void set_candidate(candidate *c, const uint64_t t[4], const uint64_t r[4], int index)
{
    memcpy(c->t, t, sizeof c->t);
    memcpy(c->r, r, sizeof c->r);
    c->index = index;
    c->bits = max_int(bitlen4(t), bitlen4(r));
}

static void consider(candidate *best, const uint64_t t[4], const uint64_t r[4], int index)
{
    if (!(t[0] & 1))
        return; /* only odd multipliers keep the cofactor argument (also rules out t == 0) */
    candidate c;
    set_candidate(&c, t, r, index);
    if (best->bits < 0 || c.bits < best->bits)
        *best = c;
}

bool scalar_split_half(scalar_split *out, const uint64_t k[4], const uint64_t l[4], int max_bits)
{
    const int half = (bitlen4(l) + 1) / 2;
    uint64_t r_prev[4], r_cur[4], t_prev[4] = {0, 0, 0, 0}, t_cur[4] = {1, 0, 0, 0};
    memcpy(r_prev, l, sizeof r_prev);
    memcpy(r_cur, k, sizeof r_cur);
    int index = 1;
    /* stop at the first remainder below 2^half, or before a quotient too large to take (then the
     * current pair is usually short already: k = 2^126 gives d = 1, c = k) */
    bool stalled = false;
    while (bitlen4(r_cur) > half) {
        uint64_t r_next[4], t_next[4], q;
        memcpy(r_next, r_prev, sizeof r_next);
        if (!divmod_small(r_next, r_cur, &q) || !addmul4(t_next, t_prev, q, t_cur)) {
            stalled = true;
            break;
        }
        memcpy(r_prev, r_cur, sizeof r_prev);
        memcpy(r_cur, r_next, sizeof r_cur);
        memcpy(t_prev, t_cur, sizeof t_prev);
        memcpy(t_cur, t_next, sizeof t_cur);
        index++;
    }

    /* the stopping pair and its two neighbours; of two consecutive t at least one is odd */
    candidate best = {.bits = -1};
    consider(&best, t_cur, r_cur, index);
    consider(&best, t_prev, r_prev, index - 1);
    uint64_t r_next[4], t_next[4], q;
    memcpy(r_next, r_prev, sizeof r_next);
    if (!stalled && !is_zero4(r_cur) && divmod_small(r_next, r_cur, &q) && addmul4(t_next, t_prev, q, t_cur))
        consider(&best, t_next, r_next, index + 1);
    if (best.bits < 0 || best.bits > max_bits)
        return false;
    memcpy(out->d, best.t, sizeof out->d);
    memcpy(out->c, best.r, sizeof out->c);
    out->d_negative = best.index % 2 == 0;
    out->bits = best.bits;
    return true;
}
