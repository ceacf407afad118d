/*
 * Poseidon for 1..6 inputs against circomlibjs 0.1.7 (poseidon and
 * poseidonReference agree on these): Poseidon(1, 2, ..., n). Random inputs
 * for every arity are compared in tests/oracle/eddsa_oracle.js. Also checks
 * the generated constant tables have the sizes the round schedule needs,
 * and that the vector-lane and scalar paths agree on random inputs.
 */
#include "check.h"
#include "crypto/poseidon.h"

#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

int main(void)
{
    static const char *const expect[POSEIDON_MAX_INPUTS] = {
        "18586133768512220936620570745912940619677854269274689475585506675881198879027",
        "7853200120776062878684798364095072458815029376092732009249414926327459813530",
        "6542985608222806190361240322586112750744169038454362455181422643027100751666",
        "18821383157269793795438455681495246036402687001665670618754263018637548127333",
        "6183221330272524995739186171720101788151706631170188140075976616310159254464",
        "20400040500897583745843009878988256314335038853985262692600694741116813247201",
    };
    static const unsigned partial[POSEIDON_MAX_INPUTS] = {56, 57, 56, 60, 60, 63};
    for (size_t n = 1; n <= POSEIDON_MAX_INPUTS; n++) {
        fr_t in[POSEIDON_MAX_INPUTS], out;
        for (size_t i = 0; i < n; i++)
            fr_from_u64(&in[i], i + 1);
        CHECK(poseidon_hash(&out, in, n));
        char dec[80];
        fr_to_dec(dec, &out);
        CHECK_MSG(strcmp(dec, expect[n - 1]) == 0, "n=%zu: got %s", n, dec);
        fr_t out_scalar;
        CHECK(poseidon_hash_with(&out_scalar, in, n, false));
        CHECK_MSG(fr_eq(&out, &out_scalar), "n=%zu: scalar path differs", n);

        const poseidon_params *pp = poseidon_params_for(n);
        CHECK(pp && pp->t == n + 1 && pp->n_rounds_f == 8 && pp->n_rounds_p == partial[n - 1]);

        /* Changing any one input changes the hash. */
        for (size_t i = 0; i < n; i++) {
            fr_t tweaked[POSEIDON_MAX_INPUTS], out2, one;
            memcpy(tweaked, in, sizeof tweaked);
            fr_set_one(&one);
            fr_add(&tweaked[i], &tweaked[i], &one);
            CHECK(poseidon_hash(&out2, tweaked, n));
            CHECK(!fr_eq(&out, &out2));
        }
    }
    /* both paths on random inputs, including values near r */
    if (sodium_init() < 0)
        return 1;
    for (int iter = 0; iter < 3000; iter++) {
        const size_t n = 1 + (size_t)iter % POSEIDON_MAX_INPUTS;
        fr_t in[POSEIDON_MAX_INPUTS], a, b;
        for (size_t i = 0; i < n; i++) {
            uint8_t buf[48];
            randombytes_buf(buf, sizeof buf);
            fr_from_bytes_le_reduce(&in[i], buf, sizeof buf);
            if (iter % 7 == 0)
                fr_neg(&in[i], &in[i]);
        }
        CHECK(poseidon_hash_with(&a, in, n, true) && poseidon_hash_with(&b, in, n, false));
        CHECK_MSG(fr_eq(&a, &b), "iter %d n=%zu: paths differ", iter, n);
    }
    fr_t in[8] = {{{0}}}, out;
    CHECK(!poseidon_hash(&out, in, 0));
    CHECK(!poseidon_hash(&out, in, 7));
    CHECK(poseidon_params_for(0) == NULL && poseidon_params_for(7) == NULL);
    return CHECK_EXIT();
}
