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
 *   MDS (t <= 7 terms, constants < p): below 7 * 17.6 * 0.1887 + 1 < 24.3 p,
 *     which is the next S-box input (< 25 p);
 *   partial round, update lanes (state[k] < 8 p, state[0] < 17.6 p): below
 *     25.6 * 0.1887 + 1 < 5.9 p; dot lanes, two terms (t <= 6) or four
 *     (t = 7): below (17.6 + 3 * 8) * 0.1887 + 1 < 8.9 p, and lane 0 sums at
 *     most three of the first kind or two of the second: below 17.7 p.
 * Everything stays below 25 p < 2^259, inside five 52-bit limbs, and the
 * product columns below 2^59. The output is brought back to fr_t form by a
 * product with 2^252 and one conditional subtraction.
 */
#include "poseidon_lanes.h"

#include <string.h>

#include "fr_simd.h"

#if FR_SIMD_X86

#define PL_TARGET FR_SIMD_TARGET
#define LANES 8

bool poseidon_lanes_supported(void)
{
    return fr_simd_available();
}

PL_TARGET static inline fe8 mont(const fe8 *a, const fe8 *b, int m, bool full_digits)
{
    return fe8_mont(a, b, m, full_digits);
}

PL_TARGET static inline fe8 sbox(const fe8 *x)
{
    const fe8 x2 = mont(x, x, 1, true);
    const fe8 x4 = mont(&x2, &x2, 1, true);
    return mont(x, &x4, 1, true);
}

typedef struct {
    unsigned t;
    fr_t zero, one; /* one = 2^256 mod p: the constant that leaves a state x constant product unchanged */
} ctx;

/* lanes i < t from base[i * stride], the rest zero; shifted by 4 bits (x 16) for round constants */
PL_TARGET static inline fe8 load_row(const ctx *c, const fr_t *base, unsigned stride, int shift)
{
    const fr_t *ptr[LANES];
    for (unsigned i = 0; i < LANES; i++)
        ptr[i] = i < c->t ? &base[i * stride] : &c->zero;
    return fe8_gather(ptr, shift);
}

PL_TARGET static inline fe8 mds(const ctx *c, const fe8 *x, const fr_t *mat)
{
    fe8 a[POSEIDON_LANES_MAX_T], b[POSEIDON_LANES_MAX_T];
    for (unsigned j = 0; j < c->t; j++) {
        a[j] = fe8_permute(x, _mm512_set1_epi64(j));
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
        y = fe8_add(&y, &k);
    }
    return mds(c, &y, mat);
}

/*
 * Partial round: state[0] through the S-box plus 16 c; then, with `terms`
 * products per lane, lanes 0 .. n_dot-1 hold partial dot products of the
 * new state with s[0..t), and lanes n_dot .. n_dot+t-2 the updates
 * state[k] * 1 + state[0] * s[t + k - 1] (so that they are reduced too);
 * lane 0 of the next state is the sum of the partial dot products. Two
 * terms per lane fit eight lanes up to t = 6, four for t = 7.
 */
#define MAX_TERMS 4

typedef struct {
    __m512i source[MAX_TERMS]; /* the state lane each term's left operand comes from */
    __m512i gather;            /* the lane of the products each lane of the next state comes from */
    unsigned terms, n_dot;
} partial_layout;

PL_TARGET static void make_layout(partial_layout *lay, unsigned t)
{
    const unsigned terms = t <= 6 ? 2 : 4, n_dot = (t + terms - 1) / terms;
    long long source[MAX_TERMS][LANES] = {{0}}, gather[LANES] = {0};
    for (unsigned i = 0; i < n_dot; i++)
        for (unsigned j = 0; j < terms; j++)
            source[j][i] = terms * i + j < t ? terms * i + j : 0;
    for (unsigned k = 1; k < t; k++) {
        source[0][n_dot + k - 1] = k;
        gather[k] = n_dot + k - 1;
    }
    for (unsigned j = 0; j < MAX_TERMS; j++)
        lay->source[j] = _mm512_loadu_si512(source[j]);
    lay->gather = _mm512_loadu_si512(gather);
    lay->terms = terms;
    lay->n_dot = n_dot;
}

PL_TARGET static inline fe8 partial_round(const ctx *c, const partial_layout *lay, const fe8 *x, const fr_t *rc,
                                          const fr_t *s)
{
    const unsigned t = c->t, n_dot = lay->n_dot, terms = lay->terms;
    /* state[0] = sbox(state[0]) + 16 c; the S-box runs in every lane, lane 0 is kept */
    const fr_t *kp[LANES];
    for (unsigned i = 0; i < LANES; i++)
        kp[i] = i == 0 ? rc : &c->zero;
    const fe8 k = fe8_gather(kp, 4);
    fe8 y = sbox(x);
    y = fe8_add(&y, &k);
    const fe8 st = fe8_blend(0x01, x, &y);

    const fr_t *bp[MAX_TERMS][LANES];
    for (unsigned j = 0; j < terms; j++)
        for (unsigned i = 0; i < LANES; i++)
            bp[j][i] = &c->zero;
    for (unsigned i = 0; i < n_dot; i++)
        for (unsigned j = 0; j < terms; j++)
            if (terms * i + j < t)
                bp[j][i] = &s[terms * i + j];
    for (unsigned kk = 1; kk < t; kk++) {
        bp[0][n_dot + kk - 1] = &c->one;
        bp[1][n_dot + kk - 1] = &s[t + kk - 1];
    }
    /* the update lanes' second term is state[0]: source lane 0, the default */
    fe8 a[MAX_TERMS], b[MAX_TERMS];
    for (unsigned j = 0; j < terms; j++) {
        a[j] = fe8_permute(&st, lay->source[j]);
        b[j] = fe8_gather(bp[j], 0);
    }
    /* a constant term count lets the product loop unroll (60 rounds per hash) */
    const fe8 r = terms == 2 ? mont(a, b, 2, false) : mont(a, b, MAX_TERMS, false);

    fe8 next = fe8_permute(&r, lay->gather);
    fe8 sum = r;
    for (unsigned i = 1; i < n_dot; i++) {
        const fe8 lane_i = fe8_broadcast(&r, (int)i);
        for (int kk = 0; kk < 5; kk++)
            sum.l[kk] = _mm512_add_epi64(sum.l[kk], lane_i.l[kk]);
    }
    fe8_normalise(&sum);
    return fe8_blend(0x01, &next, &sum);
}

PL_TARGET void poseidon_lanes_hash(fr_t *out, const poseidon_params *pp, const fr_t *in, size_t n)
{
    ctx c = {.t = pp->t};
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
    const fe8 raw = fe8_gather(ip, 0), scale = fe8_gather(tp, 0);
    fe8 x = mont(&raw, &scale, 1, false);

    /* state += c[0..t) */
    const fe8 k0 = load_row(&c, pp->c, 1, 4);
    x = fe8_add(&x, &k0);
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
    const fe8 back_scale = fe8_gather(tp, 0);
    const fe8 y = mont(&x, &back_scale, 1, false);
    uint64_t l52[5], v[4];
    fe8_lane(l52, &y, 0);
    fr_simd_from_radix52(v, l52);
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
