#include "r1cs.h"

#include <stdlib.h>

void r1cs_free(r1cs_t *cs)
{
    if (!cs)
        return;
    free(cs->terms);
    free(cs->term_offset);
    cs->terms = NULL;
    cs->term_offset = NULL;
    cs->n_constraints = 0;
}

static void eval_lc(fr_t *out, const r1cs_term_t *t, size_t n, const fr_t *w)
{
    fr_t prod;
    fr_set_zero(out);
    for (size_t i = 0; i < n; i++) {
        fr_mul(&prod, &t[i].coef, &w[t[i].wire]);
        fr_add(out, out, &prod);
    }
}

bool r1cs_is_satisfied(const r1cs_t *cs, const fr_t *witness, uint32_t *failed_constraint)
{
    if (!fr_is_one(&witness[0])) {
        if (failed_constraint)
            *failed_constraint = 0;
        return false;
    }
    for (uint32_t k = 0; k < cs->n_constraints; k++) {
        fr_t v[3];
        for (int m = 0; m < 3; m++) {
            size_t n;
            const r1cs_term_t *t = r1cs_lc(cs, k, m, &n);
            eval_lc(&v[m], t, n, witness);
        }
        fr_t ab;
        fr_mul(&ab, &v[R1CS_A], &v[R1CS_B]);
        if (!fr_eq(&ab, &v[R1CS_C])) {
            if (failed_constraint)
                *failed_constraint = k;
            return false;
        }
    }
    return true;
}
