#include "settlement_check.h"

#include "crypto/g1.h"
#include "crypto/g2.h"
#include "snark/groth16_verify.h"
#include "snark/snark_json.h"
#include "zks.pb-c.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

enum { N_PUBLIC = 7, N_PROOF_WORDS = 8 };

static void be_from_u128(uint8_t out[32], unsigned __int128 v)
{
    memset(out, 0, 32);
    for (int i = 31; i >= 16; i--, v >>= 8)
        out[i] = (uint8_t)v;
}

static void be_from_address(uint8_t out[32], const uint8_t addr[20])
{
    memset(out, 0, 12);
    memcpy(out + 12, addr, 20);
}

/* signer0/1: the little-endian integer of 16 bytes of the packed key (DESIGN §3), as a 32-byte big-endian word */
static void be_from_le16(uint8_t out[32], const uint8_t le[16])
{
    memset(out, 0, 16);
    for (int i = 0; i < 16; i++)
        out[31 - i] = le[i];
}

static bool bytes_field(const ProtobufCBinaryData *b, size_t n)
{
    return b->len == n && b->data != NULL;
}

static bool proof_from_words(groth16_proof_t *p, const ProtobufCBinaryData *w)
{
    uint8_t g1[64], g2[128];
    memcpy(g1, w[0].data, 32);
    memcpy(g1 + 32, w[1].data, 32);
    if (!g1_from_eip196(&p->a, g1))
        return false;
    /* words 2..5 are x.c1, x.c0, y.c1, y.c0: exactly EIP-197's order */
    for (int i = 0; i < 4; i++)
        memcpy(g2 + 32 * i, w[2 + i].data, 32);
    if (!g2_from_eip197(&p->b, g2))
        return false;
    memcpy(g1, w[6].data, 32);
    memcpy(g1 + 32, w[7].data, 32);
    return g1_from_eip196(&p->c, g1);
}

static void dump_snarkjs(lg_ledger *l, const char *dir, const uint8_t id[32], const groth16_proof_t *proof,
                         const fr_t *pub)
{
    char hex[65], path[4096], err[256];
    sodium_bin2hex(hex, sizeof hex, id, 32);
    json_t *pj = groth16_proof_to_json(proof), *uj = groth16_public_to_json(pub, N_PUBLIC);
    snprintf(path, sizeof path, "%s/%s.proof.json", dir, hex);
    bool ok = pj != NULL && uj != NULL && snark_json_save(pj, path, err, sizeof err);
    snprintf(path, sizeof path, "%s/%s.public.json", dir, hex);
    ok = ok && snark_json_save(uj, path, err, sizeof err);
    if (!ok)
        ledger_violation(l, "cannot write %s", path);
    json_decref(pj);
    json_decref(uj);
}

void check_settlement(lg_ledger *l, lg_population *pop, const groth16_vkey_t *vk, const uint8_t *buf, size_t len,
                      int64_t seen_ms, const char *dump_dir)
{
    Zks__V1__Settlement *s = zks__v1__settlement__unpack(NULL, len, buf);
    if (s == NULL) {
        ledger_violation(l, "a settlement record does not decode (%zu bytes)", len);
        return;
    }
    bool shape = s->version == 1 && bytes_field(&s->batch_id, 32) && bytes_field(&s->user, 20) &&
                 bytes_field(&s->provider, 20) && s->n_public_inputs == N_PUBLIC && s->n_proof_words == N_PROOF_WORDS;
    for (size_t i = 0; shape && i < N_PUBLIC; i++)
        shape = bytes_field(&s->public_inputs[i], 32);
    for (size_t i = 0; shape && i < N_PROOF_WORDS; i++)
        shape = bytes_field(&s->proof_words[i], 32);
    if (!shape) {
        ledger_violation(l, "a settlement has the wrong shape (version %u, %zu inputs, %zu proof words)", s->version,
                         s->n_public_inputs, s->n_proof_words);
        goto out;
    }
    if (!ledger_add_batch(l, s->batch_id.data)) {
        l->redeliveries++;
        goto out;
    }
    lg_pair *pair = population_find_pair(pop, s->user.data, s->provider.data);
    if (pair == NULL) {
        ledger_violation(l, "a settlement names a pair this run never sent");
        goto out;
    }
    /* the accepted traces of this pair between initNonce and finalNonce, from what we sent */
    uint8_t word[32];
    uint64_t init = 0, final = 0;
    for (int i = 24; i < 32; i++) {
        init = init << 8 | s->public_inputs[2].data[i];
        final = final << 8 | s->public_inputs[3].data[i];
    }
    size_t covered = 0, first = SIZE_MAX;
    unsigned __int128 fees = 0;
    uint64_t first_nonce = 0, last_nonce = 0;
    for (size_t k = 0; k < pair->count; k++) {
        lg_trace *t = &pop->traces[pair->first + k];
        if (!t->accepted || t->nonce < init || t->nonce > final)
            continue;
        if (first == SIZE_MAX) {
            first = k;
            first_nonce = t->nonce;
        }
        last_nonce = t->nonce;
        covered++;
        fees += t->fee;
    }
    const lg_user *user = &pop->users[pair->user];
    bool inputs_ok = covered > 0 && covered == s->count && first_nonce == init && last_nonce == final;
    be_from_address(word, user->address);
    inputs_ok = inputs_ok && memcmp(word, s->public_inputs[0].data, 32) == 0;
    be_from_address(word, pop->providers[pair->provider].address);
    inputs_ok = inputs_ok && memcmp(word, s->public_inputs[1].data, 32) == 0;
    be_from_u128(word, init);
    inputs_ok = inputs_ok && memcmp(word, s->public_inputs[2].data, 32) == 0;
    be_from_u128(word, final);
    inputs_ok = inputs_ok && memcmp(word, s->public_inputs[3].data, 32) == 0;
    be_from_u128(word, fees);
    inputs_ok = inputs_ok && memcmp(word, s->public_inputs[4].data, 32) == 0;
    be_from_le16(word, user->pub);
    inputs_ok = inputs_ok && memcmp(word, s->public_inputs[5].data, 32) == 0;
    be_from_le16(word, user->pub + 16);
    inputs_ok = inputs_ok && memcmp(word, s->public_inputs[6].data, 32) == 0;
    if (!inputs_ok) {
        ledger_violation(l, "settlement for nonces %llu..%llu (count %u): public inputs differ from the %zu traces sent",
                         (unsigned long long)init, (unsigned long long)final, s->count, covered);
        goto out;
    }
    fr_t pub[N_PUBLIC];
    groth16_proof_t proof;
    bool pub_ok = true;
    for (size_t i = 0; i < N_PUBLIC; i++)
        pub_ok = pub_ok && fr_from_bytes_be(&pub[i], s->public_inputs[i].data);
    if (!pub_ok || !proof_from_words(&proof, s->proof_words) || !groth16_verify(vk, pub, &proof)) {
        /* still counted as covering its traces below, so the run ends (and fails) without waiting for the timeout */
        ledger_violation(l, "settlement for nonces %llu..%llu: the proof does not verify", (unsigned long long)init,
                         (unsigned long long)final);
    } else {
        l->proofs_verified++;
        if (dump_dir != NULL)
            dump_snarkjs(l, dump_dir, s->batch_id.data, &proof, pub);
    }
    l->settled_traces += covered;
    l->settled_fees += fees;
    for (size_t k = first; k < pair->count; k++) {
        lg_trace *t = &pop->traces[pair->first + k];
        if (!t->accepted || t->nonce > final)
            continue;
        if (t->settlements++ == 0)
            t->settled_ms = seen_ms;
    }
out:
    zks__v1__settlement__free_unpacked(s, NULL);
}

void check_dlq(lg_ledger *l, const lg_population *pop, lg_probes *probes, const uint8_t *buf, size_t len)
{
    l->dlq_records++;
    Zks__V1__DlqRecord *d = zks__v1__dlq_record__unpack(NULL, len, buf);
    if (d == NULL) {
        ledger_violation(l, "a DLQ record does not decode (%zu bytes)", len);
        return;
    }
    for (size_t i = 0; i < probes->count; i++) {
        lg_probe *pr = &probes->items[i];
        if (pr->via_raw && pr->payload_len == d->payload.len && memcmp(pr->payload, d->payload.data, d->payload.len) == 0) {
            pr->rejected = d->reason != NULL && strcmp(d->reason, pr->dlq_reason) == 0;
            snprintf(pr->got, sizeof pr->got, "DLQ reason %s from %s", d->reason ? d->reason : "(none)",
                     d->service ? d->service : "(unknown)");
            goto out;
        }
    }
    /* not a probe: it must not be one of the traces we counted as accepted */
    Zks__V1__SignedTrace *t = zks__v1__signed_trace__unpack(NULL, d->payload.len, d->payload.data);
    if (t != NULL && t->user.len == 20 && t->provider.len == 20) {
        const lg_pair *pair = population_find_pair(pop, t->user.data, t->provider.data);
        for (size_t k = 0; pair != NULL && k < pair->count; k++) {
            const lg_trace *tr = &pop->traces[pair->first + k];
            if (tr->accepted && tr->nonce == t->nonce)
                ledger_violation(l, "accepted trace nonce %llu went to the DLQ: %s (%s)", (unsigned long long)t->nonce,
                                 d->reason ? d->reason : "", d->message ? d->message : "");
        }
    }
    if (t != NULL)
        zks__v1__signed_trace__free_unpacked(t, NULL);
out:
    zks__v1__dlq_record__free_unpacked(d, NULL);
}
