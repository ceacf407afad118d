/* SettleBatch(L) synthesis (settle_batch.h); rule numbers refer to DESIGN §4. */
#include "circuit/settle_batch.h"

#include "circuit/gadget_bits.h"
#include "circuit/gadget_poseidon.h"
#include "snark/setup.h"

#include <stdlib.h>
#include <string.h>

/* (p - 1) / 2 of Fr: x is "negative" in circomlibjs packPoint when x > (p - 1) / 2. */
static const uint64_t FR_HALF[4] = {0xa1f0fac9f8000000ULL, 0x9419f4243cdcb848ULL, 0xdc2822db40c0ac2eULL,
                                    0x183227397098d014ULL};

/* l - 1 for the BabyJubJub subgroup order l (crypto/babyjub.h BABYJUB_SUBORDER, lowest limb minus one). */
static const uint64_t SUBORDER_MINUS_ONE[4] = {0x677297dc392126f0ULL, 0xab3eedb83920ee0aULL,
                                               0x370a08b6d0302b0bULL, 0x060c89ce5c263405ULL};

#define S_BITS 251 /* l < 2^251 */

bool settle_ctx_init(settle_ctx_t *ctx)
{
    babyjub_point b8;
    babyjub_base8(&b8);
    return g_fixed_table_init(&ctx->base8, &b8, S_BITS);
}

void settle_ctx_free(settle_ctx_t *ctx) { g_fixed_table_free(&ctx->base8); }

bool settle_input_alloc(settle_input_t *in, unsigned batch)
{
    memset(in, 0, sizeof *in);
    if (batch < 1 || batch > SETTLE_MAX_BATCH)
        return false;
    in->slot = calloc(batch, sizeof *in->slot);
    if (!in->slot)
        return false;
    in->batch = batch;
    return true;
}

void settle_input_free(settle_input_t *in)
{
    free(in->slot);
    in->slot = NULL;
}

void settle_input_dummy(settle_input_t *in)
{
    babyjub_point b8;
    babyjub_base8(&b8);
    uint8_t packed[32];
    babyjub_pack(packed, &b8);
    fr_from_bytes_le_reduce(&in->signer0, packed, 16);
    fr_from_bytes_le_reduce(&in->signer1, packed + 16, 16);
    fr_set_zero(&in->user);
    fr_set_zero(&in->provider);
    for (unsigned i = 0; i < in->batch; i++) {
        settle_slot_t *s = &in->slot[i];
        memset(s, 0, sizeof *s);
        fr_set_one(&s->r8y);
        if (i == 0)
            fr_set_one(&s->enabled);
    }
    settle_input_fill_public(in);
}

void settle_input_fill_public(settle_input_t *in)
{
    in->init_nonce = in->slot[0].nonce;
    in->final_nonce = in->slot[in->batch - 1].nonce;
    fr_set_zero(&in->total_fee);
    for (unsigned i = 0; i < in->batch; i++)
        fr_add(&in->total_fee, &in->total_fee, &in->slot[i].fee);
}

void settle_public_values(const settle_input_t *in, fr_t out[SETTLE_N_PUBLIC])
{
    out[0] = in->user;
    out[1] = in->provider;
    out[2] = in->init_nonce;
    out[3] = in->final_nonce;
    out[4] = in->total_fee;
    out[5] = in->signer0;
    out[6] = in->signer1;
}

/* ---- small LC helpers local to this circuit ---- */

typedef struct {
    cs_t *cs;
    cs_lc_t a, b, c;
    fr_t one, m1;
} lcs_t;

static void lcs_init(lcs_t *l, cs_t *cs)
{
    l->cs = cs;
    cs_lc_init(&l->a);
    cs_lc_init(&l->b);
    cs_lc_init(&l->c);
    fr_set_one(&l->one);
    fr_neg(&l->m1, &l->one);
}

static void lcs_free(lcs_t *l)
{
    cs_lc_free(&l->a);
    cs_lc_free(&l->b);
    cs_lc_free(&l->c);
}

/* (wa - wb) == 0, or wa == constant when wb is 0 and k given */
static void assert_wires_equal(lcs_t *l, uint32_t wa, uint32_t wb, const char *why)
{
    cs_lc_set_wire(l->cs, &l->a, wa);
    cs_lc_add_term(l->cs, &l->a, wb, &l->m1);
    cs_assert_zero(l->cs, &l->a, why);
}

/* x * (1 - e) = 0 for wires x and e */
static void assert_zero_unless(lcs_t *l, const cs_lc_t *x, uint32_t e, const char *why)
{
    cs_lc_set_u64(l->cs, &l->b, 1);
    cs_lc_add_term(l->cs, &l->b, e, &l->m1);
    cs_lc_clear(&l->c);
    cs_enforce(l->cs, x, &l->b, &l->c, why);
}

/* ---- the signer ---- */

typedef struct {
    g_point_t a;      /* A = unpack(signer0 | signer1 << 128) */
    g_var_table_t q;  /* multiples of 8A */
} signer_t;

/*
 * Rule 1. Hints: x from y by the curve equation, with the requested sign;
 * total (a non-residue gives x = 0, which then fails the curve check).
 */
static void signer_x_hint(const fr_t *y, unsigned sign, fr_t *x)
{
    fr_t a, d, one, yy, num, den, inv;
    babyjub_const_a(&a);
    babyjub_const_d(&d);
    fr_set_one(&one);
    fr_sqr(&yy, y);
    fr_sub(&num, &one, &yy);
    fr_mul(&den, &d, &yy);
    fr_sub(&den, &a, &den);
    if (!fr_inv(&inv, &den))
        fr_set_zero(&inv);
    fr_mul(&num, &num, &inv);
    if (!fr_sqrt(x, &num))
        fr_set_zero(x);
    uint64_t c[4];
    fr_to_canonical(c, x);
    bool negative = false;
    for (int i = 3; i >= 0; i--)
        if (c[i] != FR_HALF[i]) {
            negative = c[i] > FR_HALF[i];
            break;
        }
    if (negative != (sign != 0))
        fr_neg(x, x);
}

static bool synth_signer(cs_t *cs, lcs_t *l, signer_t *sg, uint32_t w_signer0, uint32_t w_signer1)
{
    uint32_t bits0[128], bits1[128], ybits[254], ubits[253];
    cs_lc_set_wire(cs, &l->a, w_signer0);
    g_bits(cs, &l->a, 128, bits0, "signer0 < 2^128");
    cs_lc_set_wire(cs, &l->a, w_signer1);
    g_bits(cs, &l->a, 128, bits1, "signer1 < 2^128");

    /* packed bits 0..253 are y, bit 254 must be zero (y < p), bit 255 is the sign of x */
    memcpy(ybits, bits0, sizeof bits0);
    memcpy(ybits + 128, bits1, 126 * sizeof(uint32_t));
    cs_lc_set_wire(cs, &l->a, bits1[126]);
    cs_assert_zero(cs, &l->a, "signer y < 2^254");
    g_bits_le_const(cs, ybits, 254, G_FR_MINUS_ONE, "signer y < p");
    uint32_t sign = bits1[127];

    cs_lc_t y;
    cs_lc_init(&y);
    g_bits_sum(cs, &y, ybits, 254);
    fr_t vy, vx;
    cs_lc_eval(cs, &y, &vy);
    fr_t vsign = *cs_value(cs, sign);
    signer_x_hint(&vy, fr_is_zero(&vsign) ? 0 : 1, &vx);
    uint32_t wx = cs_wire(cs, &vx);
    cs_lc_set_wire(cs, &sg->a.x, wx);
    cs_lc_copy(cs, &sg->a.y, &y);
    cs_lc_free(&y);
    g_bj_assert_on_curve(cs, &sg->a, "signer on curve");

    /* u = sign ? -x : x must be <= (p-1)/2: that pins x to the encoded sign (x = 0 is excluded below) */
    cs_lc_set_wire(cs, &l->a, sign);
    uint32_t sx = cs_mul(cs, &l->a, &sg->a.x, "signer sign");
    fr_t m2;
    fr_from_u64(&m2, 2);
    fr_neg(&m2, &m2);
    cs_lc_set_wire(cs, &l->a, wx);
    cs_lc_add_term(cs, &l->a, sx, &m2);
    g_bits(cs, &l->a, 253, ubits, "signer sign");
    g_bits_le_const(cs, ubits, 253, FR_HALF, "signer sign");

    /* Q = 8A must not be the identity; in the prime-order subgroup that means Q.x != 0 */
    g_point_t t1, t2, q;
    g_point_init(&t1);
    g_point_init(&t2);
    g_point_init(&q);
    g_bj_dbl(cs, &t1, &sg->a, "8A");
    g_bj_dbl(cs, &t2, &t1, "8A");
    g_bj_dbl(cs, &q, &t2, "8A");
    g_assert_nonzero(cs, &q.x, "8A is not the identity");
    bool ok = g_var_table_build(cs, &sg->q, &q, 254, "8A table");
    g_point_free(&t1);
    g_point_free(&t2);
    g_point_free(&q);
    return ok;
}

/* ---- one slot ---- */

typedef struct {
    uint32_t nonce, fee, enabled, r8x, r8y, s;
} slot_wires_t;

/* Rule 4 (gated by enabled): S*Base8 == R8 + (8h)*A, h = Poseidon(R8, A, m), m = Poseidon(request). */
static void synth_signature(cs_t *cs, lcs_t *l, settle_ctx_t *ctx, const signer_t *sg, const slot_wires_t *sw,
                            uint32_t w_user, uint32_t w_provider)
{
    cs_lc_t in[5], m, h;
    for (int i = 0; i < 5; i++)
        cs_lc_init(&in[i]);
    cs_lc_init(&m);
    cs_lc_init(&h);
    cs_lc_set_wire(cs, &in[0], sw->nonce);
    cs_lc_set_wire(cs, &in[1], sw->fee);
    cs_lc_set_wire(cs, &in[2], w_user);
    cs_lc_set_wire(cs, &in[3], w_provider);
    g_poseidon(cs, &m, in, 4, "message hash");

    g_point_t r8, v, w, f;
    g_point_init(&r8);
    g_point_init(&v);
    g_point_init(&w);
    g_point_init(&f);
    g_point_set_wires(cs, &r8, sw->r8x, sw->r8y);
    g_bj_assert_on_curve(cs, &r8, "R8 on curve");

    cs_lc_copy(cs, &in[0], &r8.x);
    cs_lc_copy(cs, &in[1], &r8.y);
    cs_lc_copy(cs, &in[2], &sg->a.x);
    cs_lc_copy(cs, &in[3], &sg->a.y);
    cs_lc_copy(cs, &in[4], &m);
    g_poseidon(cs, &h, in, 5, "challenge hash");

    uint32_t hbits[254], sbits[S_BITS];
    g_bits_strict(cs, &h, hbits, "challenge bits");
    g_bj_var_mul(cs, &v, &sg->q, hbits, "h * 8A");
    g_bj_add(cs, &w, &r8, &v, "R8 + h*8A");

    cs_lc_set_wire(cs, &l->a, sw->s);
    g_bits(cs, &l->a, S_BITS, sbits, "S bits");
    g_bits_le_const(cs, sbits, S_BITS, SUBORDER_MINUS_ONE, "S < l");
    g_bj_fixed_mul(cs, &f, &ctx->base8, sbits, "S * Base8");

    cs_lc_set_wire(cs, &l->a, sw->enabled);
    cs_lc_copy(cs, &l->b, &f.x);
    cs_lc_axpy(cs, &l->b, &l->m1, &w.x);
    cs_lc_clear(&l->c);
    cs_enforce(cs, &l->a, &l->b, &l->c, "signature x");
    cs_lc_copy(cs, &l->b, &f.y);
    cs_lc_axpy(cs, &l->b, &l->m1, &w.y);
    cs_enforce(cs, &l->a, &l->b, &l->c, "signature y");

    for (int i = 0; i < 5; i++)
        cs_lc_free(&in[i]);
    cs_lc_free(&m);
    cs_lc_free(&h);
    g_point_free(&r8);
    g_point_free(&v);
    g_point_free(&w);
    g_point_free(&f);
}

bool settle_synthesize(cs_t *cs, settle_ctx_t *ctx, const settle_input_t *in)
{
    return settle_synthesize_counted(cs, ctx, in, NULL);
}

bool settle_synthesize_counted(cs_t *cs, settle_ctx_t *ctx, const settle_input_t *in, settle_counts_t *counts)
{
    if (in->batch < 1 || in->batch > SETTLE_MAX_BATCH)
        return false;
    const unsigned L = in->batch;
    fr_t pub[SETTLE_N_PUBLIC];
    settle_public_values(in, pub);
    uint32_t wp[SETTLE_N_PUBLIC];
    for (int i = 0; i < SETTLE_N_PUBLIC; i++)
        wp[i] = cs_public(cs, &pub[i]);
    const uint32_t w_user = wp[0], w_provider = wp[1], w_init = wp[2], w_final = wp[3], w_total = wp[4];

    slot_wires_t *sw = malloc((size_t)L * sizeof *sw);
    if (!sw) {
        cs->oom = true;
        return false;
    }
    for (unsigned i = 0; i < L; i++) {
        const settle_slot_t *s = &in->slot[i];
        sw[i].nonce = cs_wire(cs, &s->nonce);
        sw[i].fee = cs_wire(cs, &s->fee);
        sw[i].enabled = cs_wire(cs, &s->enabled);
        sw[i].r8x = cs_wire(cs, &s->r8x);
        sw[i].r8y = cs_wire(cs, &s->r8y);
        sw[i].s = cs_wire(cs, &s->s);
    }

    lcs_t l;
    lcs_init(&l, cs);
    uint32_t scratch_bits[160];

    /* rule 2: addresses */
    cs_lc_set_wire(cs, &l.a, w_user);
    g_bits(cs, &l.a, 160, scratch_bits, "user < 2^160");
    cs_lc_set_wire(cs, &l.a, w_provider);
    g_bits(cs, &l.a, 160, scratch_bits, "provider < 2^160");

    /* rule 1 */
    signer_t sg;
    g_point_init(&sg.a);
    memset(&sg.q, 0, sizeof sg.q);
    bool ok = synth_signer(cs, &l, &sg, wp[5], wp[6]);

    /* rule 2: nonce_0 and nonce_{L-1} < 2^64; the steps below keep every nonce between them */
    cs_lc_set_wire(cs, &l.a, sw[0].nonce);
    g_bits(cs, &l.a, 64, scratch_bits, "nonce < 2^64");
    if (L > 1) {
        cs_lc_set_wire(cs, &l.a, sw[L - 1].nonce);
        g_bits(cs, &l.a, 64, scratch_bits, "nonce < 2^64");
    }

    cs_lc_t total;
    cs_lc_init(&total);
    uint32_t slots_begin = cs->n_constraints, slot_begin = 0, first_slot = 0, last_slot = 0;
    for (unsigned i = 0; ok && i < L; i++) {
        slot_begin = cs->n_constraints;
        /* rule 3 */
        g_boolean(cs, sw[i].enabled, "enabled boolean");
        if (i == 0) {
            cs_lc_set_wire(cs, &l.a, sw[0].enabled);
            cs_lc_add_const(cs, &l.a, &l.m1);
            cs_assert_zero(cs, &l.a, "enabled_0 = 1");
        } else {
            cs_lc_set_wire(cs, &l.a, sw[i].enabled);
            assert_zero_unless(&l, &l.a, sw[i - 1].enabled, "enabled prefix");
        }
        /* rule 2: fee */
        cs_lc_set_wire(cs, &l.a, sw[i].fee);
        g_bits(cs, &l.a, 128, scratch_bits, "fee < 2^128");
        cs_lc_add_term(cs, &total, sw[i].fee, &l.one);
        /* rule 5: padding has no fee */
        cs_lc_set_wire(cs, &l.a, sw[i].fee);
        assert_zero_unless(&l, &l.a, sw[i].enabled, "padding fee = 0");
        if (i > 0) {
            /* rules 4, 5: nonce_i - nonce_{i-1} - enabled_i in [0, 2^64): strictly increasing when enabled */
            cs_lc_t step;
            cs_lc_init(&step);
            cs_lc_set_wire(cs, &step, sw[i].nonce);
            cs_lc_add_term(cs, &step, sw[i - 1].nonce, &l.m1);
            assert_zero_unless(&l, &step, sw[i].enabled, "padding nonce = previous");
            cs_lc_add_term(cs, &step, sw[i].enabled, &l.m1);
            g_bits(cs, &step, 64, scratch_bits, "nonce increases");
            cs_lc_free(&step);
        }
        synth_signature(cs, &l, ctx, &sg, &sw[i], w_user, w_provider);
        last_slot = cs->n_constraints - slot_begin;
        if (i == 0)
            first_slot = last_slot;
    }
    uint32_t slots_end = cs->n_constraints;

    /* rule 6 */
    assert_wires_equal(&l, w_init, sw[0].nonce, "initNonce = nonce_0");
    assert_wires_equal(&l, w_final, sw[L - 1].nonce, "finalNonce = nonce_{L-1}");
    cs_lc_add_term(cs, &total, w_total, &l.m1);
    cs_assert_zero(cs, &total, "totalFee = sum fee");

    if (counts) {
        counts->first_slot = first_slot;
        counts->per_slot = L > 1 ? last_slot : 0;
        counts->per_batch = cs->n_constraints - (slots_end - slots_begin);
    }
    cs_lc_free(&total);
    g_point_free(&sg.a);
    g_var_table_free(&sg.q);
    lcs_free(&l);
    free(sw);
    return ok && cs_ok(cs);
}

bool settle_circuit_size(settle_ctx_t *ctx, unsigned batch, settle_size_t *out)
{
    memset(out, 0, sizeof *out);
    settle_input_t in;
    if (!settle_input_alloc(&in, batch))
        return false;
    settle_input_dummy(&in);
    cs_t cs;
    cs_init_mode(&cs, CS_WITNESS_ONLY);
    bool ok = settle_synthesize_counted(&cs, ctx, &in, &out->counts);
    if (ok) {
        out->n_constraints = cs.n_constraints;
        out->n_wires = cs.n_wires;
        out->n_public = cs.n_pub_in;
        r1cs_t shape; /* counts only, which is all the domain depends on */
        memset(&shape, 0, sizeof shape);
        shape.n_constraints = cs.n_constraints;
        shape.n_pub_in = cs.n_pub_in;
        out->domain_log = groth16_domain_log(&shape);
    }
    cs_free(&cs);
    settle_input_free(&in);
    return ok;
}
