/*
 * The builder's one-synthesis rule: SettleBatch's matrices built from the
 * dummy assignment (setup's) and from two different real batches are
 * identical, and no wire other than the constant is left out of every
 * constraint. Also the LC arithmetic of the builder on a small example.
 */
#include "check.h"
#include "settle_fixture.h"

#include <stdio.h>
#include <string.h>

CHECK_MAIN_STATE

/* term by term (r1cs_term_t has padding bytes, so no memcmp) */
static bool same_r1cs(const r1cs_t *a, const r1cs_t *b)
{
    if (a->n_wires != b->n_wires || a->n_pub_in != b->n_pub_in || a->n_constraints != b->n_constraints)
        return false;
    for (uint32_t k = 0; k < a->n_constraints; k++)
        for (int m = 0; m < 3; m++) {
            size_t na, nb;
            const r1cs_term_t *ta = r1cs_lc(a, k, m, &na), *tb = r1cs_lc(b, k, m, &nb);
            if (na != nb)
                return false;
            for (size_t i = 0; i < na; i++)
                if (ta[i].wire != tb[i].wire || !fr_eq(&ta[i].coef, &tb[i].coef)) {
                    fprintf(stderr, "first difference: constraint %u matrix %d term %zu\n", k, m, i);
                    return false;
                }
        }
    return true;
}

static void test_lc(void)
{
    cs_t cs;
    cs_init(&cs);
    fr_t v3, v5, two, m2, got, want;
    fr_from_u64(&v3, 3);
    fr_from_u64(&v5, 5);
    fr_from_u64(&two, 2);
    fr_neg(&m2, &two);
    uint32_t a = cs_wire(&cs, &v3), b = cs_wire(&cs, &v5);
    cs_lc_t x, y;
    cs_lc_init(&x);
    cs_lc_init(&y);
    /* x = b + 2a + 7, y = 2 x - 4a - 2b = 14: the wire terms cancel and vanish */
    cs_lc_set_wire(&cs, &x, b);
    cs_lc_add_term(&cs, &x, a, &two);
    cs_lc_set_u64(&cs, &y, 7);
    cs_lc_axpy(&cs, &x, NULL, &y);
    CHECK(x.n == 3 && x.t[0].wire == 0 && x.t[1].wire == a && x.t[2].wire == b);
    cs_lc_clear(&y);
    cs_lc_axpy(&cs, &y, &two, &x);
    fr_t m4;
    fr_from_u64(&m4, 4);
    fr_neg(&m4, &m4);
    cs_lc_add_term(&cs, &y, a, &m4);
    cs_lc_add_term(&cs, &y, b, &m2);
    CHECK(y.n == 1 && y.t[0].wire == 0);
    cs_lc_eval(&cs, &y, &got);
    fr_from_u64(&want, 14);
    CHECK(fr_eq(&got, &want));
    /* a product and a wrong claim */
    uint32_t p = cs_mul(&cs, &x, &x, "square");
    fr_from_u64(&want, 18 * 18);
    CHECK(fr_eq(cs_value(&cs, p), &want));
    CHECK(cs.satisfied && cs.n_constraints == 1);
    cs_lc_t c;
    cs_lc_init(&c);
    cs_lc_set_wire(&cs, &c, a);
    cs_enforce(&cs, &x, &x, &c, "wrong");
    CHECK(!cs.satisfied && cs.first_failed == 1 && strcmp(cs.first_failed_why, "wrong") == 0);
    /* public inputs after private wires are refused */
    cs_public(&cs, &v3);
    CHECK(!cs_ok(&cs));
    cs_lc_free(&x);
    cs_lc_free(&y);
    cs_lc_free(&c);
    cs_free(&cs);
}

int main(void)
{
    test_lc();
    eddsa_ctx *ed = eddsa_ctx_new();
    settle_ctx_t ctx;
    CHECK(ed && settle_ctx_init(&ctx));
    fixture_key_t k1, k2;
    fixture_key(&k1, ed, 3);
    fixture_key(&k2, ed, 4);

    settle_input_t dummy, full, padded;
    CHECK(settle_input_alloc(&dummy, 4));
    settle_input_dummy(&dummy);
    fixture_batch(&full, 4, 4, &k1);
    fixture_batch(&padded, 4, 2, &k2);
    fixture_built_t bd, bf, bp;
    CHECK(fixture_build(&bd, &ctx, &dummy, NULL, NULL));
    CHECK(fixture_build(&bf, &ctx, &full, NULL, NULL));
    CHECK(fixture_build(&bp, &ctx, &padded, NULL, NULL));
    CHECK(bf.builder_satisfied && bp.builder_satisfied);
    CHECK(!bd.builder_satisfied); /* the dummy's signature is not valid, and that does not matter */
    CHECK_MSG(same_r1cs(&bd.r1cs, &bf.r1cs), "dummy vs full batch matrices differ");
    CHECK_MSG(same_r1cs(&bf.r1cs, &bp.r1cs), "full vs padded batch matrices differ");
    CHECK(bd.r1cs.n_pub_in == 7 && bd.r1cs.n_pub_out == 0);

    /* every wire but the constant appears in some constraint */
    const r1cs_t *r = &bf.r1cs;
    uint8_t *seen = calloc(r->n_wires, 1);
    CHECK(seen != NULL);
    for (uint64_t t = 0; t < r->term_offset[3 * (uint64_t)r->n_constraints]; t++)
        seen[r->terms[t].wire] = 1;
    uint32_t unused = 0;
    for (uint32_t w = 1; w < r->n_wires; w++)
        if (!seen[w]) {
            if (unused < 5)
                fprintf(stderr, "wire %u is in no constraint\n", w);
            unused++;
        }
    CHECK_MSG(unused == 0, "%u unconstrained wires", unused);
    /* the public values are wires 1..7 in DESIGN §1 order */
    fr_t pub[SETTLE_N_PUBLIC];
    settle_public_values(&full, pub);
    for (int i = 0; i < SETTLE_N_PUBLIC; i++)
        CHECK(fr_eq(&bf.w[1 + i], &pub[i]));
    printf("L=4: %u constraints, %u wires, all constrained, matrices identical across assignments\n",
           r->n_constraints, r->n_wires);
    free(seen);

    fixture_built_free(&bd);
    fixture_built_free(&bf);
    fixture_built_free(&bp);
    settle_input_free(&dummy);
    settle_input_free(&full);
    settle_input_free(&padded);
    settle_ctx_free(&ctx);
    eddsa_ctx_free(ed);
    return CHECK_EXIT();
}
