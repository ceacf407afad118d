/* BN254 G2: the D-type sextic twist y^2 = x^3 + 3/(9+u) over Fq2; group law in ec_jacobian_impl.h. */
#include "g2.h"

#include "bn254_frobenius.h"
#include "bn254_params.h"

#include <string.h>

/*
 * The EIP-197 generator in Montgomery form (derived with Python; test_curve.c
 * compares it with the published decimals):
 * x = 10857046...52781 + 11559732...05634 u, y = 84956539...01930 + 40823678...93531 u
 */
static const g2_affine_t G2_GENERATOR = {
    .x = {{{0x8e83b5d102bc2026ULL, 0xdceb1935497b0172ULL, 0xfbb8264797811adfULL, 0x19573841af96503bULL}},
          {{0xafb4737da84c6140ULL, 0x6043dd5a5802d8c4ULL, 0x09e950fc52a02f86ULL, 0x14fef0833aea7b6bULL}}},
    .y = {{{0x619dfa9d886be9f6ULL, 0xfe7fd297f59e9b78ULL, 0xff9e1a62231b7dfeULL, 0x28fd7eebae9e4206ULL}},
          {{0x64095b56c71856eeULL, 0xdc57f922327d3cbbULL, 0x55f935be33351076ULL, 0x0da4a0e693fd6482ULL}}},
};

static const fq2_t *ec_curve_b(void) { return &BN254_TWIST_B; }

#define EC_FIELD fq2
#define EC_GROUP g2
#define EC_FT fq2_t
#define EC_AFF g2_affine_t
#define EC_JAC g2_jac_t
#include "ec_jacobian_impl.h"

void g2_generator(g2_affine_t *r) { *r = G2_GENERATOR; }

/*
 * psi = untwist o Frobenius o twist: (x, y) -> (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2)),
 * applied to Jacobian coordinates (Z is conjugated, the constants absorb
 * the Z^2, Z^3 scaling).
 */
static void g2_jac_psi(g2_jac_t *r, const g2_jac_t *p)
{
    fq2_conj(&r->x, &p->x);
    fq2_conj(&r->y, &p->y);
    fq2_conj(&r->z, &p->z);
    fq2_mul(&r->x, &r->x, &BN254_FROB_GAMMA[0][2]);
    fq2_mul(&r->y, &r->y, &BN254_FROB_GAMMA[0][3]);
}

/*
 * The twist group has order r * (2p - r), so a point on the twist need not
 * be in G2. Test psi(Q) == [6x^2] Q instead of r Q == O, at half the cost
 * (as in Dai, Lin, Zhao, Zhou, "Fast subgroup membership testings for G1,
 * G2 and GT on pairing-friendly curves", 2022). Why it suffices: psi
 * satisfies the Frobenius characteristic equation psi^2 - t psi + p = 0 on
 * the whole twist, with trace t = 6x^2 + 1; if psi(Q) = [l] Q with
 * l = 6x^2 then 0 = (l^2 - t l + p) Q = (p - 6x^2) Q = r Q. Conversely on
 * G2, psi acts as multiplication by p = 6x^2 (mod r).
 */
bool g2_affine_in_subgroup(const g2_affine_t *p)
{
    if (!g2_affine_on_curve(p))
        return false;
    if (g2_affine_is_infinity(p))
        return true;
    g2_jac_t j, lhs, rhs;
    g2_jac_from_affine(&j, p);
    g2_jac_psi(&lhs, &j);
    g2_jac_mul(&rhs, &j, BN254_SIX_X_SQUARED);
    return g2_jac_eq(&lhs, &rhs);
}

void g2_to_eip197(uint8_t out[128], const g2_affine_t *p)
{
    fq_to_bytes_be(out, &p->x.c1);
    fq_to_bytes_be(out + 32, &p->x.c0);
    fq_to_bytes_be(out + 64, &p->y.c1);
    fq_to_bytes_be(out + 96, &p->y.c0);
}

bool g2_from_eip197(g2_affine_t *r, const uint8_t in[128])
{
    g2_affine_t t;
    if (!fq_from_bytes_be(&t.x.c1, in) || !fq_from_bytes_be(&t.x.c0, in + 32) ||
        !fq_from_bytes_be(&t.y.c1, in + 64) || !fq_from_bytes_be(&t.y.c0, in + 96))
        return false;
    if (!g2_affine_in_subgroup(&t))
        return false;
    *r = t;
    return true;
}

/* snarkjs: [[x0, x1], [y0, y1], [z0, z1]] with z = [1, 0]; infinity has z = [0, 0]. */
bool g2_from_dec(g2_affine_t *r, const char *const xy[4], const char *const z[2])
{
    fq2_t fz;
    g2_affine_t t;
    if (!fq_from_dec(&fz.c0, z[0]) || !fq_from_dec(&fz.c1, z[1]) || !fq_from_dec(&t.x.c0, xy[0]) ||
        !fq_from_dec(&t.x.c1, xy[1]) || !fq_from_dec(&t.y.c0, xy[2]) || !fq_from_dec(&t.y.c1, xy[3]))
        return false;
    if (fq2_is_zero(&fz)) {
        g2_affine_set_infinity(r);
        return true;
    }
    if (!fq_is_one(&fz.c0) || !fq_is_zero(&fz.c1) || g2_affine_is_infinity(&t) || !g2_affine_in_subgroup(&t))
        return false;
    *r = t;
    return true;
}

void g2_to_dec(char xy[4][80], char z[2][80], const g2_affine_t *p)
{
    if (g2_affine_is_infinity(p)) {
        strcpy(xy[0], "0");
        strcpy(xy[1], "0");
        strcpy(xy[2], "1");
        strcpy(xy[3], "0");
        strcpy(z[0], "0");
        strcpy(z[1], "0");
        return;
    }
    fq_to_dec(xy[0], &p->x.c0);
    fq_to_dec(xy[1], &p->x.c1);
    fq_to_dec(xy[2], &p->y.c0);
    fq_to_dec(xy[3], &p->y.c1);
    strcpy(z[0], "1");
    strcpy(z[1], "0");
}
