/* BN254 G1: y^2 = x^3 + 3 over Fq; group law in ec_jacobian_impl.h. */
#include "g1.h"

#include <string.h>

/* 3 in Montgomery form (3 * 2^256 mod p) */
static const fq_t G1_B = {{0x7a17caa950ad28d7ULL, 0x1f6ac17ae15521b9ULL, 0x334bea4e696bd284ULL, 0x2a1f6744ce179d8eULL}};

static const fq_t *ec_curve_b(void) { return &G1_B; }

#define EC_FIELD fq
#define EC_GROUP g1
#define EC_FT fq_t
#define EC_AFF g1_affine_t
#define EC_JAC g1_jac_t
#include "ec_jacobian_impl.h"

void g1_generator(g1_affine_t *r)
{
    fq_from_u64(&r->x, 1);
    fq_from_u64(&r->y, 2);
}

void g1_to_eip196(uint8_t out[64], const g1_affine_t *p)
{
    fq_to_bytes_be(out, &p->x); /* infinity (0, 0) encodes as 64 zero bytes */
    fq_to_bytes_be(out + 32, &p->y);
}

bool g1_from_eip196(g1_affine_t *r, const uint8_t in[64])
{
    g1_affine_t t;
    if (!fq_from_bytes_be(&t.x, in) || !fq_from_bytes_be(&t.y, in + 32))
        return false;
    if (!g1_affine_on_curve(&t)) /* G1 has prime order: on the curve is in the group */
        return false;
    *r = t;
    return true;
}

/* snarkjs writes affine points with z "1" and infinity as ("0", "1", "0"). */
bool g1_from_dec(g1_affine_t *r, const char *x, const char *y, const char *z)
{
    fq_t fz;
    g1_affine_t t;
    if (!fq_from_dec(&fz, z) || !fq_from_dec(&t.x, x) || !fq_from_dec(&t.y, y))
        return false;
    if (fq_is_zero(&fz)) {
        g1_affine_set_infinity(r);
        return true;
    }
    if (!fq_is_one(&fz) || g1_affine_is_infinity(&t) || !g1_affine_on_curve(&t))
        return false;
    *r = t;
    return true;
}

void g1_to_dec(char x[80], char y[80], char z[80], const g1_affine_t *p)
{
    if (g1_affine_is_infinity(p)) {
        strcpy(x, "0");
        strcpy(y, "1");
        strcpy(z, "0");
        return;
    }
    fq_to_dec(x, &p->x);
    fq_to_dec(y, &p->y);
    strcpy(z, "1");
}
