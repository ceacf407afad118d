/*
 * Poseidon permutation in circomlib's optimized round structure (see the
 * schedule in poseidon.h). The partial rounds cost 2t multiplications each
 * instead of t^2, which is most of the hash. Where the CPU has AVX-512 IFMA
 * the whole permutation runs in vector registers (poseidon_lanes.c);
 * elsewhere the scalar rounds below, with lazily reduced dot products.
 */
#include "poseidon.h"

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

static inline void add_constants(fr_t *state, const fr_t *c, unsigned t)
{
    for (unsigned i = 0; i < t; i++)
        fr_add(&state[i], &state[i], &c[i]);
}

/* state = state x mat, new[i] = sum_j mat[j*t + i] * state[j]. */
/* state = state x mat, new[i] = sum_j mat[j*t + i] * state[j]. */
static void mix(fr_t *state, const fr_t *mat, unsigned t)
{
    fr_t out[POSEIDON_MAX_T];
    for (unsigned i = 0; i < t; i++)
        dot(&out[i], &mat[i], t, state, t);
    for (unsigned i = 0; i < t; i++)
        state[i] = out[i];
}

static void full_round(fr_t *state, const fr_t *c, const fr_t *mat, unsigned t)
{
    for (unsigned i = 0; i < t; i++)
        sbox(&state[i]);
    if (c)
        add_constants(state, c, t);
    mix(state, mat, t);
}

/* one partial round: state[0] through the S-box, then the sparse matrix */
static void partial_round(fr_t *state, fr_t c, const fr_t *s, unsigned t)
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

bool poseidon_hash(fr_t *out, const fr_t *in, size_t n)
{
    return poseidon_hash_with(out, in, n, true);
}

bool poseidon_hash_with(fr_t *out, const fr_t *in, size_t n, bool allow_simd)
{
    const poseidon_params *pp = poseidon_params_for(n);
    if (!pp)
        return false;
    if (allow_simd && pp->t <= POSEIDON_LANES_MAX_T && poseidon_lanes_supported()) {
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
        full_round(state, pp->c + (r + 1) * t, pp->m, t);
    full_round(state, pp->c + half * t, pp->p, t);

    const fr_t *pc = pp->c + (half + 1) * t;
    for (unsigned r = 0; r < pp->n_rounds_p; r++)
        partial_round(state, pc[r], pp->s + (2 * t - 1) * r, t);

    const fr_t *sc = pc + pp->n_rounds_p;
    for (unsigned r = 0; r + 1 < half; r++)
        full_round(state, sc + r * t, pp->m, t);
    full_round(state, NULL, pp->m, t);

    *out = state[0];
    return true;
}
