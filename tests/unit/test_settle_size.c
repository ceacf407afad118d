/* SettleBatch(L): an honest batch satisfies the constraints; prints the size per slot. */
#include "check.h"
#include "settle_fixture.h"

#include <stdio.h>

CHECK_MAIN_STATE

int main(void)
{
    eddsa_ctx *ed = eddsa_ctx_new();
    settle_ctx_t ctx;
    CHECK(ed && settle_ctx_init(&ctx));
    fixture_key_t k;
    fixture_key(&k, ed, 1);
    const unsigned sizes[][2] = {{1, 1}, {2, 2}, {3, 2}};
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        settle_input_t in;
        fixture_batch(&in, sizes[t][0], sizes[t][1], &k);
        fixture_built_t b;
        CHECK(fixture_build(&b, &ctx, &in, NULL, NULL));
        CHECK_MSG(b.builder_satisfied, "L=%u: %s", in.batch, b.builder_failed_why);
        uint32_t failed = 0;
        CHECK_MSG(r1cs_is_satisfied(&b.r1cs, b.w, &failed), "L=%u constraint %u", in.batch, failed);
        printf("L=%u real=%u constraints=%u wires=%u\n", in.batch, sizes[t][1], b.r1cs.n_constraints, b.n_wires);
        fixture_built_free(&b);
        settle_input_free(&in);
    }
    settle_ctx_free(&ctx);
    eddsa_ctx_free(ed);
    return CHECK_EXIT();
}
