/*
 * One tampered witness per rule of DESIGN §4: starting from a valid batch
 * (two signed requests and one padding slot, L = 3), change one thing and
 * check that the independent checker r1cs_is_satisfied rejects it, and that
 * the first constraint the builder saw fail is the one of that rule.
 * Where the change must bypass the witness generator, the test edits wire
 * values directly or overrides a hint through the builder's tamper hook.
 */
#include "check.h"
#include "settle_fixture.h"

#include <stdio.h>
#include <string.h>

CHECK_MAIN_STATE

static eddsa_ctx *g_ed;
static settle_ctx_t g_ctx;
static fixture_key_t g_key, g_other;

static void base(settle_input_t *in) { fixture_batch(in, 3, 2, &g_key); }

static void resign_all(settle_input_t *in, unsigned n_real)
{
    for (unsigned i = 0; i < n_real; i++)
        fixture_sign_slot(in, i, &g_key);
    settle_input_fill_public(in);
}

static void add_pow2(fr_t *x, unsigned k)
{
    uint64_t c[4] = {0, 0, 0, 0};
    c[k / 64] = 1ULL << (k % 64);
    fr_t t;
    fr_from_canonical(&t, c);
    fr_add(x, x, &t);
}

static void add_u64(fr_t *x, uint64_t k)
{
    fr_t t;
    fr_from_u64(&t, k);
    fr_add(x, x, &t);
}

/* want lists acceptable labels separated by '|' */
static bool label_matches(const char *got, const char *want)
{
    size_t n = strlen(got);
    for (const char *p = want; p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, got, n) == 0)
            return true;
        p = bar ? bar + 1 : NULL;
    }
    return false;
}

/* Builds in, expects rejection with the builder's first failure labelled want. */
static void expect_reject(const char *name, const settle_input_t *in, cs_tamper_fn tamper, void *tctx,
                          const char *want)
{
    fixture_built_t b;
    CHECK_MSG(fixture_build(&b, &g_ctx, in, tamper, tctx), "%s: synthesis", name);
    uint32_t failed = 0;
    bool sat = r1cs_is_satisfied(&b.r1cs, b.w, &failed);
    CHECK_MSG(!sat, "%s: accepted", name);
    CHECK_MSG(!b.builder_satisfied && b.builder_failed_why && label_matches(b.builder_failed_why, want),
              "%s: first failure '%s', expected '%s'", name, b.builder_failed_why ? b.builder_failed_why : "(none)",
              want);
    printf("%-44s rejected at constraint %u (%s)\n", name, failed, b.builder_failed_why ? b.builder_failed_why : "");
    fixture_built_free(&b);
}

/* Index of the first run of n wires (from start) equal to the low bits of v. */
static uint32_t find_bits(const fr_t *w, uint32_t n_wires, const fr_t *v, unsigned n, uint32_t start)
{
    uint64_t c[4];
    fr_to_canonical(c, v);
    for (uint32_t i = start; i + n <= n_wires; i++) {
        unsigned k = 0;
        for (; k < n; k++) {
            bool bit = (c[k / 64] >> (k % 64)) & 1;
            if (!(bit ? fr_is_one(&w[i + k]) : fr_is_zero(&w[i + k])))
                break;
        }
        if (k == n)
            return i;
    }
    return 0;
}

static uint32_t find_value(const fr_t *w, uint32_t n_wires, const fr_t *v, uint32_t start)
{
    for (uint32_t i = start; i < n_wires; i++)
        if (fr_eq(&w[i], v))
            return i;
    return 0;
}

typedef struct {
    uint32_t wire;
} tamper_neg_t;

static void tamper_negate(void *ctx, uint32_t wire, fr_t *value)
{
    if (wire == ((tamper_neg_t *)ctx)->wire)
        fr_neg(value, value);
}

/* A witness edited after generation must be rejected by the checker. */
static void expect_edit_rejected(const char *name, uint32_t wire, bool flip_bit)
{
    settle_input_t in;
    base(&in);
    fixture_built_t b;
    CHECK(fixture_build(&b, &g_ctx, &in, NULL, NULL));
    CHECK_MSG(wire > SETTLE_N_PUBLIC && wire < b.n_wires, "%s: wire not found", name);
    if (wire > SETTLE_N_PUBLIC && wire < b.n_wires) {
        fr_t one;
        fr_set_one(&one);
        if (flip_bit)
            fr_sub(&b.w[wire], &one, &b.w[wire]);
        else
            fr_add(&b.w[wire], &b.w[wire], &one);
        uint32_t failed;
        CHECK_MSG(!r1cs_is_satisfied(&b.r1cs, b.w, &failed), "%s: accepted", name);
        printf("%-44s rejected at constraint %u\n", name, failed);
    }
    fixture_built_free(&b);
    settle_input_free(&in);
}

int main(void)
{
    g_ed = eddsa_ctx_new();
    CHECK(g_ed && settle_ctx_init(&g_ctx));
    fixture_key(&g_key, g_ed, 7);
    fixture_key(&g_other, g_ed, 8);
    settle_input_t in;

    /* the untampered batch is accepted */
    base(&in);
    fixture_built_t ok;
    CHECK(fixture_build(&ok, &g_ctx, &in, NULL, NULL));
    uint32_t failed;
    CHECK_MSG(ok.builder_satisfied && r1cs_is_satisfied(&ok.r1cs, ok.w, &failed), "valid batch rejected");
    settle_input_free(&in);

    /* rule 1: the signer */
    base(&in);
    add_pow2(&in.signer0, 128); /* same packed integer: signer0 + 2^128, signer1 - 1 */
    fr_t one;
    fr_set_one(&one);
    fr_sub(&in.signer1, &in.signer1, &one);
    expect_reject("r1: signer0 >= 2^128 (same packed key)", &in, NULL, NULL, "signer0 < 2^128");
    settle_input_free(&in);

    base(&in);
    add_pow2(&in.signer1, 126); /* packed y >= 2^254 */
    expect_reject("r1: packed y >= 2^254", &in, NULL, NULL, "signer y < 2^254");
    settle_input_free(&in);

    base(&in);
    add_pow2(&in.signer1, 127); /* flip the sign bit: decodes to -A, signatures fail */
    fr_t s1 = in.signer1;
    (void)s1;
    {
        uint64_t c[4];
        fr_to_canonical(c, &in.signer1);
        if (c[2]) { /* the addition overflowed past bit 127: the bit was set, clear it instead */
            add_pow2(&in.signer1, 127);
            fr_t t;
            fixture_u128(&t, 0, 0);
            uint64_t two128[4] = {0, 0, 1, 0};
            fr_from_canonical(&t, two128);
            fr_sub(&in.signer1, &in.signer1, &t);
        }
    }
    expect_reject("r1: wrong sign bit of x", &in, NULL, NULL, "signature x");
    settle_input_free(&in);

    base(&in);
    {
        /* find a y with no x on the curve: (1 - y^2) / (a - d y^2) a non-residue */
        fr_t a, d, y2, num, den;
        babyjub_const_a(&a);
        babyjub_const_d(&d);
        for (;;) {
            add_u64(&in.signer0, 1);
            uint8_t b[32];
            uint64_t c0[4], c1[4];
            fr_to_canonical(c0, &in.signer0);
            fr_to_canonical(c1, &in.signer1);
            memcpy(b, c0, 16);
            memcpy(b + 16, c1, 16);
            b[31] &= 0x7f;
            fr_t y;
            fr_from_bytes_le(&y, b);
            fr_sqr(&y2, &y);
            fr_sub(&num, &one, &y2);
            fr_mul(&den, &d, &y2);
            fr_sub(&den, &a, &den);
            fr_inv(&den, &den);
            fr_mul(&num, &num, &den);
            if (fr_legendre(&num) == -1)
                break;
        }
    }
    expect_reject("r1: signer not on the curve", &in, NULL, NULL, "signer on curve");
    settle_input_free(&in);

    /* A = identity or the point of order 2: S = 0, R8 = identity satisfies the signature equation */
    for (int order2 = 0; order2 < 2; order2++) {
        base(&in);
        babyjub_point a;
        babyjub_identity(&a);
        if (order2)
            fr_neg(&a.y, &a.y);
        uint8_t packed[32];
        babyjub_pack(packed, &a);
        fr_from_bytes_le_reduce(&in.signer0, packed, 16);
        fr_from_bytes_le_reduce(&in.signer1, packed + 16, 16);
        for (unsigned i = 0; i < 2; i++) {
            fr_set_zero(&in.slot[i].r8x);
            fr_set_one(&in.slot[i].r8y);
            fr_set_zero(&in.slot[i].s);
        }
        expect_reject(order2 ? "r1: signer of order 2 (8A = identity)" : "r1: signer = identity", &in, NULL, NULL,
                      "8A is not the identity");
        settle_input_free(&in);
    }

    /* rule 1 hint: the other square root for x (malicious hint override) */
    {
        base(&in);
        uint32_t wx = find_value(ok.w, ok.n_wires, &g_key.a.x, 8);
        tamper_neg_t t = {wx};
        CHECK(wx > 0);
        expect_reject("r1 hint: x is the other root", &in, tamper_negate, &t, "signer sign");
        settle_input_free(&in);
    }

    /* rule 2: ranges (requests re-signed, so only the range check can object) */
    base(&in);
    add_pow2(&in.user, 160);
    resign_all(&in, 2);
    expect_reject("r2: user >= 2^160", &in, NULL, NULL, "user < 2^160");
    settle_input_free(&in);

    base(&in);
    add_pow2(&in.provider, 161);
    resign_all(&in, 2);
    expect_reject("r2: provider >= 2^160", &in, NULL, NULL, "provider < 2^160");
    settle_input_free(&in);

    base(&in);
    fixture_u128(&in.slot[1].fee, 0, 0);
    add_pow2(&in.slot[1].fee, 128);
    resign_all(&in, 2);
    expect_reject("r2: fee = 2^128", &in, NULL, NULL, "fee < 2^128");
    settle_input_free(&in);

    base(&in);
    for (unsigned i = 0; i < 3; i++)
        add_pow2(&in.slot[i].nonce, 64);
    resign_all(&in, 2);
    expect_reject("r2: nonce_0 >= 2^64", &in, NULL, NULL, "nonce < 2^64");
    settle_input_free(&in);

    base(&in);
    add_pow2(&in.slot[1].nonce, 64);
    in.slot[2].nonce = in.slot[1].nonce;
    resign_all(&in, 2);
    expect_reject("r2: last nonce >= 2^64", &in, NULL, NULL, "nonce < 2^64");
    settle_input_free(&in);

    /* rule 3: enabled flags */
    base(&in);
    fr_set_zero(&in.slot[0].enabled);
    expect_reject("r3: enabled_0 = 0", &in, NULL, NULL, "enabled_0 = 1");
    settle_input_free(&in);

    base(&in);
    fr_from_u64(&in.slot[1].enabled, 2);
    expect_reject("r3: enabled_1 = 2", &in, NULL, NULL, "enabled boolean");
    settle_input_free(&in);

    {
        /* slot 1 padding, slot 2 a real, validly signed request */
        fixture_batch(&in, 3, 1, &g_key);
        fr_from_u64(&in.slot[2].nonce, 500);
        fixture_u128(&in.slot[2].fee, 0, 9);
        fr_set_one(&in.slot[2].enabled);
        fixture_sign_slot(&in, 2, &g_key);
        settle_input_fill_public(&in);
        expect_reject("r3: enabled slot after a disabled one", &in, NULL, NULL, "enabled prefix");
        settle_input_free(&in);
    }

    /* rule 4: signatures and nonce order */
    base(&in);
    {
        uint64_t c[4];
        fr_to_canonical(c, &in.slot[1].s);
        c[0] ^= 0x100; /* one bit of one byte of S */
        fr_from_canonical(&in.slot[1].s, c);
    }
    expect_reject("r4: signature byte changed (S)", &in, NULL, NULL, "signature x");
    settle_input_free(&in);

    base(&in);
    add_u64(&in.slot[0].r8x, 1);
    expect_reject("r4: signature R8 changed (off curve)", &in, NULL, NULL, "R8 on curve");
    settle_input_free(&in);

    base(&in);
    {
        fr_t l;
        fr_from_canonical(&l, BABYJUB_SUBORDER);
        fr_add(&in.slot[1].s, &in.slot[1].s, &l);
    }
    expect_reject("r4: S + l (same point, malleated)", &in, NULL, NULL, "S < l|S bits");
    settle_input_free(&in);

    /* S + l that still fits 251 bits, so that only the comparison with l can object */
    base(&in);
    {
        fr_t l;
        fr_from_canonical(&l, BABYJUB_SUBORDER);
        for (uint64_t fee = 1;; fee++) {
            fr_from_u64(&in.slot[1].fee, fee);
            fixture_sign_slot(&in, 1, &g_key);
            fr_t s;
            fr_add(&s, &in.slot[1].s, &l);
            uint64_t c[4];
            fr_to_canonical(c, &s);
            if (c[3] >> 59 == 0) /* below 2^251 */
                break;
        }
        settle_input_fill_public(&in);
        fr_add(&in.slot[1].s, &in.slot[1].s, &l);
    }
    expect_reject("r4: S + l below 2^251 (malleated)", &in, NULL, NULL, "S < l");
    settle_input_free(&in);

    base(&in);
    in.slot[1].nonce = in.slot[0].nonce;
    in.slot[2].nonce = in.slot[1].nonce;
    resign_all(&in, 2);
    expect_reject("r4: nonce_1 = nonce_0 (re-signed)", &in, NULL, NULL, "nonce increases");
    settle_input_free(&in);

    base(&in);
    fr_from_u64(&in.slot[1].nonce, 50);
    in.slot[2].nonce = in.slot[1].nonce;
    resign_all(&in, 2);
    expect_reject("r4: nonce_1 < nonce_0 (re-signed)", &in, NULL, NULL, "nonce increases");
    settle_input_free(&in);

    base(&in);
    {
        fr_t provider = in.provider;
        add_u64(&in.provider, 1);
        fixture_sign_slot(&in, 1, &g_key); /* slot 1 signed for another provider */
        in.provider = provider;
    }
    expect_reject("r4: one slot signed for another provider", &in, NULL, NULL, "signature x");
    settle_input_free(&in);

    base(&in);
    fixture_sign_slot(&in, 1, &g_other);
    expect_reject("r4: one slot signed by another key", &in, NULL, NULL, "signature x");
    settle_input_free(&in);

    /* rule 5: padding */
    base(&in);
    fr_from_u64(&in.slot[2].fee, 5);
    settle_input_fill_public(&in);
    expect_reject("r5: padding slot with a fee", &in, NULL, NULL, "padding fee = 0");
    settle_input_free(&in);

    base(&in);
    add_u64(&in.slot[2].nonce, 1);
    settle_input_fill_public(&in);
    expect_reject("r5: padding slot with a new nonce", &in, NULL, NULL, "padding nonce = previous");
    settle_input_free(&in);

    /* rule 6: public outputs */
    base(&in);
    add_u64(&in.total_fee, 1);
    expect_reject("r6: totalFee off by one", &in, NULL, NULL, "totalFee = sum fee");
    settle_input_free(&in);

    base(&in);
    add_u64(&in.init_nonce, 1);
    expect_reject("r6: initNonce off by one", &in, NULL, NULL, "initNonce = nonce_0");
    settle_input_free(&in);

    base(&in);
    add_u64(&in.final_nonce, 1);
    expect_reject("r6: finalNonce off by one", &in, NULL, NULL, "finalNonce = nonce_{L-1}");
    settle_input_free(&in);

    /* hints edited in the finished witness */
    {
        fr_t msg[4], m, h5[5], h;
        base(&in);
        msg[0] = in.slot[0].nonce;
        msg[1] = in.slot[0].fee;
        msg[2] = in.user;
        msg[3] = in.provider;
        poseidon_hash(&m, msg, 4);
        h5[0] = in.slot[0].r8x;
        h5[1] = in.slot[0].r8y;
        h5[2] = g_key.a.x;
        h5[3] = g_key.a.y;
        h5[4] = m;
        poseidon_hash(&h, h5, 5);
        uint32_t hb = find_bits(ok.w, ok.n_wires, &h, 254, 8);
        expect_edit_rejected("hint: a bit of h flipped", hb + 17, true);
        uint32_t sb = find_bits(ok.w, ok.n_wires, &in.slot[0].s, 251, 8);
        expect_edit_rejected("hint: a bit of S flipped", sb + 5, true);
        uint32_t fb = find_bits(ok.w, ok.n_wires, &in.slot[1].fee, 128, 8);
        expect_edit_rejected("hint: a bit of fee flipped", fb + 3, true);
        /* the inverse proving 8A.x != 0 */
        babyjub_point q;
        const uint64_t eight[4] = {8, 0, 0, 0};
        babyjub_mul(&q, &g_key.a, eight);
        fr_t inv;
        fr_inv(&inv, &q.x);
        expect_edit_rejected("hint: inverse of (8A).x changed", find_value(ok.w, ok.n_wires, &inv, 8), false);
        expect_edit_rejected("hint: decompressed x changed", find_value(ok.w, ok.n_wires, &g_key.a.x, 8), false);
        settle_input_free(&in);
    }

    fixture_built_free(&ok);
    settle_ctx_free(&g_ctx);
    eddsa_ctx_free(g_ed);
    return CHECK_EXIT();
}
