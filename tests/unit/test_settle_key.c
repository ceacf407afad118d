/*
 * settle_key_matches, the check behind `zks setup --zkey` and the worker's
 * key loading: a proving key made by the dev setup for SettleBatch(1) is
 * accepted for SettleBatch(1) and refused for SettleBatch(2) and for circuits
 * that differ from SettleBatch(1) in one A or B coefficient or in one term.
 *
 * Known limit, by construction of the key format: the C matrix is not in a
 * .zkey (it is folded into the L points together with secrets), so a circuit
 * that differs only in C cannot be told apart from the key alone.
 */
#include "check.h"
#include "circuit/settle_prove.h"
#include "snark/setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

CHECK_MAIN_STATE

/* Index in r1cs->terms of the first term of matrix m in the first constraint with at least two such terms. */
static uint64_t find_term(const r1cs_t *r, int m)
{
    for (uint32_t k = 0; k < r->n_constraints; k++) {
        size_t n;
        r1cs_lc(r, k, m, &n);
        if (n >= 2)
            return r->term_offset[3 * (uint64_t)k + (uint64_t)m];
    }
    return UINT64_MAX;
}

static void expect(const zkey_t *zk, const r1cs_t *r, bool want, const char *what)
{
    char err[256] = "";
    bool got = settle_key_matches(zk, r, err, sizeof err);
    CHECK_MSG(got == want, "%s: %s (%s)", what, got ? "accepted" : "refused", err);
    printf("%-46s %s%s%s\n", what, got ? "accepted" : "refused: ", got ? "" : err, "");
}

int main(void)
{
    settle_ctx_t ctx;
    CHECK(settle_ctx_init(&ctx));
    r1cs_t r1, r2;
    CHECK(settle_build_r1cs(&r1, &ctx, 1));
    CHECK(settle_build_r1cs(&r2, &ctx, 2));

    char dir[] = "/tmp/zks-settle-key-XXXXXX", path[64], err[256];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/settle_1.zkey", dir);
    CHECK_MSG(groth16_dev_setup(&r1, path, NULL, 1, err, sizeof err), "%s", err);
    zkey_t zk;
    CHECK_MSG(zkey_open(&zk, path, err, sizeof err), "%s", err);

    expect(&zk, &r1, true, "SettleBatch(1) key for SettleBatch(1)");
    expect(&zk, &r2, false, "SettleBatch(1) key for SettleBatch(2)");

    /* same shape, one coefficient of A (then of B) changed: another circuit */
    fr_t one;
    fr_set_one(&one);
    for (int m = 0; m < 2; m++) {
        uint64_t t = find_term(&r1, m);
        CHECK(t != UINT64_MAX);
        if (t == UINT64_MAX)
            continue;
        fr_t saved = r1.terms[t].coef;
        fr_add(&r1.terms[t].coef, &r1.terms[t].coef, &one);
        expect(&zk, &r1, false, m == 0 ? "one A coefficient changed" : "one B coefficient changed");
        r1.terms[t].coef = saved;
        /* a term moved to another wire keeps every count */
        uint32_t wire = r1.terms[t].wire;
        r1.terms[t].wire = wire + 1 < r1.n_wires ? wire + 1 : 1;
        expect(&zk, &r1, false, m == 0 ? "one A term on another wire" : "one B term on another wire");
        r1.terms[t].wire = wire;
    }
    expect(&zk, &r1, true, "restored SettleBatch(1)");

    zkey_close(&zk);
    unlink(path);
    rmdir(dir);
    r1cs_free(&r1);
    r1cs_free(&r2);
    settle_ctx_free(&ctx);
    return CHECK_EXIT();
}
