/*
 * EdDSA-Poseidon: a known answer from circomlibjs 0.1.7 (private key 32 x 0x07,
 * message 12345: prv2pub, packPoint, signPoseidon, packSignature), sign/verify
 * round trips on random keys, and rejection of every tampering: message,
 * R8, S, key, S + l, off-curve points, bad packed encodings; each on the
 * default context and on one kept to scalar code. Also the
 * request message hash against circomlibjs poseidon([nonce, fee, user, provider]).
 */
#include "check.h"
#include "crypto/eddsa.h"
#include "crypto/request_hash.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

CHECK_MAIN_STATE

static void to_hex(char *out, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* The known answer, round trips and every tampering, on one context (one arithmetic path). */
static void check_eddsa(const eddsa_ctx *ctx)
{
    /* Known answer from circomlibjs. */
    uint8_t prv[32], pub[32], sigp[64];
    char hex[129];
    memset(prv, 0x07, sizeof prv);
    fr_t msg;
    fr_from_u64(&msg, 12345);
    babyjub_point a;
    eddsa_prv2pub(ctx, &a, prv);
    char dec[80];
    fr_to_dec(dec, &a.x);
    CHECK_MSG(strcmp(dec, "14422859473778768188622151430526693594403470008420308922992775064941455773685") == 0, "Ax %s", dec);
    fr_to_dec(dec, &a.y);
    CHECK_MSG(strcmp(dec, "7592518773672929099542717438998516546396504563265155469693554058278098107299") == 0, "Ay %s", dec);
    eddsa_prv2pub_packed(ctx, pub, prv);
    to_hex(hex, pub, 32);
    CHECK_MSG(strcmp(hex, "a3fbbae26d7b1df9e1170d810c9f7755b727739290ddc1cfc6495d589d36c990") == 0, "pub %s", hex);
    eddsa_signature sig;
    eddsa_sign(ctx, &sig, prv, &msg);
    eddsa_signature_pack(sigp, &sig);
    to_hex(hex, sigp, 64);
    CHECK_MSG(strcmp(hex, "389f18a1decc470eb262001442b394d8344b8e47eba131ba1b9d6e56eae37c9a"
                          "7290d8fb9764859feae44b72cf33a6054e51f91cdaa03318f1b126ba391b5804") == 0,
              "sig %s", hex);
    CHECK(eddsa_verify(ctx, &msg, &sig, &a));
    CHECK(eddsa_verify_packed(ctx, &msg, sigp, pub));

    for (int iter = 0; iter < 20; iter++) {
        eddsa_keygen(prv);
        uint8_t mb[32];
        randombytes_buf(mb, sizeof mb);
        fr_from_bytes_le_reduce(&msg, mb, sizeof mb);
        eddsa_prv2pub(ctx, &a, prv);
        eddsa_prv2pub_packed(ctx, pub, prv);
        CHECK(babyjub_in_subgroup(&a));
        eddsa_sign(ctx, &sig, prv, &msg);
        eddsa_signature_pack(sigp, &sig);
        CHECK(eddsa_verify(ctx, &msg, &sig, &a));
        CHECK(eddsa_verify_packed(ctx, &msg, sigp, pub));

        /* signing is deterministic */
        eddsa_signature sig2;
        eddsa_sign(ctx, &sig2, prv, &msg);
        CHECK(memcmp(&sig, &sig2, sizeof sig) == 0);

        /* message */
        fr_t msg2, one;
        fr_set_one(&one);
        fr_add(&msg2, &msg, &one);
        CHECK(!eddsa_verify(ctx, &msg2, &sig, &a));
        /* every single bit of the packed signature and key */
        for (int bit = 0; bit < 512; bit += 7) {
            uint8_t t[64];
            memcpy(t, sigp, 64);
            t[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            CHECK_MSG(!eddsa_verify_packed(ctx, &msg, t, pub), "sig bit %d", bit);
        }
        for (int bit = 0; bit < 256; bit += 5) {
            uint8_t t[32];
            memcpy(t, pub, 32);
            t[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            CHECK_MSG(!eddsa_verify_packed(ctx, &msg, sigp, t), "key bit %d", bit);
        }
        /* another key */
        uint8_t prv2[32];
        babyjub_point a2;
        eddsa_keygen(prv2);
        eddsa_prv2pub(ctx, &a2, prv2);
        CHECK(!eddsa_verify(ctx, &msg, &sig, &a2));
        /* S + l: same point S * Base8, refused by the range check */
        eddsa_signature big = sig;
        unsigned __int128 carry = 0;
        for (int i = 0; i < 4; i++) {
            unsigned __int128 s = (unsigned __int128)big.s[i] + BABYJUB_SUBORDER[i] + carry;
            big.s[i] = (uint64_t)s;
            carry = s >> 64;
        }
        CHECK(!eddsa_verify(ctx, &msg, &big, &a));
        uint8_t bigp[64];
        eddsa_signature_pack(bigp, &big);
        CHECK(!eddsa_verify_packed(ctx, &msg, bigp, pub));
        /* off-curve R8 and A */
        eddsa_signature off = sig;
        fr_add(&off.r8.y, &off.r8.y, &one);
        CHECK(!eddsa_verify(ctx, &msg, &off, &a));
        babyjub_point aoff = a;
        fr_add(&aoff.x, &aoff.x, &one);
        CHECK(!eddsa_verify(ctx, &msg, &sig, &aoff));
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    /* the default context (AVX-512 IFMA where the CPU has it) and one kept to scalar code */
    eddsa_ctx *const ctxs[2] = {eddsa_ctx_new(), eddsa_ctx_new_with(false)};
    for (int i = 0; i < 2; i++) {
        CHECK(ctxs[i] != NULL);
        if (ctxs[i])
            check_eddsa(ctxs[i]);
    }

    /* Request hash: circomlibjs poseidon([7, 1000, 0x11..11, 0x22..22]). */
    uint8_t user[20], provider[20];
    memset(user, 0x11, 20);
    memset(provider, 0x22, 20);
    char dec[80];
    fr_t m;
    request_hash(&m, 7, 1000, user, provider);
    fr_to_dec(dec, &m);
    CHECK_MSG(strcmp(dec, "18241053167419592327567447582683047707091776965601697873355546323054999788805") == 0,
              "request hash %s", dec);
    /* extremes: nonce 2^64-1, fee 2^128-1, user 0xff..ff, provider 0 */
    memset(user, 0xff, 20);
    memset(provider, 0, 20);
    request_hash(&m, UINT64_MAX, ~(unsigned __int128)0, user, provider);
    fr_to_dec(dec, &m);
    CHECK_MSG(strcmp(dec, "11697373635147517751313461193671932081269408714495463197220708988576399787966") == 0,
              "request hash (extremes) %s", dec);

    for (int i = 0; i < 2; i++)
        eddsa_ctx_free(ctxs[i]);
    return CHECK_EXIT();
}
