/*
 * Poseidon permutation in circomlib's optimized round structure (see the
 * schedule in poseidon.h). The partial rounds cost 2t multiplications each
 * instead of t^2, which is most of the hash.
 */
#include "poseidon.h"

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
static void mix(fr_t *state, const fr_t *mat, unsigned t)
{
    fr_t out[POSEIDON_MAX_T];
    for (unsigned i = 0; i < t; i++) {
        fr_mul(&out[i], &mat[i], &state[0]);
        for (unsigned j = 1; j < t; j++) {
            fr_t prod;
            fr_mul(&prod, &mat[j * t + i], &state[j]);
            fr_add(&out[i], &out[i], &prod);
        }
    }
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

static void partial_round(fr_t *state, fr_t c, const fr_t *s, unsigned t)
{
    sbox(&state[0]);
    fr_add(&state[0], &state[0], &c);
    fr_t s0;
    fr_mul(&s0, &s[0], &state[0]);
    for (unsigned j = 1; j < t; j++) {
        fr_t prod;
        fr_mul(&prod, &s[j], &state[j]);
        fr_add(&s0, &s0, &prod);
    }
    for (unsigned k = 1; k < t; k++) {
        fr_t prod;
        fr_mul(&prod, &state[0], &s[t + k - 1]);
        fr_add(&state[k], &state[k], &prod);
    }
    state[0] = s0;
}

bool poseidon_hash(fr_t *out, const fr_t *in, size_t n)
{
    const poseidon_params *pp = poseidon_params_for(n);
    if (!pp)
        return false;
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
