/*
 * Poseidon with the state in one vector of eight 64-bit lanes per limb
 * (lane i = state[i]), field elements as 5 limbs of 52 bits for AVX-512
 * IFMA. Nothing leaves the registers between rounds; the constants are read
 * from poseidon_params (fr_t, Montgomery radix 2^256) and re-cut into 52-bit
 * limbs as they are used.
 *
 * Two Montgomery products, both keeping the state in the domain
 * R' = 2^260 (z held as z 2^260 mod p, unreduced):
 *   state x state (the S-box): a b / 2^260, five 52-bit reduction digits;
 *   state x constant (matrices): a c / 2^256 with c in fr_t form (c 2^256),
 *     four 52-bit digits and one of 48, so the constant needs no conversion;
 *     a lane may sum several such products before its one reduction.
 * Round constants are added as 16 c (c in fr_t form, shifted by 4 bits):
 * congruent to c 2^260, unreduced.
 *
 * Bounds, in units of p (p < 0.1887 * 2^256, so p / 2^256 < 0.1887 and
 * p / 2^260 < 0.0118; a product's output is below (sum of a_i b_i) / R + p):
 *   S-box input below 25 p: x^2 < 8.4 p, x^4 < 1.9 p, x^5 < 1.6 p;
 *   plus 16 c: below 17.6 p;
 *   MDS (t <= 6 terms, constants < p): below 6 * 17.6 * 0.1887 + 1 < 21 p,
 *     which is the next S-box input (< 25 p);
 *   partial round, two terms per lane: inputs below 17.6 p and 8 p give
 *     outputs below 5.9 p; lane 0 sums up to three of them, below 17.7 p.
 * Everything stays below 25 p < 2^259, inside five 52-bit limbs, and the
 * product columns below 2^59. The output is brought back to fr_t form by a
 * product with 2^252 and one conditional subtraction.
 */
#include "poseidon_lanes.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define PL_TARGET __attribute__((target("avx2,avx512f,avx512vl,avx512ifma")))
#define M52 ((1ULL << 52) - 1)
#define LANES 8

typedef struct {
    __m512i l[5];
} fe8;

bool poseidon_lanes_supported(void)
{
    return __builtin_cpu_supports("avx512ifma") && __builtin_cpu_supports("avx512vl");
}

static inline uint64_t p_limb52(int i)
{
    const uint64_t *p = FR_MODULUS.p;
    switch (i) {
    case 0:
        return p[0] & M52;
    case 1:
        return ((p[0] >> 52) | (p[1] << 12)) & M52;
    case 2:
        return ((p[1] >> 40) | (p[2] << 24)) & M52;
    case 3:
        return ((p[2] >> 28) | (p[3] << 36)) & M52;
    default:
        return p[3] >> 16;
    }
}

/* eight fr_t-sized integers (any addresses) as a vector of 52-bit limbs, times 2^shift (shift < 5) */
#define LIMB(x, i, k) ((long long)(x)[i]->limb[k])
PL_TARGET static inline fe8 load(const fr_t *const x[LANES], int shift)
{
    __m512i v[4];
    for (int k = 0; k < 4; k++)
        v[k] = _mm512_set_epi64(LIMB(x, 7, k), LIMB(x, 6, k), LIMB(x, 5, k), LIMB(x, 4, k), LIMB(x, 3, k),
                                LIMB(x, 2, k), LIMB(x, 1, k), LIMB(x, 0, k));
    const __m512i m = _mm512_set1_epi64((long long)M52);
    fe8 r;
    r.l[0] = _mm512_and_si512(v[0], m);
    r.l[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(v[0], 52), _mm512_slli_epi64(v[1], 12)), m);
    r.l[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(v[1], 40), _mm512_slli_epi64(v[2], 24)), m);
    r.l[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(v[2], 28), _mm512_slli_epi64(v[3], 36)), m);
    r.l[4] = _mm512_srli_epi64(v[3], 16);
    if (shift) {
        /* limbs below 2^52 shifted by < 5 bits, then the carries moved up */
        for (int k = 0; k < 5; k++)
            r.l[k] = _mm512_slli_epi64(r.l[k], (unsigned)shift);
        for (int k = 0; k < 4; k++) {
            r.l[k + 1] = _mm512_add_epi64(r.l[k + 1], _mm512_srli_epi64(r.l[k], 52));
            r.l[k] = _mm512_and_si512(r.l[k], m);
        }
    }
    return r;
}
#undef LIMB

PL_TARGET static inline void normalise(fe8 *a)
{
    const __m512i m = _mm512_set1_epi64((long long)M52);
    for (int k = 0; k < 4; k++) {
        a->l[k + 1] = _mm512_add_epi64(a->l[k + 1], _mm512_srli_epi64(a->l[k], 52));
        a->l[k] = _mm512_and_si512(a->l[k], m);
    }
}

PL_TARGET static inline fe8 add(const fe8 *a, const fe8 *b)
{
    fe8 r;
    for (int k = 0; k < 5; k++)
        r.l[k] = _mm512_add_epi64(a->l[k], b->l[k]);
    normalise(&r);
    return r;
}

/* r = a in the lanes of keep_a, b elsewhere */
PL_TARGET static inline fe8 blend(__mmask8 keep_b, const fe8 *a, const fe8 *b)
{
    fe8 r;
    for (int k = 0; k < 5; k++)
        r.l[k] = _mm512_mask_blend_epi64(keep_b, a->l[k], b->l[k]);
    return r;
}

PL_TARGET static inline fe8 permute(const fe8 *a, __m512i idx)
{
    fe8 r;
    for (int k = 0; k < 5; k++)
        r.l[k] = _mm512_permutexvar_epi64(idx, a->l[k]);
    return r;
}

/*
 * Lane by lane: sum over j < m of a[j] b[j], Montgomery-reduced once, by
 * 2^260 (five 52-bit digits) when full_digits, else by 2^256 (last digit 48
 * bits). Output normalised, below (sum a b) / R + p.
 */
PL_TARGET static inline fe8 mont(const fe8 *a, const fe8 *b, int m, bool full_digits)
{
    const __m512i zero = _mm512_setzero_si512();
    const __m512i m52 = _mm512_set1_epi64((long long)M52);
    const __m512i inv = _mm512_set1_epi64((long long)(FR_MODULUS.inv & M52));
    __m512i p[5];
    for (int i = 0; i < 5; i++)
        p[i] = _mm512_set1_epi64((long long)p_limb52(i));
    __m512i lo[10], hi[10], t[10];
    for (int k = 0; k < 10; k++)
        lo[k] = hi[k] = zero;
    for (int j = 0; j < m; j++)
        for (int i = 0; i < 5; i++)
            for (int k = 0; k < 5; k++) {
                lo[i + k] = _mm512_madd52lo_epu64(lo[i + k], a[j].l[i], b[j].l[k]);
                hi[i + k + 1] = _mm512_madd52hi_epu64(hi[i + k + 1], a[j].l[i], b[j].l[k]);
            }
    for (int k = 0; k < 10; k++)
        t[k] = _mm512_add_epi64(lo[k], hi[k]);
    /* the carry out of column i, (t_i + 2^52 - 1) >> 52, is known before m_i (see fr_lanes_kernel.h) */
    for (int i = 0; i < 5; i++) {
        __m512i mi = _mm512_madd52lo_epu64(zero, t[i], inv);
        if (i == 4 && !full_digits) {
            /* a 48-bit digit: t_4 keeps its upper bits for the cut below */
            mi = _mm512_and_si512(mi, _mm512_set1_epi64((long long)((1ULL << 48) - 1)));
            t[4] = _mm512_madd52lo_epu64(t[4], mi, p[0]);
            t[5] = _mm512_add_epi64(_mm512_madd52hi_epu64(t[5], mi, p[0]), _mm512_madd52lo_epu64(zero, mi, p[1]));
        } else {
            const __m512i carry = _mm512_srli_epi64(_mm512_add_epi64(t[i], m52), 52);
            const __m512i next_lo = _mm512_madd52lo_epu64(zero, mi, p[1]);
            t[i + 1] = _mm512_add_epi64(_mm512_madd52hi_epu64(_mm512_add_epi64(t[i + 1], carry), mi, p[0]), next_lo);
        }
        for (int j = 2; j < 5; j++)
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], mi, p[j]);
        for (int j = 1; j < 5; j++)
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], mi, p[j]);
    }
    fe8 r;
    if (full_digits) {
        for (int k = 5; k < 9; k++) {
            t[k + 1] = _mm512_add_epi64(t[k + 1], _mm512_srli_epi64(t[k], 52));
            r.l[k - 5] = _mm512_and_si512(t[k], m52);
        }
        r.l[4] = t[9];
        return r;
    }
    /* V = t_4 + t_5 2^52 + ... (low 48 bits zero); the result is V / 2^48, re-cut into 52-bit limbs */
    for (int k = 4; k < 9; k++) {
        t[k + 1] = _mm512_add_epi64(t[k + 1], _mm512_srli_epi64(t[k], 52));
        t[k] = _mm512_and_si512(t[k], m52);
    }
    for (int k = 0; k < 5; k++)
        r.l[k] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(t[4 + k], 48), _mm512_slli_epi64(t[5 + k], 4)), m52);
    return r;
}

PL_TARGET static inline fe8 sbox(const fe8 *x)
{
    const fe8 x2 = mont(x, x, 1, true);
    const fe8 x4 = mont(&x2, &x2, 1, true);
    return mont(x, &x4, 1, true);
}

typedef struct {
    const poseidon_params *pp;
    unsigned t;
    fr_t zero, one; /* one = 2^256 mod p: the constant that leaves a state x constant product unchanged */
} ctx;

/* lanes i < t from base[i * stride], the rest zero; shifted by 4 bits (x 16) for round constants */
PL_TARGET static inline fe8 load_row(const ctx *c, const fr_t *base, unsigned stride, int shift)
{
    const fr_t *ptr[LANES];
    for (unsigned i = 0; i < LANES; i++)
        ptr[i] = i < c->t ? &base[i * stride] : &c->zero;
    return load(ptr, shift);
}

PL_TARGET static inline fe8 mds(const ctx *c, const fe8 *x, const fr_t *mat)
{
    fe8 a[POSEIDON_LANES_MAX_T], b[POSEIDON_LANES_MAX_T];
    for (unsigned j = 0; j < c->t; j++) {
        a[j] = permute(x, _mm512_set1_epi64(j));
        b[j] = load_row(c, &mat[j * c->t], 1, 0); /* new[i] = sum_j mat[j t + i] x_j */
    }
    return mont(a, b, (int)c->t, false);
}

/* sbox(x) + 16 c, then x mat */
PL_TARGET static inline fe8 full_round(const ctx *c, const fe8 *x, const fr_t *consts, const fr_t *mat)
{
    fe8 y = sbox(x);
    if (consts) {
        const fe8 k = load_row(c, consts, 1, 4);
        y = add(&y, &k);
    }
    return mds(c, &y, mat);
}

/*
 * Partial round: state[0] through the S-box plus 16 c; then, with two terms
 * per lane, lanes 0 .. n_dot-1 hold partial dot products of the new state
 * with s[0..t), and lanes n_dot .. n_dot+t-2 the updates
 * state[k] * 1 + state[0] * s[t + k - 1]; lane 0 of the next state is the
 * sum of the partial dot products.
 */
typedef struct {
    __m512i first, second, gather; /* lane sources of the two terms, and where the next state's lanes come from */
    unsigned n_dot;
} partial_layout;

PL_TARGET static void make_layout(partial_layout *lay, unsigned t)
{
    long long first[LANES] = {0}, second[LANES] = {0}, gather[LANES] = {0};
    const unsigned n_dot = (t + 1) / 2;
    for (unsigned i = 0; i < n_dot; i++) {
        first[i] = 2 * i;
        second[i] = 2 * i + 1 < t ? 2 * i + 1 : 0;
    }
    for (unsigned k = 1; k < t; k++) {
        first[n_dot + k - 1] = k;
        second[n_dot + k - 1] = 0;
        gather[k] = n_dot + k - 1;
    }
    lay->first = _mm512_loadu_si512(first);
    lay->second = _mm512_loadu_si512(second);
    lay->gather = _mm512_loadu_si512(gather);
    lay->n_dot = n_dot;
}

PL_TARGET static inline fe8 partial_round(const ctx *c, const partial_layout *lay, const fe8 *x, const fr_t *rc,
                                          const fr_t *s)
{
    const unsigned t = c->t, n_dot = lay->n_dot;
    /* state[0] = sbox(state[0]) + 16 c; the S-box runs in every lane, lane 0 is kept */
    const fr_t *kp[LANES];
    for (unsigned i = 0; i < LANES; i++)
        kp[i] = i == 0 ? rc : &c->zero;
    const fe8 k = load(kp, 4);
    fe8 y = sbox(x);
    y = add(&y, &k);
    const fe8 st = blend(0x01, x, &y);

    const fr_t *b1p[LANES], *b2p[LANES];
    for (unsigned i = 0; i < LANES; i++)
        b1p[i] = b2p[i] = &c->zero;
    for (unsigned i = 0; i < n_dot; i++) {
        b1p[i] = &s[2 * i];
        if (2 * i + 1 < t)
            b2p[i] = &s[2 * i + 1];
    }
    for (unsigned kk = 1; kk < t; kk++) {
        b1p[n_dot + kk - 1] = &c->one;
        b2p[n_dot + kk - 1] = &s[t + kk - 1];
    }
    const fe8 a[2] = {permute(&st, lay->first), permute(&st, lay->second)};
    const fe8 b[2] = {load(b1p, 0), load(b2p, 0)};
    const fe8 r = mont(a, b, 2, false);

    fe8 next = permute(&r, lay->gather);
    fe8 sum = r;
    for (unsigned i = 1; i < n_dot; i++) {
        const fe8 lane_i = permute(&r, _mm512_set1_epi64(i));
        for (int kk = 0; kk < 5; kk++)
            sum.l[kk] = _mm512_add_epi64(sum.l[kk], lane_i.l[kk]);
    }
    normalise(&sum);
    return blend(0x01, &next, &sum);
}

PL_TARGET void poseidon_lanes_hash(fr_t *out, const poseidon_params *pp, const fr_t *in, size_t n)
{
    ctx c = {.pp = pp, .t = pp->t};
    fr_set_zero(&c.zero);
    fr_set_one(&c.one);
    const unsigned t = pp->t, half = pp->n_rounds_f / 2;

    /* inputs into the R' domain: x 2^256 times 2^260 / 2^256 (a state x constant product with 2^260 mod p) */
    /* 2^260 mod p and 2^252 (< p) as plain integers in fr_t-sized limbs */
    fr_t to_domain, sixteen;
    fr_from_u64(&sixteen, 16);
    fr_mul(&to_domain, &c.one, &sixteen); /* the limbs of the element 16: 16 * 2^256 mod p */
    const fr_t from_domain = {{0, 0, 0, 1ULL << 60}};
    const fr_t *ip[LANES], *tp[LANES];
    for (unsigned i = 0; i < LANES; i++) {
        ip[i] = (i >= 1 && i <= n) ? &in[i - 1] : &c.zero;
        tp[i] = &to_domain;
    }
    const fe8 raw = load(ip, 0), scale = load(tp, 0);
    fe8 x = mont(&raw, &scale, 1, false);

    /* state += c[0..t) */
    const fe8 k0 = load_row(&c, pp->c, 1, 4);
    x = add(&x, &k0);
    for (unsigned r = 0; r + 1 < half; r++)
        x = full_round(&c, &x, pp->c + (r + 1) * t, pp->m);
    x = full_round(&c, &x, pp->c + half * t, pp->p);

    partial_layout lay;
    make_layout(&lay, t);
    const fr_t *pc = pp->c + (half + 1) * t;
    for (unsigned r = 0; r < pp->n_rounds_p; r++)
        x = partial_round(&c, &lay, &x, &pc[r], pp->s + (2 * t - 1) * r);

    const fr_t *sc = pc + pp->n_rounds_p;
    for (unsigned r = 0; r + 1 < half; r++)
        x = full_round(&c, &x, sc + r * t, pp->m);
    x = full_round(&c, &x, NULL, pp->m);

    /* back to fr_t form: a state x constant product with 2^252 gives z 2^256, below 1.2 p */
    for (unsigned i = 0; i < LANES; i++)
        tp[i] = &from_domain;
    const fe8 back_scale = load(tp, 0);
    const fe8 y = mont(&x, &back_scale, 1, false);
    uint64_t l52[5];
    for (int k = 0; k < 5; k++) {
        uint64_t lanes[LANES];
        _mm512_storeu_si512(lanes, y.l[k]);
        l52[k] = lanes[0];
    }
    uint64_t v[4] = {l52[0] | (l52[1] << 52), (l52[1] >> 12) | (l52[2] << 40), (l52[2] >> 24) | (l52[3] << 28),
                     (l52[3] >> 36) | (l52[4] << 16)};
    mont4_reduce_once(out->limb, v, &FR_MODULUS);
}

#else

bool poseidon_lanes_supported(void)
{
    return false;
}

void poseidon_lanes_hash(fr_t *out, const poseidon_params *pp, const fr_t *in, size_t n)
{
    (void)pp;
    (void)in;
    (void)n;
    fr_set_zero(out);
}

#endif
