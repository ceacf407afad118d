/*
 * fr_mul_x4 and fr_mul_xn (n = 1..8) against fr_mul (itself checked against
 * GMP in test_field) on random and edge operands, squares (the same operand
 * array twice) and outputs written over the inputs. On a CPU with AVX-512 IFMA this tests
 * the vector path; the line printed says which path ran.
 */
#include "check.h"
#include "crypto/fr_lanes.h"

#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

static void random_fr(fr_t *x)
{
    uint8_t buf[64];
    randombytes_buf(buf, sizeof buf);
    fr_from_bytes_le_reduce(x, buf, sizeof buf);
}

/* 0, 1, -1, -2, 2^k - 1 style limbs below p, and p - 1 in Montgomery form written raw */
static void edge_fr(fr_t *x, int which)
{
    switch (which % 6) {
    case 0:
        fr_set_zero(x);
        break;
    case 1:
        fr_set_one(x);
        break;
    case 2:
        fr_set_one(x);
        fr_neg(x, x);
        break;
    case 3: /* the largest representable value: raw limbs p - 1 */
        memcpy(x->limb, FR_MODULUS.p, sizeof x->limb);
        x->limb[0] -= 1;
        break;
    case 4: /* every 52-bit and 64-bit limb boundary set */
        x->limb[0] = ~0ULL;
        x->limb[1] = ~0ULL;
        x->limb[2] = ~0ULL;
        x->limb[3] = FR_MODULUS.p[3] - 1;
        break;
    default:
        x->limb[0] = 1ULL << 52;
        x->limb[1] = 1ULL << 40;
        x->limb[2] = 1ULL << 28;
        x->limb[3] = 1ULL << 16;
        break;
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    printf("fr_mul_x4 path: %s\n", fr_lanes_use_ifma() ? "AVX-512 IFMA" : "scalar (no IFMA on this CPU)");
    for (int iter = 0; iter < 100000; iter++) {
        fr_t a[4], b[4], want[4], got[4], got_scalar[4];
        for (int i = 0; i < 4; i++) {
            if (iter < 36 && (i == iter % 4 || iter < 6)) {
                edge_fr(&a[i], iter + i);
                edge_fr(&b[i], iter / 6 + i);
            } else {
                random_fr(&a[i]);
                random_fr(&b[i]);
            }
            fr_mul(&want[i], &a[i], &b[i]);
        }
        fr_t *r[4] = {&got[0], &got[1], &got[2], &got[3]};
        fr_t *rs[4] = {&got_scalar[0], &got_scalar[1], &got_scalar[2], &got_scalar[3]};
        const fr_t *pa[4] = {&a[0], &a[1], &a[2], &a[3]};
        const fr_t *pb[4] = {&b[0], &b[1], &b[2], &b[3]};
        fr_mul_x4(r, pa, pb);
        fr_mul_x4_scalar(rs, pa, pb);
        for (int i = 0; i < 4; i++) {
            CHECK_MSG(fr_eq(&got[i], &want[i]), "iter %d lane %d", iter, i);
            CHECK(fr_eq(&got_scalar[i], &want[i]));
        }
        /* squares through one operand array */
        fr_mul_x4(r, pa, pa);
        for (int i = 0; i < 4; i++) {
            fr_t sq;
            fr_sqr(&sq, &a[i]);
            CHECK_MSG(fr_eq(&got[i], &sq), "square, iter %d lane %d", iter, i);
        }
        /* outputs over inputs, in shuffled lanes: a[0] = a[1] * b[2], a[1] = a[0] * a[3], ... */
        if (iter % 100 == 0) {
            fr_t w0, w1, w2, w3;
            fr_mul(&w0, &a[1], &b[2]);
            fr_mul(&w1, &a[0], &a[3]);
            fr_mul(&w2, &b[0], &a[2]);
            fr_mul(&w3, &a[3], &a[3]);
            fr_t *ro[4] = {&a[0], &a[1], &a[2], &a[3]};
            const fr_t *ia[4] = {&a[1], &a[0], &b[0], &a[3]};
            const fr_t *ib[4] = {&b[2], &a[3], &a[2], &a[3]};
            fr_mul_x4(ro, ia, ib);
            CHECK(fr_eq(&a[0], &w0) && fr_eq(&a[1], &w1) && fr_eq(&a[2], &w2) && fr_eq(&a[3], &w3));
        }
    }
    /* n lanes at once, every n: lanes past n must be left alone */
    for (int iter = 0; iter < 40000; iter++) {
        const int n = 1 + iter % FR_XN_MAX;
        fr_t a[FR_XN_MAX], b[FR_XN_MAX], got[FR_XN_MAX + 1];
        fr_t *r[FR_XN_MAX];
        const fr_t *pa[FR_XN_MAX], *pb[FR_XN_MAX];
        for (int i = 0; i < n; i++) {
            if (iter < 48)
                edge_fr(&a[i], iter + i), edge_fr(&b[i], iter / 8 + 2 * i);
            else
                random_fr(&a[i]), random_fr(&b[i]);
            r[i] = &got[i];
            pa[i] = &a[i];
            pb[i] = &b[i];
        }
        memset(&got[n], 0xa5, sizeof got[n]);
        fr_mul_xn(r, pa, pb, n);
        for (int i = 0; i < n; i++) {
            fr_t want;
            fr_mul(&want, &a[i], &b[i]);
            CHECK_MSG(fr_eq(&got[i], &want), "xn: n %d lane %d iter %d", n, i, iter);
        }
        CHECK(got[n].limb[0] == 0xa5a5a5a5a5a5a5a5ULL && got[n].limb[3] == 0xa5a5a5a5a5a5a5a5ULL);
        fr_mul_xn(r, pa, pa, n);
        for (int i = 0; i < n; i++) {
            fr_t want;
            fr_sqr(&want, &a[i]);
            CHECK_MSG(fr_eq(&got[i], &want), "xn square: n %d lane %d", n, i);
        }
    }
    return CHECK_EXIT();
}
