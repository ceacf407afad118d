/*
 * BabyJubJub: curve parameters (a square, d non-square, so the addition law
 * is complete), group laws on random points, l * Base8 == identity,
 * 8 * Generator == Base8, agreement of every multiplication routine with a
 * plain affine double-and-add, pack/unpack round trips and rejects.
 * Byte-level agreement with circomlibjs is in tests/oracle/eddsa_oracle.js.
 */
#include "check.h"
#include "crypto/babyjub.h"

#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

static void random_scalar(uint64_t k[4])
{
    randombytes_buf(k, 32);
}

/* Reference multiplication: affine double-and-add, as circomlibjs mulPointEscalar. */
static void naive_mul(babyjub_point *r, const babyjub_point *p, const uint64_t k[4])
{
    babyjub_point acc, base = *p;
    babyjub_identity(&acc);
    for (int i = 0; i < 256; i++) {
        if ((k[i / 64] >> (i % 64)) & 1)
            babyjub_add(&acc, &acc, &base);
        babyjub_add(&base, &base, &base);
    }
    *r = acc;
}

static void random_point(babyjub_point *p)
{
    babyjub_point b8;
    uint64_t k[4];
    babyjub_base8(&b8);
    random_scalar(k);
    babyjub_mul(p, &b8, k);
}

static bool is_identity(const babyjub_point *p)
{
    babyjub_point o;
    babyjub_identity(&o);
    return babyjub_point_eq(p, &o);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    fr_t a, d;
    babyjub_const_a(&a);
    babyjub_const_d(&d);
    CHECK(fr_legendre(&a) == 1);
    CHECK(fr_legendre(&d) == -1);

    babyjub_point b8, g, o, t;
    babyjub_base8(&b8);
    babyjub_generator(&g);
    babyjub_identity(&o);
    CHECK(babyjub_on_curve(&b8) && babyjub_on_curve(&g) && babyjub_on_curve(&o));

    /* 8 * Generator == Base8; l * Base8 == O; l * Generator != O (order 8l). */
    const uint64_t eight[4] = {8, 0, 0, 0};
    babyjub_mul(&t, &g, eight);
    CHECK(babyjub_point_eq(&t, &b8));
    babyjub_mul(&t, &b8, BABYJUB_SUBORDER);
    CHECK(is_identity(&t));
    naive_mul(&t, &b8, BABYJUB_SUBORDER);
    CHECK(is_identity(&t));
    babyjub_mul(&t, &g, BABYJUB_SUBORDER);
    CHECK(!is_identity(&t) && babyjub_on_curve(&t));
    CHECK(babyjub_in_subgroup(&b8));
    CHECK(!babyjub_in_subgroup(&g));
    /* (l - 1) * Base8 == -Base8 */
    uint64_t lm1[4];
    memcpy(lm1, BABYJUB_SUBORDER, sizeof lm1);
    lm1[0] -= 1;
    babyjub_point nb8;
    babyjub_neg(&nb8, &b8);
    babyjub_mul(&t, &b8, lm1);
    CHECK(babyjub_point_eq(&t, &nb8));

    /* The point (0, -1) of order 2: on the curve, not in the subgroup, doubles to O. */
    babyjub_point two;
    fr_set_zero(&two.x);
    fr_set_one(&two.y);
    fr_neg(&two.y, &two.y);
    CHECK(babyjub_on_curve(&two) && !babyjub_in_subgroup(&two));
    babyjub_add(&t, &two, &two);
    CHECK(is_identity(&t));

    babyjub_base_table *table = babyjub_base_table_new(&b8);
    CHECK(table != NULL);
    for (int iter = 0; iter < 20; iter++) {
        babyjub_point p, q, s, u, v;
        random_point(&p);
        random_point(&q);
        random_point(&s);
        CHECK(babyjub_on_curve(&p) && babyjub_in_subgroup(&p));
        /* commutative, associative, identity, inverse */
        babyjub_add(&u, &p, &q);
        babyjub_add(&v, &q, &p);
        CHECK(babyjub_point_eq(&u, &v) && babyjub_on_curve(&u));
        babyjub_add(&u, &u, &s);
        babyjub_add(&v, &q, &s);
        babyjub_add(&v, &p, &v);
        CHECK(babyjub_point_eq(&u, &v));
        babyjub_add(&u, &p, &o);
        CHECK(babyjub_point_eq(&u, &p));
        babyjub_neg(&v, &p);
        babyjub_add(&u, &p, &v);
        CHECK(is_identity(&u));

        /* extended formulas agree with the affine ones, also on the 8l-order generator */
        babyjub_ext ep, eq, er;
        babyjub_point r1, r2;
        babyjub_ext_from_point(&ep, &p);
        babyjub_ext_from_point(&eq, &g);
        babyjub_ext_add(&er, &ep, &eq);
        babyjub_ext_to_point(&r1, &er);
        babyjub_add(&r2, &p, &g);
        CHECK(babyjub_point_eq(&r1, &r2));
        babyjub_ext_dbl(&er, &ep);
        babyjub_ext_to_point(&r1, &er);
        babyjub_add(&r2, &p, &p);
        CHECK(babyjub_point_eq(&r1, &r2));
        babyjub_ext_add(&er, &ep, &ep);
        babyjub_ext_to_point(&r1, &er);
        CHECK(babyjub_point_eq(&r1, &r2));

        /* every multiplication routine agrees with double-and-add, for any 256-bit scalar */
        uint64_t k[4];
        random_scalar(k);
        if (iter == 0)
            memset(k, 0xff, sizeof k);
        if (iter == 1)
            memset(k, 0, sizeof k);
        naive_mul(&r1, &g, k);
        babyjub_mul(&r2, &g, k);
        CHECK(babyjub_point_eq(&r1, &r2));
        naive_mul(&r1, &b8, k);
        babyjub_base_mul_ct(&er, table, k);
        babyjub_ext_to_point(&r2, &er);
        CHECK(babyjub_point_eq(&r1, &r2));
        babyjub_base_mul_vartime(&er, table, k);
        babyjub_ext_to_point(&r2, &er);
        CHECK(babyjub_point_eq(&r1, &r2));

        /* pack / unpack round trip; the sign bit is what tells p from -p */
        uint8_t packed[32], packed_neg[32];
        babyjub_pack(packed, &p);
        CHECK(babyjub_unpack(&u, packed) && babyjub_point_eq(&u, &p));
        babyjub_neg(&v, &p);
        babyjub_pack(packed_neg, &v);
        CHECK((packed[31] ^ packed_neg[31]) == 0x80 && memcmp(packed, packed_neg, 31) == 0);
        CHECK(babyjub_unpack(&u, packed_neg) && babyjub_point_eq(&u, &v));
    }
    babyjub_base_table_free(table);

    /* unpack rejects: y >= r (r itself, 2^255 - 1), (0, 1) and (0, -1), a y with no x */
    uint8_t enc[32];
    babyjub_point p;
    static const uint8_t R_LE[32] = {0x01, 0x00, 0x00, 0xf0, 0x93, 0xf5, 0xe1, 0x43, 0x91, 0x70, 0xb9,
                                     0x79, 0x48, 0xe8, 0x33, 0x28, 0x5d, 0x58, 0x81, 0x81, 0xb6, 0x45,
                                     0x50, 0xb8, 0x29, 0xa0, 0x31, 0xe1, 0x72, 0x4e, 0x64, 0x30};
    CHECK(!babyjub_unpack(&p, R_LE));
    memcpy(enc, R_LE, 32);
    enc[0] = 0x00; /* r - 1: a valid y */
    fr_t y;
    CHECK(fr_from_bytes_le(&y, enc));
    memset(enc, 0xff, 32);
    enc[31] = 0x7f;
    CHECK(!babyjub_unpack(&p, enc));
    babyjub_pack(enc, &o);
    CHECK(!babyjub_unpack(&p, enc));
    babyjub_pack(enc, &two);
    CHECK(!babyjub_unpack(&p, enc));
    enc[31] |= 0x80;
    CHECK(!babyjub_unpack(&p, enc));
    /* y = 2, 3, ...: the first y whose x^2 is not a square must be refused */
    int refused_nonsquare = 0;
    for (uint64_t yv = 2; yv < 40 && !refused_nonsquare; yv++) {
        fr_t yy, y2, num, den, x2, one;
        fr_from_u64(&yy, yv);
        fr_sqr(&y2, &yy);
        fr_set_one(&one);
        fr_sub(&num, &one, &y2);
        fr_mul(&den, &d, &y2);
        fr_sub(&den, &a, &den);
        fr_inv(&den, &den);
        fr_mul(&x2, &num, &den);
        fr_to_bytes_le(enc, &yy);
        bool ok = babyjub_unpack(&p, enc);
        CHECK(ok == (fr_legendre(&x2) == 1));
        if (ok)
            CHECK(babyjub_on_curve(&p) && fr_eq(&p.y, &yy));
        else
            refused_nonsquare = 1;
    }
    CHECK(refused_nonsquare);

    /*
     * babyjub_unpack2 (both paths) against two babyjub_unpack calls: random valid points with
     * either sign, random 32-byte strings (about half have no x, some are >= r), and the
     * rejects above, in every pairing; true iff both decode, and then the same points.
     */
    uint8_t pool[64][32];
    int n_pool = 0;
    memcpy(pool[n_pool++], R_LE, 32);
    babyjub_pack(pool[n_pool++], &o);
    babyjub_pack(pool[n_pool++], &two);
    while (n_pool < 40) {
        babyjub_point q;
        random_point(&q);
        babyjub_pack(pool[n_pool++], &q);
    }
    while (n_pool < 64) {
        randombytes_buf(pool[n_pool], 32);
        if (n_pool % 3)
            pool[n_pool][31] &= 0x3f; /* mostly below r */
        n_pool++;
    }
    int both_ok = 0, refused = 0;
    for (int i = 0; i < n_pool; i++)
        for (int j = 0; j < n_pool; j += 3) {
            babyjub_point s1, s2, pair[2];
            const bool ok1 = babyjub_unpack(&s1, pool[i]), ok2 = babyjub_unpack(&s2, pool[j]);
            const uint8_t *const in[2] = {pool[i], pool[j]};
            for (int simd = 0; simd <= 1; simd++) {
                const bool ok = babyjub_unpack2_with(pair, in, simd);
                CHECK_MSG(ok == (ok1 && ok2), "unpack2 (simd %d) of %d, %d says %d", simd, i, j, ok);
                if (ok && ok1 && ok2)
                    CHECK_MSG(babyjub_point_eq(&pair[0], &s1) && babyjub_point_eq(&pair[1], &s2),
                              "unpack2 (simd %d) of %d, %d: other points", simd, i, j);
            }
            if (ok1 && ok2)
                both_ok++;
            else
                refused++;
        }
    printf("unpack2: %d pairs decoded, %d refused, both paths agreeing with unpack\n", both_ok, refused);
    CHECK(both_ok > 100 && refused > 100);
    return CHECK_EXIT();
}
