/* Poseidon gadget (gadget_poseidon.h); the round schedule is documented in crypto/poseidon.h. */
#include "circuit/gadget_poseidon.h"

#include "crypto/poseidon.h"

static bool lc_is_const(const cs_lc_t *x) { return x->n == 0 || (x->n == 1 && x->t[0].wire == 0); }

/* x = x^5: x2 = x*x, x4 = x2*x2, x5 = x4*x; a constant input folds to a constant. */
static void sbox(cs_t *cs, cs_lc_t *x, const char *why)
{
    fr_t v;
    if (lc_is_const(x)) {
        cs_lc_eval(cs, x, &v);
        fr_t v2, v4;
        fr_sqr(&v2, &v);
        fr_sqr(&v4, &v2);
        fr_mul(&v, &v, &v4);
        cs_lc_set_const(cs, x, &v);
        return;
    }
    cs_lc_t t;
    cs_lc_init(&t);
    uint32_t x2 = cs_mul(cs, x, x, why);
    cs_lc_set_wire(cs, &t, x2);
    uint32_t x4 = cs_mul(cs, &t, &t, why);
    cs_lc_set_wire(cs, &t, x4);
    uint32_t x5 = cs_mul(cs, &t, x, why);
    cs_lc_set_wire(cs, x, x5);
    cs_lc_free(&t);
}

/* state = state x mat: new[i] = sum_j mat[j*t + i] * state[j] */
static void mix(cs_t *cs, cs_lc_t *state, cs_lc_t *scratch, const fr_t *mat, unsigned t)
{
    for (unsigned i = 0; i < t; i++) {
        cs_lc_clear(&scratch[i]);
        for (unsigned j = 0; j < t; j++)
            cs_lc_axpy(cs, &scratch[i], &mat[j * t + i], &state[j]);
    }
    for (unsigned i = 0; i < t; i++)
        cs_lc_copy(cs, &state[i], &scratch[i]);
}

static void full_round(cs_t *cs, cs_lc_t *state, cs_lc_t *scratch, const fr_t *c, const fr_t *mat, unsigned t,
                       const char *why)
{
    for (unsigned i = 0; i < t; i++) {
        sbox(cs, &state[i], why);
        if (c)
            cs_lc_add_const(cs, &state[i], &c[i]);
    }
    mix(cs, state, scratch, mat, t);
}

bool g_poseidon(cs_t *cs, cs_lc_t *out, const cs_lc_t *in, size_t n, const char *why)
{
    const poseidon_params *pp = poseidon_params_for(n);
    if (!pp)
        return false;
    const unsigned t = pp->t, half = pp->n_rounds_f / 2;
    cs_lc_t state[POSEIDON_MAX_T], scratch[POSEIDON_MAX_T];
    for (unsigned i = 0; i < t; i++) {
        cs_lc_init(&state[i]);
        cs_lc_init(&scratch[i]);
        if (i > 0)
            cs_lc_copy(cs, &state[i], &in[i - 1]);
        cs_lc_add_const(cs, &state[i], &pp->c[i]);
    }
    for (unsigned r = 0; r + 1 < half; r++)
        full_round(cs, state, scratch, pp->c + (r + 1) * t, pp->m, t, why);
    full_round(cs, state, scratch, pp->c + half * t, pp->p, t, why);

    const fr_t *pc = pp->c + (half + 1) * t;
    for (unsigned r = 0; r < pp->n_rounds_p; r++) {
        const fr_t *s = pp->s + (2 * t - 1) * r;
        sbox(cs, &state[0], why);
        cs_lc_add_const(cs, &state[0], &pc[r]);
        cs_lc_t *s0 = &scratch[0];
        cs_lc_clear(s0);
        for (unsigned j = 0; j < t; j++)
            cs_lc_axpy(cs, s0, &s[j], &state[j]);
        for (unsigned k = 1; k < t; k++)
            cs_lc_axpy(cs, &state[k], &s[t + k - 1], &state[0]);
        cs_lc_copy(cs, &state[0], s0);
    }

    const fr_t *sc = pc + pp->n_rounds_p;
    for (unsigned r = 0; r + 1 < half; r++)
        full_round(cs, state, scratch, sc + r * t, pp->m, t, why);
    full_round(cs, state, scratch, NULL, pp->m, t, why);

    cs_lc_copy(cs, out, &state[0]);
    for (unsigned i = 0; i < t; i++) {
        cs_lc_free(&state[i]);
        cs_lc_free(&scratch[i]);
    }
    return true;
}
