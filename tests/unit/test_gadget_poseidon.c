/* The Poseidon gadget against the C reference poseidon_hash for 1..6 inputs. */
#include "check.h"
#include "circuit/gadget_poseidon.h"
#include "crypto/poseidon.h"

#include <sodium.h>
#include <stdio.h>

CHECK_MAIN_STATE

int main(void)
{
    CHECK(sodium_init() >= 0);
    for (size_t n = 1; n <= 6; n++) {
        for (int rep = 0; rep < 3; rep++) {
            cs_t cs;
            cs_init(&cs);
            fr_t vin[6], want, got;
            cs_lc_t in[6], out;
            cs_lc_init(&out);
            for (size_t i = 0; i < n; i++) {
                uint8_t buf[64];
                randombytes_buf(buf, sizeof buf);
                fr_from_bytes_le_reduce(&vin[i], buf, sizeof buf);
                if (rep == 1)
                    fr_set_zero(&vin[i]);
                cs_lc_init(&in[i]);
                cs_lc_set_wire(&cs, &in[i], cs_wire(&cs, &vin[i]));
            }
            CHECK(g_poseidon(&cs, &out, in, n, "poseidon"));
            CHECK(poseidon_hash(&want, vin, n));
            cs_lc_eval(&cs, &out, &got);
            CHECK_MSG(fr_eq(&got, &want), "n=%zu rep=%d", n, rep);
            CHECK(cs.satisfied);
            const poseidon_params *pp = poseidon_params_for(n);
            /* three constraints per S-box except the constant first one */
            unsigned sboxes = pp->t * pp->n_rounds_f + pp->n_rounds_p - 1;
            CHECK_MSG(cs.n_constraints == 3 * sboxes, "n=%zu: %u constraints", n, cs.n_constraints);
            if (rep == 0)
                printf("poseidon(%zu): %u constraints\n", n, cs.n_constraints);

            /* the gadget pins its output: a changed S-box wire breaks a constraint */
            r1cs_t r;
            uint32_t nw, failed;
            CHECK(cs_take_r1cs(&cs, &r));
            fr_t *w = cs_take_witness(&cs, &nw);
            CHECK(r1cs_is_satisfied(&r, w, &failed));
            fr_t one;
            fr_set_one(&one);
            fr_add(&w[nw - 1], &w[nw - 1], &one);
            CHECK(!r1cs_is_satisfied(&r, w, &failed));
            free(w);
            r1cs_free(&r);
            for (size_t i = 0; i < n; i++)
                cs_lc_free(&in[i]);
            cs_lc_free(&out);
            cs_free(&cs);
        }
    }
    CHECK(!g_poseidon(NULL, NULL, NULL, 7, "poseidon"));
    return CHECK_EXIT();
}
