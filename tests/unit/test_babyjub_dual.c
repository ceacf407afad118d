/*
 * The verification checks of babyjub_dual.h against plain affine
 * arithmetic: s * Base8 == q + (8 h) * p must hold exactly, for p and q
 * with and without a component of order 2, 4 or 8, and the half-length
 * check, the full-length check and its forced fallback must agree on every
 * input, true and false. A component of small order in q is the case an
 * even multiplier would hide.
 */
#include "check.h"
#include "crypto/babyjub.h"
#include "crypto/babyjub_dual.h"
#include "crypto/fr_simd.h"

#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

/* T8: a point of order 8 (l * Generator); torsion[j] = j * T8 */
static void torsion_points(babyjub_point torsion[8])
{
    babyjub_point g, t8;
    babyjub_generator(&g);
    babyjub_mul(&t8, &g, BABYJUB_SUBORDER);
    babyjub_identity(&torsion[0]);
    for (int j = 1; j < 8; j++)
        babyjub_add(&torsion[j], &torsion[j - 1], &t8);
}

static void random_subgroup_point(babyjub_point *p)
{
    babyjub_point b8;
    uint64_t k[4];
    babyjub_base8(&b8);
    randombytes_buf(k, sizeof k);
    babyjub_mul(p, &b8, k);
}

/* (8 h) * p, exactly: h * (8 p) as integers */
static void mul8h(babyjub_point *r, const babyjub_point *p, const uint64_t h[4])
{
    const uint64_t eight[4] = {8, 0, 0, 0};
    babyjub_point p8;
    babyjub_mul(&p8, p, eight);
    babyjub_mul(r, &p8, h);
}

typedef struct {
    int accepted, rejected;
} tally;

/* all three routes must give `want`, with vector and with scalar field products */
static void check_routes(const babyjub_dual_table *t, const uint64_t s[4], const babyjub_point *q, const uint64_t h[4],
                         const babyjub_point *p, bool want, const char *what);

/* t[0] uses the CPU's vector unit where it can, t[1] scalar products only */
static void check_all(tally *tl, babyjub_dual_table *const t[2], const uint64_t s[4], const babyjub_point *q,
                      const uint64_t h[4], const babyjub_point *p, bool want, const char *what)
{
    check_routes(t[0], s, q, h, p, want, what);
    check_routes(t[1], s, q, h, p, want, what);
    if (want)
        tl->accepted++;
    else
        tl->rejected++;
}

static void check_routes(const babyjub_dual_table *t, const uint64_t s[4], const babyjub_point *q, const uint64_t h[4],
                         const babyjub_point *p, bool want, const char *what)
{
    const uint64_t h8[5] = {h[0] << 3, (h[1] << 3) | (h[0] >> 61), (h[2] << 3) | (h[1] >> 61),
                            (h[3] << 3) | (h[2] >> 61), h[3] >> 61};
    const bool half = babyjub_dual_mul8_check(t, s, q, h, p);
    const bool full = babyjub_dual_mul_check(t, s, q, h8, p);
    const bool forced_full = babyjub_dual_mul8_check_bounded(t, s, q, h, p, 0);
    CHECK_MSG(half == want, "%s: half-length check says %d", what, half);
    CHECK_MSG(full == want, "%s: full-length check says %d", what, full);
    CHECK_MSG(forced_full == want, "%s: bounded check with max_bits 0 says %d", what, forced_full);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    babyjub_point b8, torsion[8];
    babyjub_base8(&b8);
    torsion_points(torsion);
    for (int j = 1; j < 8; j++)
        CHECK(babyjub_on_curve(&torsion[j]) && !babyjub_in_subgroup(&torsion[j]));
    babyjub_dual_table *const t[2] = {babyjub_dual_table_new(&b8), babyjub_dual_table_new_with(&b8, false)};
    CHECK(t[0] != NULL && t[1] != NULL);

    tally tl = {0, 0};
    for (int iter = 0; iter < 120; iter++) {
        uint64_t s[4], h[4];
        randombytes_buf(s, sizeof s);
        randombytes_buf(h, sizeof h);
        if (iter == 0)
            memset(h, 0, sizeof h);
        if (iter == 1)
            memcpy(h, BABYJUB_SUBORDER, sizeof h); /* h == l: 8h p = 8 (l p), zero only on the torsion part */
        if (iter == 2)
            memset(s, 0, sizeof s);
        if (iter == 3)
            memset(h, 0xff, sizeof h);
        if (iter == 4) {
            memcpy(h, BABYJUB_SUBORDER, sizeof h);
            h[0] += 1; /* h == l + 1 */
        }
        /* p: a subgroup point plus any torsion component (the check must not care) */
        babyjub_point p, sb, hp, q, bad;
        random_subgroup_point(&p);
        babyjub_add(&p, &p, &torsion[iter % 8]);
        CHECK(babyjub_on_curve(&p));
        /* q = s B8 - (8 h) p makes the equation true */
        babyjub_mul(&sb, &b8, s);
        mul8h(&hp, &p, h);
        babyjub_neg(&hp, &hp);
        babyjub_add(&q, &sb, &hp);
        check_all(&tl, t, s, &q, h, &p, true, "valid");

        /* q with a small-order component: false for every order (2, 4 and 8) */
        for (int j = 1; j < 8; j++) {
            babyjub_add(&bad, &q, &torsion[j]);
            check_all(&tl, t, s, &bad, h, &p, false, "q + torsion");
        }
        /* q off by Base8, h off by one, s off by one */
        babyjub_add(&bad, &q, &b8);
        check_all(&tl, t, s, &bad, h, &p, false, "q + Base8");
        uint64_t h1[4];
        memcpy(h1, h, sizeof h1);
        h1[0] ^= 1;
        check_all(&tl, t, s, &q, h1, &p, false, "h ^ 1");
        uint64_t s1[4];
        memcpy(s1, s, sizeof s1);
        s1[0] ^= 1;
        check_all(&tl, t, s1, &q, h, &p, false, "s ^ 1");
        /* p replaced by p + T2: 8 h T2 = 0, so still true; p + Base8: false */
        babyjub_add(&bad, &p, &torsion[4]);
        check_all(&tl, t, s, &q, h, &bad, true, "p + T2");
        babyjub_add(&bad, &p, &b8);
        const bool h_is_zero_mod_l = iter == 0 || iter == 1;
        check_all(&tl, t, s, &q, h, &bad, h_is_zero_mod_l, "p + Base8");
    }
    printf("%d accepted, %d rejected, all three routes agreeing, scalar and %s field products\n", tl.accepted, tl.rejected,
           fr_simd_available() ? "IFMA" : "scalar (no IFMA on this CPU)");
    babyjub_dual_table_free(t[0]);
    babyjub_dual_table_free(t[1]);
    return CHECK_EXIT();
}
