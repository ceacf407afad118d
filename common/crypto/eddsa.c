/*
 * EdDSA-Poseidon (see eddsa.h for the exact construction). Scalars modulo l
 * use GMP's mpn layer on stack arrays so that every limb holding a secret can
 * be wiped; mpz would leave copies in heap blocks we do not control.
 */
#include "eddsa.h"

#include <gmp.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "babyjub_dual.h"
#include "blake512.h"
#include "poseidon.h"

struct eddsa_ctx {
    babyjub_base_table *base8; /* constant-time fixed-base multiplication for signing */
    babyjub_dual_table *verify; /* Base8 multiples for the joint verification check */
    bool allow_simd;
};

eddsa_ctx *eddsa_ctx_new(void)
{
    return eddsa_ctx_new_with(true);
}

eddsa_ctx *eddsa_ctx_new_with(bool allow_simd)
{
    eddsa_ctx *ctx = malloc(sizeof *ctx);
    if (!ctx)
        return NULL;
    babyjub_point b8;
    babyjub_base8(&b8);
    ctx->base8 = babyjub_base_table_new(&b8);
    ctx->verify = babyjub_dual_table_new_with(&b8, allow_simd);
    ctx->allow_simd = allow_simd;
    if (!ctx->base8 || !ctx->verify) {
        babyjub_base_table_free(ctx->base8);
        babyjub_dual_table_free(ctx->verify);
        free(ctx);
        return NULL;
    }
    return ctx;
}

void eddsa_ctx_free(eddsa_ctx *ctx)
{
    if (!ctx)
        return;
    babyjub_base_table_free(ctx->base8);
    babyjub_dual_table_free(ctx->verify);
    free(ctx);
}

void eddsa_keygen(uint8_t prv[EDDSA_PRIVATE_KEY_BYTES])
{
    randombytes_buf(prv, EDDSA_PRIVATE_KEY_BYTES);
}

static void le_bytes_to_limbs(uint64_t *limbs, const uint8_t *in, size_t n_limbs)
{
    for (size_t i = 0; i < n_limbs; i++) {
        uint64_t v = 0;
        for (int b = 7; b >= 0; b--)
            v = (v << 8) | in[8 * i + (size_t)b];
        limbs[i] = v;
    }
}

/* h = BLAKE-512(prv); s = prune(h[0..32]) as limbs. */
static void expand_key(uint8_t h[64], uint64_t s[4], const uint8_t prv[EDDSA_PRIVATE_KEY_BYTES])
{
    blake512(h, prv, EDDSA_PRIVATE_KEY_BYTES);
    h[0] &= 0xf8;
    h[31] &= 0x7f;
    h[31] |= 0x40;
    le_bytes_to_limbs(s, h, 4);
}

static void public_point(const eddsa_ctx *ctx, babyjub_point *a, const uint64_t s[4])
{
    uint64_t s3[4] = {(s[0] >> 3) | (s[1] << 61), (s[1] >> 3) | (s[2] << 61), (s[2] >> 3) | (s[3] << 61), s[3] >> 3};
    babyjub_ext e;
    babyjub_base_mul_ct(&e, ctx->base8, s3);
    babyjub_ext_to_point(a, &e);
    sodium_memzero(s3, sizeof s3);
    sodium_memzero(&e, sizeof e);
}

void eddsa_prv2pub(const eddsa_ctx *ctx, babyjub_point *a, const uint8_t prv[EDDSA_PRIVATE_KEY_BYTES])
{
    uint8_t h[64];
    uint64_t s[4];
    expand_key(h, s, prv);
    public_point(ctx, a, s);
    sodium_memzero(h, sizeof h);
    sodium_memzero(s, sizeof s);
}

void eddsa_prv2pub_packed(const eddsa_ctx *ctx, uint8_t pub[EDDSA_PUBLIC_KEY_BYTES],
                          const uint8_t prv[EDDSA_PRIVATE_KEY_BYTES])
{
    babyjub_point a;
    eddsa_prv2pub(ctx, &a, prv);
    babyjub_pack(pub, &a);
}

static const mp_limb_t *suborder_limbs(mp_limb_t out[4])
{
    for (int i = 0; i < 4; i++)
        out[i] = (mp_limb_t)BABYJUB_SUBORDER[i];
    return out;
}

/* r = n mod l for an n of nn limbs (nn >= 4). */
static void mod_suborder(uint64_t r[4], const mp_limb_t *n, mp_size_t nn)
{
    mp_limb_t l[4], q[16], rem[4];
    mpn_tdiv_qr(q, rem, 0, n, nn, suborder_limbs(l), 4);
    for (int i = 0; i < 4; i++)
        r[i] = rem[i];
    sodium_memzero(q, sizeof q);
    sodium_memzero(rem, sizeof rem);
}

static void hash_message(const eddsa_ctx *ctx, fr_t *hm, const babyjub_point *r8, const babyjub_point *a,
                         const fr_t *msg)
{
    const fr_t in[5] = {r8->x, r8->y, a->x, a->y, *msg};
    poseidon_hash_with(hm, in, 5, ctx->allow_simd);
}

void eddsa_sign(const eddsa_ctx *ctx, eddsa_signature *sig, const uint8_t prv[EDDSA_PRIVATE_KEY_BYTES],
                const fr_t *msg)
{
    uint8_t h[64], nonce_in[64], rbuf[64];
    uint64_t s[4], r[4];
    mp_limb_t wide[8], prod[9];
    babyjub_point a;
    babyjub_ext r8;

    expand_key(h, s, prv);
    public_point(ctx, &a, s);

    /* r = BLAKE-512(h[32..64] || msg LE) mod l */
    memcpy(nonce_in, h + 32, 32);
    fr_to_bytes_le(nonce_in + 32, msg);
    blake512(rbuf, nonce_in, sizeof nonce_in);
    uint64_t wide64[8];
    le_bytes_to_limbs(wide64, rbuf, 8);
    for (int i = 0; i < 8; i++)
        wide[i] = wide64[i];
    mod_suborder(r, wide, 8);
    sodium_memzero(wide64, sizeof wide64);

    babyjub_base_mul_ct(&r8, ctx->base8, r);
    babyjub_ext_to_point(&sig->r8, &r8);

    fr_t hm;
    uint64_t hm_c[4];
    hash_message(ctx, &hm, &sig->r8, &a, msg);
    fr_to_canonical(hm_c, &hm);

    /* S = (r + hm * s) mod l; hm * s < 2^510, so the sum fits 8 limbs plus a spare. */
    mp_limb_t hm_l[4], s_l[4], r_l[4];
    for (int i = 0; i < 4; i++) {
        hm_l[i] = hm_c[i];
        s_l[i] = s[i];
        r_l[i] = r[i];
    }
    mpn_mul_n(prod, hm_l, s_l, 4);
    prod[8] = mpn_add(prod, prod, 8, r_l, 4);
    mod_suborder(sig->s, prod, 9);

    sodium_memzero(h, sizeof h);
    sodium_memzero(nonce_in, sizeof nonce_in);
    sodium_memzero(rbuf, sizeof rbuf);
    sodium_memzero(s, sizeof s);
    sodium_memzero(r, sizeof r);
    sodium_memzero(wide, sizeof wide);
    sodium_memzero(prod, sizeof prod);
    sodium_memzero(s_l, sizeof s_l);
    sodium_memzero(r_l, sizeof r_l);
    sodium_memzero(&r8, sizeof r8);
}

static bool below_suborder(const uint64_t s[4])
{
    for (int i = 3; i >= 0; i--)
        if (s[i] != BABYJUB_SUBORDER[i])
            return s[i] < BABYJUB_SUBORDER[i];
    return false;
}

/* The check itself, for R8 and A on the curve and S < l. */
static bool verify_checked(const eddsa_ctx *ctx, const fr_t *msg, const eddsa_signature *sig, const babyjub_point *a)
{
    fr_t hm;
    uint64_t hm_c[4];
    hash_message(ctx, &hm, &sig->r8, a, msg);
    fr_to_canonical(hm_c, &hm);

    /* S * Base8 == R8 + (8 * hm) * A, exactly: hm is not reduced modulo l, A need not lie in the subgroup */
    return babyjub_dual_mul8_check(ctx->verify, sig->s, &sig->r8, hm_c, a);
}

bool eddsa_verify(const eddsa_ctx *ctx, const fr_t *msg, const eddsa_signature *sig, const babyjub_point *a)
{
    if (!babyjub_on_curve(&sig->r8) || !babyjub_on_curve(a) || !below_suborder(sig->s))
        return false;
    return verify_checked(ctx, msg, sig, a);
}

void eddsa_signature_pack(uint8_t out[EDDSA_SIGNATURE_BYTES], const eddsa_signature *sig)
{
    babyjub_pack(out, &sig->r8);
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 8; b++)
            out[32 + 8 * i + b] = (uint8_t)(sig->s[i] >> (8 * b));
}

bool eddsa_signature_unpack(eddsa_signature *sig, const uint8_t in[EDDSA_SIGNATURE_BYTES])
{
    if (!babyjub_unpack(&sig->r8, in))
        return false;
    le_bytes_to_limbs(sig->s, in + 32, 4);
    return below_suborder(sig->s);
}

bool eddsa_verify_packed(const eddsa_ctx *ctx, const fr_t *msg, const uint8_t sig[EDDSA_SIGNATURE_BYTES],
                         const uint8_t pub[EDDSA_PUBLIC_KEY_BYTES])
{
    /* R8 and A decompressed together (their square roots share a vector exponentiation where possible) */
    const uint8_t *const enc[2] = {sig, pub};
    babyjub_point pts[2];
    eddsa_signature s;
    le_bytes_to_limbs(s.s, sig + 32, 4);
    if (!below_suborder(s.s) || !babyjub_unpack2_with(pts, enc, ctx->allow_simd))
        return false;
    s.r8 = pts[0];
    /* decoded points are on the curve and S was range-checked: no second round of checks */
    return verify_checked(ctx, msg, &s, &pts[1]);
}
