/* The constraint-system builder (cs.h): wire values, LC arithmetic, constraint storage. */
#include "snark/cs.h"

#include <stdlib.h>
#include <string.h>

void cs_init(cs_t *cs) { cs_init_mode(cs, CS_WITNESS_AND_MATRICES); }

void cs_init_mode(cs_t *cs, cs_mode_t mode)
{
    memset(cs, 0, sizeof *cs);
    cs->mode = mode;
    cs->satisfied = true;
    fr_t one;
    fr_set_one(&one);
    cs->term_offset = malloc(sizeof(uint64_t));
    if (!cs->term_offset) {
        cs->oom = true;
        return;
    }
    cs->term_offset[0] = 0;
    cs->private_started = false;
    /* wire 0, the constant one; allocated as if public so that public inputs may follow */
    cs->w = malloc(64 * sizeof(fr_t));
    if (!cs->w) {
        cs->oom = true;
        return;
    }
    cs->cap_wires = 64;
    cs->w[0] = one;
    cs->n_wires = 1;
}

void cs_free(cs_t *cs)
{
    free(cs->w);
    free(cs->terms);
    free(cs->term_offset);
    memset(cs, 0, sizeof *cs);
}

static uint32_t push_wire(cs_t *cs, const fr_t *value)
{
    if (cs->oom)
        return 0;
    if (cs->n_wires == cs->cap_wires) {
        uint32_t cap = cs->cap_wires * 2;
        fr_t *w = realloc(cs->w, (size_t)cap * sizeof(fr_t));
        if (!w) {
            cs->oom = true;
            return 0;
        }
        cs->w = w;
        cs->cap_wires = cap;
    }
    uint32_t wire = cs->n_wires++;
    cs->w[wire] = *value;
    if (cs->tamper)
        cs->tamper(cs->tamper_ctx, wire, &cs->w[wire]);
    return wire;
}

uint32_t cs_public(cs_t *cs, const fr_t *value)
{
    if (cs->private_started)
        cs->misuse = true;
    uint32_t wire = push_wire(cs, value);
    if (!cs->oom)
        cs->n_pub_in++;
    return wire;
}

uint32_t cs_wire(cs_t *cs, const fr_t *value)
{
    cs->private_started = true;
    return push_wire(cs, value);
}

/* ---- linear combinations ---- */

void cs_lc_init(cs_lc_t *lc) { memset(lc, 0, sizeof *lc); }

void cs_lc_free(cs_lc_t *lc)
{
    free(lc->t);
    memset(lc, 0, sizeof *lc);
}

void cs_lc_clear(cs_lc_t *lc) { lc->n = 0; }

static bool lc_reserve(cs_t *cs, cs_lc_t *lc, uint32_t need)
{
    if (need <= lc->cap)
        return true;
    uint32_t cap = lc->cap ? lc->cap : 4;
    while (cap < need)
        cap *= 2;
    r1cs_term_t *t = realloc(lc->t, (size_t)cap * sizeof *t);
    if (!t) {
        cs->oom = true;
        return false;
    }
    lc->t = t;
    lc->cap = cap;
    return true;
}

void cs_lc_add_term(cs_t *cs, cs_lc_t *lc, uint32_t wire, const fr_t *coef)
{
    if (fr_is_zero(coef))
        return;
    /* appends in wire order are the common case; otherwise find the slot */
    uint32_t pos = lc->n;
    while (pos > 0 && lc->t[pos - 1].wire > wire)
        pos--;
    if (pos > 0 && lc->t[pos - 1].wire == wire) {
        fr_add(&lc->t[pos - 1].coef, &lc->t[pos - 1].coef, coef);
        if (fr_is_zero(&lc->t[pos - 1].coef)) {
            memmove(&lc->t[pos - 1], &lc->t[pos], (size_t)(lc->n - pos) * sizeof(r1cs_term_t));
            lc->n--;
        }
        return;
    }
    if (!lc_reserve(cs, lc, lc->n + 1))
        return;
    memmove(&lc->t[pos + 1], &lc->t[pos], (size_t)(lc->n - pos) * sizeof(r1cs_term_t));
    memset(&lc->t[pos], 0, sizeof lc->t[pos]);
    lc->t[pos].wire = wire;
    lc->t[pos].coef = *coef;
    lc->n++;
}

void cs_lc_add_const(cs_t *cs, cs_lc_t *lc, const fr_t *k) { cs_lc_add_term(cs, lc, 0, k); }

void cs_lc_axpy(cs_t *cs, cs_lc_t *lc, const fr_t *scale, const cs_lc_t *src)
{
    if (src->n == 0 || (scale && fr_is_zero(scale)))
        return;
    /*
     * Merge two sorted lists in place, from the back, into lc grown to
     * n + src->n: no allocation when lc has room, which after the first few
     * uses of a scratch LC it always has. Cancelled terms leave a gap at the
     * front that one memmove closes.
     */
    if (!lc_reserve(cs, lc, lc->n + src->n))
        return;
    uint32_t i = lc->n, j = src->n, k = lc->n + src->n;
    while (j > 0) {
        const r1cs_term_t *s = &src->t[j - 1];
        if (i > 0 && lc->t[i - 1].wire > s->wire) {
            lc->t[--k] = lc->t[--i];
            continue;
        }
        fr_t c = s->coef;
        if (scale)
            fr_mul(&c, &c, scale);
        if (i > 0 && lc->t[i - 1].wire == s->wire) {
            fr_add(&c, &c, &lc->t[i - 1].coef);
            i--;
        }
        if (!fr_is_zero(&c)) {
            k--;
            memset(&lc->t[k], 0, sizeof lc->t[k]); /* zeroed padding keeps the matrices byte-comparable */
            lc->t[k].wire = s->wire;
            lc->t[k].coef = c;
        }
        j--;
    }
    /* lc->t[0..i) are already in place; the merged tail sits at [k, n + src->n) */
    uint32_t tail = lc->n + src->n - k;
    if (k > i)
        memmove(&lc->t[i], &lc->t[k], (size_t)tail * sizeof(r1cs_term_t));
    lc->n = i + tail;
}

void cs_lc_scale(cs_lc_t *lc, const fr_t *s)
{
    if (fr_is_zero(s)) {
        lc->n = 0;
        return;
    }
    for (uint32_t i = 0; i < lc->n; i++)
        fr_mul(&lc->t[i].coef, &lc->t[i].coef, s);
}

void cs_lc_copy(cs_t *cs, cs_lc_t *dst, const cs_lc_t *src)
{
    if (dst == src)
        return;
    dst->n = 0;
    if (!lc_reserve(cs, dst, src->n))
        return;
    if (src->n)
        memcpy(dst->t, src->t, (size_t)src->n * sizeof(r1cs_term_t));
    dst->n = src->n;
}

void cs_lc_eval(const cs_t *cs, const cs_lc_t *lc, fr_t *out)
{
    /*
     * The hot loop of witness generation. Most values are bits and most
     * coefficients are one, so those skip the field multiplication.
     */
    fr_t one;
    fr_set_one(&one);
    fr_set_zero(out);
    for (uint32_t i = 0; i < lc->n; i++) {
        const fr_t *v = &cs->w[lc->t[i].wire], *c = &lc->t[i].coef;
        if (fr_is_zero(v))
            continue;
        if (fr_eq(v, &one)) {
            fr_add(out, out, c);
        } else if (fr_eq(c, &one)) {
            fr_add(out, out, v);
        } else {
            fr_t t;
            fr_mul(&t, c, v);
            fr_add(out, out, &t);
        }
    }
}

void cs_lc_set_wire(cs_t *cs, cs_lc_t *lc, uint32_t wire)
{
    fr_t one;
    fr_set_one(&one);
    lc->n = 0;
    cs_lc_add_term(cs, lc, wire, &one);
}

void cs_lc_set_const(cs_t *cs, cs_lc_t *lc, const fr_t *k)
{
    lc->n = 0;
    cs_lc_add_term(cs, lc, 0, k);
}

void cs_lc_set_u64(cs_t *cs, cs_lc_t *lc, uint64_t k)
{
    fr_t v;
    fr_from_u64(&v, k);
    cs_lc_set_const(cs, lc, &v);
}

/* ---- constraints ---- */

static bool push_terms(cs_t *cs, const cs_lc_t *lc)
{
    if (cs->n_terms + lc->n > cs->cap_terms) {
        uint64_t cap = cs->cap_terms ? cs->cap_terms : 1024;
        while (cap < cs->n_terms + lc->n)
            cap *= 2;
        r1cs_term_t *t = realloc(cs->terms, (size_t)cap * sizeof *t);
        if (!t) {
            cs->oom = true;
            return false;
        }
        cs->terms = t;
        cs->cap_terms = cap;
    }
    if (lc->n)
        memcpy(cs->terms + cs->n_terms, lc->t, (size_t)lc->n * sizeof(r1cs_term_t));
    cs->n_terms += lc->n;
    return true;
}

/* Appends the constraint's three LCs to the matrices. */
static bool record_constraint(cs_t *cs, const cs_lc_t *a, const cs_lc_t *b, const cs_lc_t *c)
{
    if (cs->n_constraints == cs->cap_constraints) {
        uint32_t cap = cs->cap_constraints ? cs->cap_constraints * 2 : 1024;
        uint64_t *off = realloc(cs->term_offset, (3 * (size_t)cap + 1) * sizeof(uint64_t));
        if (!off) {
            cs->oom = true;
            return false;
        }
        cs->term_offset = off;
        cs->cap_constraints = cap;
    }
    const cs_lc_t *abc[3] = {a, b, c};
    for (int m = 0; m < 3; m++) {
        if (!push_terms(cs, abc[m]))
            return false;
        cs->term_offset[3 * (size_t)cs->n_constraints + (size_t)m + 1] = cs->n_terms;
    }
    return true;
}

/* Records a*b = c and checks it against the values va, vb, vc the caller has already computed. */
static void enforce_values(cs_t *cs, const cs_lc_t *a, const cs_lc_t *b, const cs_lc_t *c, const fr_t *va,
                           const fr_t *vb, const fr_t *vc, const char *why)
{
    if (cs->oom)
        return;
    if (cs->mode == CS_WITNESS_AND_MATRICES && !record_constraint(cs, a, b, c))
        return;
    fr_t ab;
    fr_mul(&ab, va, vb);
    if (cs->satisfied && !fr_eq(&ab, vc)) {
        cs->satisfied = false;
        cs->first_failed = cs->n_constraints;
        cs->first_failed_why = why;
    }
    cs->n_constraints++;
}

void cs_enforce(cs_t *cs, const cs_lc_t *a, const cs_lc_t *b, const cs_lc_t *c, const char *why)
{
    fr_t va, vb, vc;
    cs_lc_eval(cs, a, &va);
    cs_lc_eval(cs, b, &vb);
    cs_lc_eval(cs, c, &vc);
    enforce_values(cs, a, b, c, &va, &vb, &vc, why);
}

bool cs_take_r1cs(cs_t *cs, r1cs_t *out)
{
    memset(out, 0, sizeof *out);
    if (!cs_ok(cs) || cs->mode != CS_WITNESS_AND_MATRICES)
        return false;
    out->n_wires = cs->n_wires;
    out->n_pub_out = 0;
    out->n_pub_in = cs->n_pub_in;
    out->n_prv_in = 0;
    out->n_labels = cs->n_wires;
    out->n_constraints = cs->n_constraints;
    out->terms = cs->terms;
    out->term_offset = cs->term_offset;
    cs->terms = NULL;
    cs->term_offset = NULL;
    cs->n_terms = cs->cap_terms = 0;
    cs->n_constraints = cs->cap_constraints = 0;
    return true;
}

fr_t *cs_take_witness(cs_t *cs, uint32_t *n_wires)
{
    fr_t *w = cs->w;
    *n_wires = cs->n_wires;
    cs->w = NULL;
    cs->n_wires = cs->cap_wires = 0;
    return w;
}

/* ---- small helpers used by every gadget ---- */

/* materialize and mul know their operands' values already: no second evaluation */

uint32_t cs_materialize(cs_t *cs, const cs_lc_t *lc, const char *why)
{
    fr_t v, k;
    cs_lc_eval(cs, lc, &v);
    uint32_t w = cs_wire(cs, &v);
    cs_lc_t one, out;
    cs_lc_init(&one);
    cs_lc_init(&out);
    fr_set_one(&k);
    cs_lc_set_const(cs, &one, &k);
    cs_lc_set_wire(cs, &out, w);
    if (!cs->oom) /* the wire's value, possibly overwritten by the tamper hook */
        enforce_values(cs, lc, &one, &out, &v, &k, &cs->w[w], why);
    cs_lc_free(&one);
    cs_lc_free(&out);
    return w;
}

uint32_t cs_mul(cs_t *cs, const cs_lc_t *a, const cs_lc_t *b, const char *why)
{
    fr_t va, vb, vab;
    cs_lc_eval(cs, a, &va);
    if (b == a) /* squares: x^2 in every S-box and doubling */
        vb = va;
    else
        cs_lc_eval(cs, b, &vb);
    fr_mul(&vab, &va, &vb);
    uint32_t w = cs_wire(cs, &vab);
    cs_lc_t out;
    cs_lc_init(&out);
    cs_lc_set_wire(cs, &out, w);
    if (!cs->oom)
        enforce_values(cs, a, b, &out, &va, &vb, &cs->w[w], why);
    cs_lc_free(&out);
    return w;
}

void cs_assert_zero(cs_t *cs, const cs_lc_t *lc, const char *why)
{
    cs_lc_t one, zero;
    cs_lc_init(&one);
    cs_lc_init(&zero);
    cs_lc_set_u64(cs, &one, 1);
    cs_enforce(cs, lc, &one, &zero, why);
    cs_lc_free(&one);
    cs_lc_free(&zero);
}
