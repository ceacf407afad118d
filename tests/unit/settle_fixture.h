/*
 * Test fixture for the settlement circuit: a batch of requests signed with
 * the C EdDSA (crypto/eddsa.h), laid out as settle_input_t, and helpers that
 * synthesise it and check the result with the independent r1cs checker.
 */
#ifndef ZKS_TESTS_SETTLE_FIXTURE_H
#define ZKS_TESTS_SETTLE_FIXTURE_H

#include "circuit/settle_batch.h"
#include "crypto/eddsa.h"
#include "crypto/poseidon.h"
#include "snark/r1cs.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    eddsa_ctx *ed;
    uint8_t prv[32];
    babyjub_point a;
    uint8_t packed[32];
} fixture_key_t;

static inline void fixture_key(fixture_key_t *k, eddsa_ctx *ed, uint8_t seed)
{
    k->ed = ed;
    for (int i = 0; i < 32; i++)
        k->prv[i] = (uint8_t)(seed * 31 + i);
    eddsa_prv2pub(ed, &k->a, k->prv);
    babyjub_pack(k->packed, &k->a);
}

static inline void fixture_u128(fr_t *r, uint64_t hi, uint64_t lo)
{
    const uint64_t c[4] = {lo, hi, 0, 0};
    fr_from_canonical(r, c);
}

/* Signs slot i (nonce, fee already set) for the batch's user/provider with key k. */
static inline void fixture_sign_slot(settle_input_t *in, unsigned i, const fixture_key_t *k)
{
    settle_slot_t *s = &in->slot[i];
    fr_t msg[4] = {s->nonce, s->fee, in->user, in->provider}, m;
    poseidon_hash(&m, msg, 4);
    eddsa_signature sig;
    eddsa_sign(k->ed, &sig, k->prv, &m);
    s->r8x = sig.r8.x;
    s->r8y = sig.r8.y;
    fr_from_canonical(&s->s, sig.s);
}

/* n_real signed requests (nonces 100, 103, 104, ...), then padding up to L. */
static inline void fixture_batch(settle_input_t *in, unsigned L, unsigned n_real, const fixture_key_t *k)
{
    settle_input_alloc(in, L);
    fixture_u128(&in->user, 0x1111222233334444ULL, 0x5555666677778888ULL);
    fixture_u128(&in->provider, 0x99990000aaaabbbbULL, 0xccccddddeeeeffffULL);
    fr_from_bytes_le_reduce(&in->signer0, k->packed, 16);
    fr_from_bytes_le_reduce(&in->signer1, k->packed + 16, 16);
    uint64_t nonce = 100;
    for (unsigned i = 0; i < L; i++) {
        settle_slot_t *s = &in->slot[i];
        if (i < n_real) {
            fr_from_u64(&s->nonce, nonce);
            fixture_u128(&s->fee, i, 1000 + 7 * i);
            fr_set_one(&s->enabled);
            fixture_sign_slot(in, i, k);
            nonce += i == 0 ? 3 : 1;
        } else {
            s->nonce = in->slot[i - 1].nonce;
            fr_set_zero(&s->fee);
            fr_set_zero(&s->enabled);
            fr_set_zero(&s->r8x);
            fr_set_one(&s->r8y);
            fr_set_zero(&s->s);
        }
    }
    settle_input_fill_public(in);
}

typedef struct {
    r1cs_t r1cs;
    fr_t *w;
    uint32_t n_wires;
    bool builder_satisfied;
    const char *builder_failed_why;
} fixture_built_t;

static inline bool fixture_build(fixture_built_t *b, settle_ctx_t *ctx, const settle_input_t *in,
                                 cs_tamper_fn tamper, void *tamper_ctx)
{
    cs_t cs;
    cs_init(&cs);
    cs.tamper = tamper;
    cs.tamper_ctx = tamper_ctx;
    bool ok = settle_synthesize(&cs, ctx, in);
    b->builder_satisfied = cs.satisfied;
    b->builder_failed_why = cs.first_failed_why;
    ok = ok && cs_take_r1cs(&cs, &b->r1cs);
    b->w = cs_take_witness(&cs, &b->n_wires);
    cs_free(&cs);
    return ok;
}

static inline void fixture_built_free(fixture_built_t *b)
{
    r1cs_free(&b->r1cs);
    free(b->w);
}

#endif
