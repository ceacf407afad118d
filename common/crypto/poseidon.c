/*
 * Poseidon permutation in circomlib's optimized round structure (see the
 * schedule in poseidon.h). The partial rounds cost 2t multiplications each
 * instead of t^2, which is most of the hash. Where the CPU has AVX-512 IFMA
 * each round's independent products run in vector lanes (fr_lanes.h);
 * elsewhere the scalar rounds below, with lazily reduced dot products.
 */
#include "poseidon.h"

#include "fr_lanes.h"
#include "poseidon_lanes.h"

/*
 * Dot products with one Montgomery reduction: the t double-width products
 * are summed first (each < r^2, the sum of at most 7 < 2^511 fits 8 limbs)
 * and reduced once, instead of reducing every product. For a sum T < 7 r^2,
 * REDC gives (T + Q r) / 2^256 < r (7 r / 2^256 + 1) < 2.4 r, hence two
 * conditional subtractions. Straight-line carry code: constant time.
 */
typedef unsigned __int128 u128;

/* acc (8 limbs) += a * b */
static inline void mul_acc(uint64_t acc[8], const fr_t *a, const fr_t *b)
{
    uint64_t prod[8] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 t = (u128)a->limb[i] * b->limb[j] + prod[i + j] + carry;
            prod[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        prod[i + 4] = carry;
    }
    uint64_t carry = 0;
    for (int k = 0; k < 8; k++) {
        u128 t = (u128)acc[k] + prod[k] + carry;
        acc[k] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
}

/* r = T / 2^256 mod r (Montgomery reduction), T < 7 r^2; fully reduced. */
static inline void redc_wide(fr_t *r, uint64_t T[8])
{
    const uint64_t *p = FR_MODULUS.p;
    for (int i = 0; i < 4; i++) {
        const uint64_t q = T[i] * FR_MODULUS.inv;
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 t = (u128)q * p[j] + T[i + j] + carry;
            T[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        for (int k = i + 4; k < 8; k++) {
            u128 t = (u128)T[k] + carry;
            T[k] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
    }
    uint64_t hi[4] = {T[4], T[5], T[6], T[7]};
    mont4_reduce_once(hi, hi, &FR_MODULUS);
    mont4_reduce_once(r->limb, hi, &FR_MODULUS);
}

/* out = sum_j a[j * stride] * b[j], j < n (n <= 7) */
static inline void dot(fr_t *out, const fr_t *a, unsigned stride, const fr_t *b, unsigned n)
{
    uint64_t acc[8] = {0};
    for (unsigned j = 0; j < n; j++)
        mul_acc(acc, &a[j * stride], &b[j]);
    redc_wide(out, acc);
}

static inline void sbox(fr_t *a)
{
    fr_t a2, a4;
    fr_sqr(&a2, a);
    fr_sqr(&a4, &a2);
    fr_mul(a, a, &a4);
}

/* x^5 on every state element: three rounds of t independent products in vector lanes (fr_lanes.h) */
static void sbox_lanes(fr_t *state, unsigned t)
{
    fr_t sq[POSEIDON_MAX_T];
    fr_t *out_sq[POSEIDON_MAX_T], *out_state[POSEIDON_MAX_T];
    const fr_t *in_state[POSEIDON_MAX_T], *in_sq[POSEIDON_MAX_T];
    for (unsigned i = 0; i < t; i++) {
        out_sq[i] = &sq[i];
        out_state[i] = &state[i];
        in_state[i] = &state[i];
        in_sq[i] = &sq[i];
    }
    fr_mul_xn(out_sq, in_state, in_state, (int)t); /* x^2 */
    fr_mul_xn(out_sq, in_sq, in_sq, (int)t);       /* x^4 */
    fr_mul_xn(out_state, in_state, in_sq, (int)t); /* x^5 */
}

static inline void add_constants(fr_t *state, const fr_t *c, unsigned t)
{
    for (unsigned i = 0; i < t; i++)
        fr_add(&state[i], &state[i], &c[i]);
}

/* state = state x mat, new[i] = sum_j mat[j*t + i] * state[j]. */
/* state = state x mat, new[i] = sum_j mat[j*t + i] * state[j]. */
static void mix_scalar(fr_t *state, const fr_t *mat, unsigned t)
{
    fr_t out[POSEIDON_MAX_T];
    for (unsigned i = 0; i < t; i++)
        dot(&out[i], &mat[i], t, state, t);
    for (unsigned i = 0; i < t; i++)
        state[i] = out[i];
}

/* The same with the t dot products in vector lanes, each reduced once (fr_dot_xn). */
static void mix_lanes(fr_t *state, const fr_t *mat, unsigned t)
{
    fr_t *out[POSEIDON_MAX_T];
    const fr_t *a[POSEIDON_MAX_T * POSEIDON_MAX_T], *b[POSEIDON_MAX_T * POSEIDON_MAX_T];
    for (unsigned i = 0; i < t; i++) {
        out[i] = &state[i];
        for (unsigned j = 0; j < t; j++) {
            a[i * t + j] = &mat[j * t + i];
            b[i * t + j] = &state[j];
        }
    }
    fr_dot_xn(out, a, b, (int)t, (int)t);
}

static void full_round(bool lanes, fr_t *state, const fr_t *c, const fr_t *mat, unsigned t)
{
    if (lanes) {
        sbox_lanes(state, t);
    } else {
        for (unsigned i = 0; i < t; i++)
            sbox(&state[i]);
    }
    if (c)
        add_constants(state, c, t);
    if (lanes)
        mix_lanes(state, mat, t);
    else
        mix_scalar(state, mat, t);
}

/* one partial round: state[0] through the S-box, then the sparse matrix */
static void partial_round_scalar(fr_t *state, fr_t c, const fr_t *s, unsigned t)
{
    sbox(&state[0]);
    fr_add(&state[0], &state[0], &c);
    fr_t s0;
    dot(&s0, s, 1, state, t);
    for (unsigned k = 1; k < t; k++) {
        fr_t prod;
        fr_mul(&prod, &state[0], &s[t + k - 1]);
        fr_add(&state[k], &state[k], &prod);
    }
    state[0] = s0;
}

/*
 * The same with every product of the round in one call to the vector lanes,
 * two terms per lane: the new state[0] as ceil(t/2) partial dot products,
 * and the t - 1 updates (their second term zero). That fits eight lanes up
 * to t = 6; for t = 7 (six inputs) the scalar round runs.
 */
static void partial_round_lanes(fr_t *state, fr_t c, const fr_t *s, unsigned t)
{
    const unsigned n_dot = (t + 1) / 2;
    if (n_dot + t - 1 > FR_XN_MAX) {
        partial_round_scalar(state, c, s, t);
        return;
    }
    sbox(&state[0]);
    fr_add(&state[0], &state[0], &c);
    fr_t res[FR_XN_MAX], zero;
    fr_set_zero(&zero);
    fr_t *out[FR_XN_MAX];
    const fr_t *a[2 * FR_XN_MAX], *b[2 * FR_XN_MAX];
    for (unsigned i = 0; i < n_dot; i++) {
        out[i] = &res[i];
        for (unsigned j = 0; j < 2; j++) {
            const unsigned col = 2 * i + j;
            a[2 * i + j] = col < t ? &s[col] : &zero;
            b[2 * i + j] = col < t ? &state[col] : &zero;
        }
    }
    for (unsigned k = 1; k < t; k++) {
        const unsigned lane = n_dot + k - 1;
        out[lane] = &res[lane];
        a[2 * lane] = &state[0];
        b[2 * lane] = &s[t + k - 1];
        a[2 * lane + 1] = b[2 * lane + 1] = &zero;
    }
    fr_dot_xn(out, a, b, (int)(n_dot + t - 1), 2);
    for (unsigned k = 1; k < t; k++)
        fr_add(&state[k], &state[k], &res[n_dot + k - 1]);
    for (unsigned i = 1; i < n_dot; i++)
        fr_add(&res[0], &res[0], &res[i]);
    state[0] = res[0];
}

bool poseidon_hash(fr_t *out, const fr_t *in, size_t n)
{
    return poseidon_hash_with(out, in, n, true);
}

bool poseidon_hash_with(fr_t *out, const fr_t *in, size_t n, bool allow_simd)
{
    const poseidon_params *pp = poseidon_params_for(n);
    if (!pp)
        return false;
    const bool lanes = allow_simd && fr_lanes_use_ifma();
    if (lanes && pp->t <= POSEIDON_LANES_MAX_T && poseidon_lanes_supported()) {
        poseidon_lanes_hash(out, pp, in, n);
        return true;
    }
    const unsigned t = pp->t, half = pp->n_rounds_f / 2;
    fr_t state[POSEIDON_MAX_T];
    fr_set_zero(&state[0]);
    for (size_t i = 0; i < n; i++)
        state[i + 1] = in[i];

    add_constants(state, pp->c, t);
    for (unsigned r = 0; r + 1 < half; r++)
        full_round(lanes, state, pp->c + (r + 1) * t, pp->m, t);
    full_round(lanes, state, pp->c + half * t, pp->p, t);

    const fr_t *pc = pp->c + (half + 1) * t;
    for (unsigned r = 0; r < pp->n_rounds_p; r++)
        if (lanes)
            partial_round_lanes(state, pc[r], pp->s + (2 * t - 1) * r, t);
        else
            partial_round_scalar(state, pc[r], pp->s + (2 * t - 1) * r, t);

    const fr_t *sc = pc + pp->n_rounds_p;
    for (unsigned r = 0; r + 1 < half; r++)
        full_round(lanes, state, sc + r * t, pp->m, t);
    full_round(lanes, state, NULL, pp->m, t);

    *out = state[0];
    return true;
}
