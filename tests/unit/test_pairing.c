/*
 * Optimal ate pairing: bilinearity, non-degeneracy, order, product checks,
 * the final exponentiation against plain powering by (p^12 - 1)/r
 * (computed with GMP), and EIP-197 precompile vectors from go-ethereum:
 * core/vm/testdata/precompiles/bn256Pairing.json
 * (https://github.com/ethereum/go-ethereum/blob/master/core/vm/testdata/precompiles/bn256Pairing.json),
 * cases jeff1, jeff2, jeff4, jeff6, empty_data, one_point, two_point_match_2,
 * two_point_match_3, two_point_match_4.
 */
#include "check.h"

#include "crypto/pairing.h"

#include <gmp.h>
#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

static const char *const P_DEC = "21888242871839275222246405745257275088696311157297823662689037894645226208583";
static const char *const R_DEC = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

typedef struct {
    const char *name;
    const char *input; /* hex, n * 192 bytes */
    bool expect_one;
} eip197_vector;

static const eip197_vector VECTORS[] = {
    {"jeff1",
     "1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c2032c61a830e3c17286de9462bf242fca2883585b93870a73853face6a6bf411198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa",
     true},
    {"jeff2",
     "2eca0c7238bf16e83e7a1e6c5d49540685ff51380f309842a98561558019fc0203d3260361bb8451de5ff5ecd17f010ff22f5c31cdf184e9020b06fa5997db841213d2149b006137fcfb23036606f848d638d576a120ca981b5b1a5f9300b3ee2276cf730cf493cd95d64677bbb75fc42db72513a4c1e387b476d056f80aa75f21ee6226d31426322afcda621464d0611d226783262e21bb3bc86b537e986237096df1f82dff337dd5972e32a8ad43e28a78a96a823ef1cd4debe12b6552ea5f06967a1237ebfeca9aaae0d6d0bab8e28c198c5a339ef8a2407e31cdac516db922160fa257a5fd5b280642ff47b65eca77e626cb685c84fa6d3b6882a283ddd1198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa",
     true},
    {"jeff4",
     "2f2ea0b3da1e8ef11914acf8b2e1b32d99df51f5f4f206fc6b947eae860eddb6068134ddb33dc888ef446b648d72338684d678d2eb2371c61a50734d78da4b7225f83c8b6ab9de74e7da488ef02645c5a16a6652c3c71a15dc37fe3a5dcb7cb122acdedd6308e3bb230d226d16a105295f523a8a02bfc5e8bd2da135ac4c245d065bbad92e7c4e31bf3757f1fe7362a63fbfee50e7dc68da116e67d600d9bf6806d302580dc0661002994e7cd3a7f224e7ddc27802777486bf80f40e4ca3cfdb186bac5188a98c45e6016873d107f5cd131f3a3e339d0375e58bd6219347b008122ae2b09e539e152ec5364e7e2204b03d11d3caa038bfc7cd499f8176aacbee1f39e4e4afc4bc74790a4a028aff2c3d2538731fb755edefd8cb48d6ea589b5e283f150794b6736f670d6a1033f9b46c6f5204f50813eb85c8dc4b59db1c5d39140d97ee4d2b36d99bc49974d18ecca3e7ad51011956051b464d9e27d46cc25e0764bb98575bd466d32db7b15f582b2d5c452b36aa394b789366e5e3ca5aabd415794ab061441e51d01e94640b7e3084a07e02c78cf3103c542bc5b298669f211b88da1679b0b64a63b7e0e7bfe52aae524f73a55be7fe70c7e9bfc94b4cf0da1213d2149b006137fcfb23036606f848d638d576a120ca981b5b1a5f9300b3ee2276cf730cf493cd95d64677bbb75fc42db72513a4c1e387b476d056f80aa75f21ee6226d31426322afcda621464d0611d226783262e21bb3bc86b537e986237096df1f82dff337dd5972e32a8ad43e28a78a96a823ef1cd4debe12b6552ea5f",
     true},
    {"jeff6",
     "1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c103188585e2364128fe25c70558f1560f4f9350baf3959e603cc91486e110936198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa",
     false},
    {"empty_data", "", true},
    {"one_point",
     "00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa",
     false},
    {"two_point_match_2",
     "00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed275dc4a288d1afb3cbb1ac09187524c7db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d",
     true},
    {"two_point_match_3",
     "00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002203e205db4f19b37b60121b83a7333706db86431c6d835849957ed8c3928ad7927dc7234fd11d3e8c36c59277c3e6f149d5cd3cfa9a62aee49f8130962b4b3b9195e8aa5b7827463722b8c153931579d3505566b4edf48d498e185f0509de15204bb53b8977e5f92a0bc372742c4830944a59b4fe6b1c0466e2a6dad122b5d2e030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd31a76dae6d3272396d0cbe61fced2bc532edac647851e3ac53ce1cc9c7e645a83198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa",
     true},
    {"two_point_match_4",
     "105456a333e6d636854f987ea7bb713dfd0ae8371a72aea313ae0c32c0bf10160cf031d41b41557f3e7e3ba0c51bebe5da8e6ecd855ec50fc87efcdeac168bcc0476be093a6d2b4bbf907172049874af11e1b6267606e00804d3ff0037ec57fd3010c68cb50161b7d1d96bb71edfec9880171954e56871abf3d93cc94d745fa114c059d74e5b6c4ec14ae5864ebe23a71781d86c29fb8fb6cce94f70d3de7a2101b33461f39d9e887dbb100f170a2345dde3c07e256d1dfa2b657ba5cd030427000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000021a2c3013d2ea92e13c800cde68ef56a294b883f6ac35d25f587c09b1b3c635f7290158a80cd3d66530f74dc94c94adb88f5cdb481acca997b6e60071f08a115f2f997f3dbd66a7afe07fe7862ce239edba9e05c5afff7f8a1259c9733b2dfbb929d1691530ca701b4a106054688728c9972c8512e9789e9567aae23e302ccd75",
     true},
};

static void to_limbs(uint64_t c[4], const mpz_t z)
{
    memset(c, 0, 32);
    mpz_export(c, NULL, -1, 8, 0, 0, z);
}

static void test_vectors(void)
{
    for (size_t v = 0; v < sizeof VECTORS / sizeof VECTORS[0]; v++) {
        const eip197_vector *tv = &VECTORS[v];
        size_t hexlen = strlen(tv->input);
        CHECK_MSG(hexlen % 384 == 0, "%s: length", tv->name);
        size_t n = hexlen / 384;
        uint8_t buf[192 * 4];
        size_t got = 0;
        CHECK(n <= 4);
        CHECK(sodium_hex2bin(buf, sizeof buf, tv->input, hexlen, NULL, &got, NULL) == 0 && got == n * 192);
        g1_affine_t p[4];
        g2_affine_t q[4];
        for (size_t i = 0; i < n; i++) {
            CHECK_MSG(g1_from_eip196(&p[i], buf + 192 * i), "%s: G1 #%zu", tv->name, i);
            CHECK_MSG(g2_from_eip197(&q[i], buf + 192 * i + 64), "%s: G2 #%zu", tv->name, i);
        }
        CHECK_MSG(bn254_pairing_product_is_one(p, q, n) == tv->expect_one, "%s: pairing check", tv->name);
    }
}

static void random_fr(fr_t *r)
{
    uint8_t buf[48];
    randombytes_buf(buf, sizeof buf);
    fr_from_bytes_le_reduce(r, buf, sizeof buf);
}

static void fr_limbs(uint64_t c[4], const fr_t *a) { fr_to_canonical(c, a); }

static void pairing_pow(fq12_t *r, const fq12_t *e, const fr_t *k)
{
    uint64_t c[4];
    fr_limbs(c, k);
    fq12_pow(r, e, c, 4);
}

static void test_bilinearity(const mpz_t rr)
{
    g1_affine_t g1, ap, abp;
    g2_affine_t g2, bq, aq;
    g1_generator(&g1);
    g2_generator(&g2);
    fq12_t base, t1, t2;
    bn254_pairing(&base, &g1, &g2);
    CHECK(!fq12_is_one(&base)); /* non-degenerate */

    uint64_t rl[4];
    to_limbs(rl, rr);
    fq12_pow(&t1, &base, rl, 4);
    CHECK(fq12_is_one(&t1)); /* e(G1, G2) has order r */

    for (int it = 0; it < 4; it++) {
        fr_t a, b, ab;
        random_fr(&a);
        random_fr(&b);
        fr_mul(&ab, &a, &b);
        g1_affine_mul(&ap, &g1, &a);
        g2_affine_mul(&bq, &g2, &b);
        g2_affine_mul(&aq, &g2, &a);

        bn254_pairing(&t1, &ap, &bq);
        pairing_pow(&t2, &base, &ab);
        CHECK(fq12_eq(&t1, &t2)); /* e(aP, bQ) = e(P, Q)^(ab) */

        bn254_pairing(&t1, &ap, &g2);
        bn254_pairing(&t2, &g1, &aq);
        CHECK(fq12_eq(&t1, &t2)); /* e(aP, Q) = e(P, aQ) */

        /* e(aP, bQ) * e(-abP, Q) = 1, and not with ab + 1 */
        fr_t nab;
        fr_neg(&nab, &ab);
        g1_affine_t ps[2];
        g2_affine_t qs[2] = {bq, g2};
        ps[0] = ap;
        g1_affine_mul(&ps[1], &g1, &nab);
        CHECK(bn254_pairing_product_is_one(ps, qs, 2));
        fr_t one;
        fr_set_one(&one);
        fr_add(&nab, &nab, &one);
        g1_affine_mul(&ps[1], &g1, &nab);
        CHECK(!bn254_pairing_product_is_one(ps, qs, 2));

        /* both arguments non-generator: e(aP, Q') with Q' = bQ and P' = abP */
        g1_affine_mul(&abp, &g1, &ab);
        bn254_pairing(&t1, &ap, &bq);
        bn254_pairing(&t2, &abp, &g2);
        CHECK(fq12_eq(&t1, &t2));
    }

    /* infinity on either side contributes 1 */
    g1_affine_t inf1;
    g2_affine_t inf2;
    g1_affine_set_infinity(&inf1);
    g2_affine_set_infinity(&inf2);
    bn254_pairing(&t1, &inf1, &g2);
    CHECK(fq12_is_one(&t1));
    bn254_pairing(&t1, &g1, &inf2);
    CHECK(fq12_is_one(&t1));
    CHECK(bn254_pairing_product_is_one(NULL, NULL, 0));
}

/* More pairs than one Miller-loop chunk: sum a_i = 0 gives prod e(a_i G1, G2) = 1. */
static void test_many_pairs(void)
{
    enum { N = 19 };
    g1_affine_t ps[N], g1;
    g2_affine_t qs[N], g2;
    g1_generator(&g1);
    g2_generator(&g2);
    fr_t sum, a;
    fr_set_zero(&sum);
    for (int i = 0; i < N - 1; i++) {
        random_fr(&a);
        fr_add(&sum, &sum, &a);
        fr_t b;
        random_fr(&b);
        /* pair (a/b G1, b G2) keeps e = e(G1,G2)^a while varying both sides */
        fr_t binv, ab;
        fr_inv(&binv, &b);
        fr_mul(&ab, &a, &binv);
        g1_affine_mul(&ps[i], &g1, &ab);
        g2_affine_mul(&qs[i], &g2, &b);
    }
    fr_neg(&sum, &sum);
    g1_affine_mul(&ps[N - 1], &g1, &sum);
    qs[N - 1] = g2;
    CHECK(bn254_pairing_product_is_one(ps, qs, N));
    g1_affine_set_infinity(&ps[3]); /* drops one factor */
    CHECK(!bn254_pairing_product_is_one(ps, qs, N));
}

/* The final exponentiation equals plain powering by (p^12 - 1)/r, an exponent GMP computes. */
static void test_final_exponentiation(const mpz_t pp, const mpz_t rr)
{
    mpz_t e;
    mpz_init(e);
    mpz_pow_ui(e, pp, 12);
    mpz_sub_ui(e, e, 1);
    CHECK(mpz_divisible_p(e, rr));
    mpz_divexact(e, e, rr);
    size_t nl = (mpz_sizeinbase(e, 2) + 63) / 64;
    uint64_t limbs[48] = {0};
    CHECK(nl <= 48);
    mpz_export(limbs, NULL, -1, 8, 0, 0, e);
    mpz_clear(e);

    for (int it = 0; it < 2; it++) {
        fq12_t f, a, b;
        /* a Miller loop output as input, then a random element */
        if (it == 0) {
            g1_affine_t g1;
            g2_affine_t g2;
            g1_generator(&g1);
            g2_generator(&g2);
            bn254_miller_loop(&f, &g1, &g2, 1);
        } else {
            uint8_t buf[48];
            fq_t *c = &f.c0.c0.c0;
            for (int i = 0; i < 12; i++) {
                randombytes_buf(buf, sizeof buf);
                fq_from_bytes_le_reduce(&c[i], buf, sizeof buf);
            }
        }
        bn254_final_exponentiation(&a, &f);
        fq12_pow(&b, &f, limbs, nl);
        CHECK(fq12_eq(&a, &b));
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 3;
    mpz_t p, r;
    mpz_init_set_str(p, P_DEC, 10);
    mpz_init_set_str(r, R_DEC, 10);
    test_vectors();
    test_final_exponentiation(p, r);
    test_bilinearity(r);
    test_many_pairs();
    mpz_clears(p, r, NULL);
    return CHECK_EXIT();
}
