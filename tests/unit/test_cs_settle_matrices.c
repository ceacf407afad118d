/*
 * The builder's one-synthesis rule: SettleBatch's matrices built from the
 * dummy assignment (setup's) and from two different real batches are
 * identical, and no wire other than the constant is left out of every
 * constraint. Also the LC arithmetic of the builder on a small example.
 */
#include "check.h"
#include "settle_fixture.h"
#include "snark/setup.h"

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

/*
 * cs_lc_axpy (an in-place merge) against dense arithmetic: random sparse LCs
 * over 40 wires with cancellations, compared coefficient by coefficient with
 * a dense array; the result must stay sorted with no zero coefficients.
 */
static void test_axpy_dense(void)
{
    enum { NW = 40 };
    cs_t cs;
    cs_init(&cs);
    fr_t zero;
    fr_set_zero(&zero);
    for (int w = 1; w < NW; w++)
        cs_wire(&cs, &zero);
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    cs_lc_t acc, src;
    cs_lc_init(&acc);
    cs_lc_init(&src);
    fr_t dense[NW], scale;
    for (int w = 0; w < NW; w++)
        fr_set_zero(&dense[w]);
    bool ok = true;
    for (int round = 0; round < 300 && ok; round++) {
        cs_lc_clear(&src);
        fr_t srcd[NW];
        for (int w = 0; w < NW; w++) {
            fr_set_zero(&srcd[w]);
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            if ((seed >> 60) < 5) { /* about a third of the wires */
                fr_from_u64(&srcd[w], (seed >> 20) % 5 + 1);
                cs_lc_add_term(&cs, &src, (uint32_t)w, &srcd[w]);
            }
        }
        /* scale by -1 every third round so that whole runs cancel */
        fr_from_u64(&scale, round % 3 == 2 ? 1 : (uint64_t)(round % 4 + 1));
        if (round % 3 == 2)
            fr_neg(&scale, &scale);
        cs_lc_axpy(&cs, &acc, &scale, &src);
        for (int w = 0; w < NW; w++) {
            fr_t t;
            fr_mul(&t, &srcd[w], &scale);
            fr_add(&dense[w], &dense[w], &t);
        }
        if (round % 7 == 6) { /* also subtract everything: acc must become empty */
            for (int w = 0; w < NW; w++)
                fr_set_zero(&dense[w]);
            fr_t m1;
            fr_set_one(&m1);
            fr_neg(&m1, &m1);
            cs_lc_t copy;
            cs_lc_init(&copy);
            cs_lc_copy(&cs, &copy, &acc);
            cs_lc_axpy(&cs, &acc, &m1, &copy);
            cs_lc_free(&copy);
            ok = acc.n == 0;
        }
        uint32_t k = 0;
        for (int w = 0; w < NW && ok; w++) {
            if (fr_is_zero(&dense[w]))
                continue;
            ok = k < acc.n && acc.t[k].wire == (uint32_t)w && fr_eq(&acc.t[k].coef, &dense[w]);
            k++;
        }
        ok = ok && k == acc.n;
    }
    CHECK_MSG(ok, "cs_lc_axpy disagrees with dense arithmetic");
    cs_lc_free(&acc);
    cs_lc_free(&src);
    cs_free(&cs);
}

/*
 * Proving synthesises in CS_WITNESS_ONLY mode: the same wires and values and
 * the same constraint count as a full build, no matrices, and a bad witness
 * is still caught at the same constraint.
 */
static void test_witness_only(settle_ctx_t *ctx, const settle_input_t *in, const fixture_built_t *full)
{
    cs_t cs;
    cs_init_mode(&cs, CS_WITNESS_ONLY);
    CHECK(settle_synthesize(&cs, ctx, in));
    CHECK(cs.n_wires == full->n_wires && cs.n_constraints == full->r1cs.n_constraints);
    CHECK(cs.n_terms == 0 && cs.terms == NULL);
    bool same = cs.n_wires == full->n_wires;
    for (uint32_t w = 0; same && w < cs.n_wires; w++)
        same = fr_eq(&cs.w[w], &full->w[w]);
    CHECK_MSG(same, "witness-only values differ from the full build");
    CHECK(cs.satisfied == full->builder_satisfied);
    r1cs_t r;
    CHECK(!cs_take_r1cs(&cs, &r));
    cs_free(&cs);

    /* a wrong totalFee fails at the same constraint in both modes */
    settle_input_t bad = *in;
    fr_t one;
    fr_set_one(&one);
    fr_add(&bad.total_fee, &bad.total_fee, &one);
    fixture_built_t bb;
    CHECK(fixture_build(&bb, ctx, &bad, NULL, NULL));
    cs_init_mode(&cs, CS_WITNESS_ONLY);
    CHECK(settle_synthesize(&cs, ctx, &bad));
    CHECK(!bb.builder_satisfied && !cs.satisfied && cs.first_failed == bb.r1cs.n_constraints - 1 &&
          cs.first_failed == full->r1cs.n_constraints - 1);
    cs_free(&cs);
    fixture_built_free(&bb);
}

/*
 * The per-part counts circuit-info prints add up, and "per slot" is what one
 * more slot really costs: the difference of two full builds.
 */
static void test_counts(settle_ctx_t *ctx, const fixture_key_t *k)
{
    settle_size_t z3, z4;
    CHECK(settle_circuit_size(ctx, 3, &z3) && settle_circuit_size(ctx, 4, &z4));
    CHECK(z4.counts.per_batch + z4.counts.first_slot + 3 * z4.counts.per_slot == z4.n_constraints);
    CHECK(z3.counts.per_slot == z4.counts.per_slot && z3.counts.per_batch == z4.counts.per_batch);
    settle_input_t a, b;
    fixture_batch(&a, 3, 2, k);
    fixture_batch(&b, 4, 2, k);
    fixture_built_t ba, bb;
    CHECK(fixture_build(&ba, ctx, &a, NULL, NULL) && fixture_build(&bb, ctx, &b, NULL, NULL));
    CHECK(ba.r1cs.n_constraints == z3.n_constraints && bb.r1cs.n_constraints == z4.n_constraints);
    CHECK(bb.n_wires == z4.n_wires && z4.n_public == 7);
    CHECK_MSG(bb.r1cs.n_constraints - ba.r1cs.n_constraints == z4.counts.per_slot, "marginal %u, counted %u",
              bb.r1cs.n_constraints - ba.r1cs.n_constraints, z4.counts.per_slot);
    CHECK(z4.domain_log == groth16_domain_log(&bb.r1cs));
    printf("per slot %u, first slot %u, per batch %u\n", z4.counts.per_slot, z4.counts.first_slot,
           z4.counts.per_batch);
    fixture_built_free(&ba);
    fixture_built_free(&bb);
    settle_input_free(&a);
    settle_input_free(&b);
}

int main(void)
{
    test_lc();
    test_axpy_dense();
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
    test_witness_only(&ctx, &full, &bf);
    test_witness_only(&ctx, &padded, &bp);
    test_counts(&ctx, &k1);

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
