/* Requests -> witness -> proof for SettleBatch(L) (settle_prove.h). */
#include "circuit/settle_prove.h"

#include "crypto/poseidon.h"
#include "snark/setup.h"
#include "snark/zkey_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void address_to_fr(fr_t *r, const uint8_t a[20])
{
    uint8_t be[32] = {0};
    memcpy(be + 12, a, 20);
    fr_from_bytes_be(r, be); /* < 2^160 < r: cannot fail */
}

static void u128_to_fr(fr_t *r, unsigned __int128 v)
{
    const uint64_t c[4] = {(uint64_t)v, (uint64_t)(v >> 64), 0, 0};
    fr_from_canonical(r, c);
}

static int cmp_nonce(const void *a, const void *b, void *ctx)
{
    const settle_request_t *req = ctx;
    uint64_t x = req[*(const size_t *)a].nonce, y = req[*(const size_t *)b].nonce;
    return x < y ? -1 : x > y;
}

bool settle_input_from_requests(settle_input_t *in, unsigned batch, const settle_request_t *req, size_t n,
                                const eddsa_ctx *ed, char *err, size_t err_len)
{
    memset(in, 0, sizeof *in);
    if (batch < 1 || batch > SETTLE_MAX_BATCH) {
        snprintf(err, err_len, "batch size %u outside 1..%d", batch, SETTLE_MAX_BATCH);
        return false;
    }
    if (n == 0 || n > batch) {
        snprintf(err, err_len, "%zu traces; the batch holds 1..%u", n, batch);
        return false;
    }
    babyjub_point a, q;
    if (!babyjub_unpack(&a, req[0].signer)) {
        snprintf(err, err_len, "trace 0: signer key is not a curve point");
        return false;
    }
    const uint64_t eight[4] = {8, 0, 0, 0};
    babyjub_mul(&q, &a, eight);
    babyjub_point id;
    babyjub_identity(&id);
    if (babyjub_point_eq(&q, &id)) {
        snprintf(err, err_len, "trace 0: signer key has small order");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (memcmp(req[i].user, req[0].user, 20) != 0 || memcmp(req[i].provider, req[0].provider, 20) != 0) {
            snprintf(err, err_len, "trace %zu: user/provider pair differs from trace 0", i);
            return false;
        }
        if (memcmp(req[i].signer, req[0].signer, 32) != 0) {
            snprintf(err, err_len, "trace %zu: signer differs from trace 0", i);
            return false;
        }
        fr_t msg[4], m;
        fr_from_u64(&msg[0], req[i].nonce);
        u128_to_fr(&msg[1], req[i].fee);
        address_to_fr(&msg[2], req[i].user);
        address_to_fr(&msg[3], req[i].provider);
        poseidon_hash(&m, msg, 4);
        if (!eddsa_verify_packed(ed, &m, req[i].signature, req[i].signer)) {
            snprintf(err, err_len, "trace %zu: bad signature", i);
            return false;
        }
    }
    size_t *order = malloc(n * sizeof *order);
    if (!order || !settle_input_alloc(in, batch)) {
        free(order);
        snprintf(err, err_len, "out of memory");
        return false;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    qsort_r(order, n, sizeof *order, cmp_nonce, (void *)req);
    for (size_t i = 1; i < n; i++)
        if (req[order[i]].nonce == req[order[i - 1]].nonce) {
            snprintf(err, err_len, "trace %zu: duplicate nonce %llu (also trace %zu)", order[i],
                     (unsigned long long)req[order[i]].nonce, order[i - 1]);
            free(order);
            settle_input_free(in);
            return false;
        }

    address_to_fr(&in->user, req[0].user);
    address_to_fr(&in->provider, req[0].provider);
    fr_from_bytes_le_reduce(&in->signer0, req[0].signer, 16);
    fr_from_bytes_le_reduce(&in->signer1, req[0].signer + 16, 16);
    for (unsigned i = 0; i < batch; i++) {
        settle_slot_t *s = &in->slot[i];
        if (i < n) {
            const settle_request_t *r = &req[order[i]];
            eddsa_signature sig;
            eddsa_signature_unpack(&sig, r->signature); /* verified above */
            fr_from_u64(&s->nonce, r->nonce);
            u128_to_fr(&s->fee, r->fee);
            fr_set_one(&s->enabled);
            s->r8x = sig.r8.x;
            s->r8y = sig.r8.y;
            fr_from_canonical(&s->s, sig.s);
        } else {
            /* padding repeats the last real nonce, carries no fee and the identity as R8 */
            s->nonce = in->slot[i - 1].nonce;
            fr_set_zero(&s->fee);
            fr_set_zero(&s->enabled);
            fr_set_zero(&s->r8x);
            fr_set_one(&s->r8y);
            fr_set_zero(&s->s);
        }
    }
    settle_input_fill_public(in);
    free(order);
    return true;
}

bool settle_build_r1cs(r1cs_t *out, settle_ctx_t *ctx, unsigned batch)
{
    settle_input_t in;
    if (!settle_input_alloc(&in, batch))
        return false;
    settle_input_dummy(&in);
    cs_t cs;
    cs_init(&cs);
    bool ok = settle_synthesize(&cs, ctx, &in) && cs_take_r1cs(&cs, out);
    cs_free(&cs);
    settle_input_free(&in);
    return ok;
}

typedef struct {
    uint32_t matrix, constraint, signal;
    fr_t value;
} coef_t;

static int cmp_coef(const void *a, const void *b)
{
    const coef_t *x = a, *y = b;
    if (x->matrix != y->matrix)
        return x->matrix < y->matrix ? -1 : 1;
    if (x->constraint != y->constraint)
        return x->constraint < y->constraint ? -1 : 1;
    if (x->signal != y->signal)
        return x->signal < y->signal ? -1 : 1;
    return 0;
}

bool settle_key_matches(const zkey_t *zk, const r1cs_t *r1cs, char *err, size_t err_len)
{
    uint32_t n_pub = r1cs_n_public(r1cs);
    if (zk->n_vars != r1cs->n_wires || zk->n_public != n_pub) {
        snprintf(err, err_len, "key has %u wires and %u public inputs; the circuit %u and %u", zk->n_vars,
                 zk->n_public, r1cs->n_wires, n_pub);
        return false;
    }
    if (zk->log_domain != groth16_domain_log(r1cs)) {
        snprintf(err, err_len, "key domain 2^%u does not fit the circuit's 2^%u", zk->log_domain,
                 groth16_domain_log(r1cs));
        return false;
    }
    uint64_t n_ab = 0;
    for (uint32_t k = 0; k < r1cs->n_constraints; k++)
        for (int m = 0; m < 2; m++) {
            size_t nt;
            r1cs_lc(r1cs, k, m, &nt);
            n_ab += nt;
        }
    uint64_t want_n = n_ab + n_pub + 1;
    if (zk->n_coefs != want_n) {
        snprintf(err, err_len, "key has %u A/B coefficients; the circuit %llu", zk->n_coefs,
                 (unsigned long long)want_n);
        return false;
    }
    coef_t *mine = malloc(want_n * sizeof *mine), *theirs = malloc(want_n * sizeof *theirs);
    if (!mine || !theirs) {
        free(mine);
        free(theirs);
        snprintf(err, err_len, "out of memory");
        return false;
    }
    size_t j = 0;
    for (uint32_t k = 0; k < r1cs->n_constraints; k++)
        for (int m = 0; m < 2; m++) {
            size_t nt;
            const r1cs_term_t *t = r1cs_lc(r1cs, k, m, &nt);
            for (size_t i = 0; i < nt; i++)
                mine[j++] = (coef_t){(uint32_t)m, k, t[i].wire, t[i].coef};
        }
    for (uint32_t s = 0; s <= n_pub; s++) {
        fr_t one;
        fr_set_one(&one);
        mine[j++] = (coef_t){0, r1cs->n_constraints + s, s, one};
    }
    for (uint32_t i = 0; i < zk->n_coefs; i++) {
        const uint8_t *c = zk->coefs + (size_t)i * ZKEY_COEF_BYTES;
        uint32_t f[3];
        memcpy(f, c, 12);
        theirs[i] = (coef_t){f[0], f[1], f[2], {{0}}};
        zkey_coef_decode(&theirs[i].value, c + 12);
    }
    qsort(mine, want_n, sizeof *mine, cmp_coef);
    qsort(theirs, want_n, sizeof *theirs, cmp_coef);
    bool ok = true;
    for (size_t i = 0; i < want_n && ok; i++)
        if (cmp_coef(&mine[i], &theirs[i]) != 0 || !fr_eq(&mine[i].value, &theirs[i].value)) {
            snprintf(err, err_len, "key coefficient (matrix %u, constraint %u, wire %u) differs from the circuit",
                     theirs[i].matrix, theirs[i].constraint, theirs[i].signal);
            ok = false;
        }
    free(mine);
    free(theirs);
    return ok;
}

bool settle_prove(const zkey_t *zk, settle_ctx_t *ctx, const settle_input_t *in, groth16_proof_t *proof,
                  fr_t pub[SETTLE_N_PUBLIC], unsigned threads, char *err, size_t err_len)
{
    cs_t cs;
    cs_init_mode(&cs, CS_WITNESS_ONLY); /* the matrices are in the key */
    bool ok = settle_synthesize(&cs, ctx, in);
    if (!ok) {
        snprintf(err, err_len, "witness generation failed (out of memory)");
    } else if (!cs.satisfied) {
        snprintf(err, err_len, "witness violates constraint %u (%s)", cs.first_failed,
                 cs.first_failed_why ? cs.first_failed_why : "?");
        ok = false;
    } else if (zk->n_vars != cs.n_wires || zk->n_public != SETTLE_N_PUBLIC) {
        snprintf(err, err_len, "proving key is for another circuit (%u wires, SettleBatch(%u) has %u)", zk->n_vars,
                 in->batch, cs.n_wires);
        ok = false;
    } else {
        ok = groth16_prove(zk, cs.w, proof, threads, err, err_len);
    }
    if (ok)
        settle_public_values(in, pub);
    cs_free(&cs);
    return ok;
}
