#include "validate.h"

#include "trace_codec.h"

#include "wire/request_json.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void request_from(zks_request *q, const trace_pair *pair, const trace_record *rec)
{
    memset(q, 0, sizeof *q);
    q->nonce = rec->nonce;
    q->fee = 0;
    for (int i = 0; i < 16; i++)
        q->fee = (q->fee << 8) | rec->fee[i];
    memcpy(q->user, pair->user, 20);
    memcpy(q->provider, pair->provider, 20);
    q->is_signed = true;
    memcpy(q->signer, rec->signer, 32);
    memcpy(q->signature, rec->signature, 64);
}

bool ingest_signature_ok(const eddsa_ctx *ctx, const trace_pair *pair, const trace_record *rec)
{
    zks_request q;
    request_from(&q, pair, rec);
    return zks_request_verify(ctx, &q);
}

static void item_from_request(ingest_item *it, const zks_request *q)
{
    memcpy(it->pair.user, q->user, 20);
    memcpy(it->pair.provider, q->provider, 20);
    it->rec.nonce = q->nonce;
    unsigned __int128 fee = q->fee;
    for (int i = 15; i >= 0; i--) {
        it->rec.fee[i] = (uint8_t)fee;
        fee >>= 8;
    }
    memcpy(it->rec.signer, q->signer, 32);
    memcpy(it->rec.signature, q->signature, 64);
}

/* The fields of a signed request (wire/request_json.h). An unknown one gets its own
 * reason so that a client sending a newer or misspelt schema sees exactly that. */
static const char *const SIGNED_FIELDS[] = {"nonce", "fee", "user", "provider", "signer", "signature"};

static const char *unknown_field(const json_t *obj)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        bool known = false;
        for (size_t i = 0; i < sizeof SIGNED_FIELDS / sizeof SIGNED_FIELDS[0] && !known; i++)
            known = strcmp(key, SIGNED_FIELDS[i]) == 0;
        if (!known)
            return key;
    }
    return NULL;
}

static void check_item(const eddsa_ctx *ctx, const json_t *obj, const uint8_t provider[20], ingest_item *it)
{
    zks_request q;
    char err[160];
    memset(it, 0, sizeof *it);
    const char *extra = json_is_object(obj) ? unknown_field(obj) : NULL;
    if (extra != NULL) {
        it->reason = "unknown_field";
        snprintf(it->message, sizeof it->message, "unknown field \"%.100s\"", extra);
        return;
    }
    if (!zks_request_from_json(&q, obj, ZKS_REQUEST_SIGNED, err, sizeof err)) {
        it->reason = "malformed";
        snprintf(it->message, sizeof it->message, "%s", err);
        return;
    }
    item_from_request(it, &q);
    if (memcmp(q.provider, provider, 20) != 0) {
        it->reason = "wrong_provider";
        snprintf(it->message, sizeof it->message, "provider is not the token's provider");
        return;
    }
    if (!zks_request_verify(ctx, &q)) {
        it->reason = "bad_signature";
        snprintf(it->message, sizeof it->message, "signature does not verify under signer");
    }
}

body_status ingest_parse_body(const eddsa_ctx *ctx, const char *body, size_t len, const uint8_t provider[20],
                              size_t max_items, ingest_item **items, size_t *n, char *message, size_t msglen)
{
    *items = NULL;
    *n = 0;
    json_error_t jerr;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        snprintf(message, msglen, "invalid JSON at line %d column %d: %s", jerr.line, jerr.column, jerr.text);
        return BODY_BAD_JSON;
    }
    size_t count = json_is_array(root) ? json_array_size(root) : 1;
    body_status st = BODY_OK;
    if (!json_is_array(root) && !json_is_object(root)) {
        snprintf(message, msglen, "expected a signed trace object or an array of them");
        st = BODY_BAD_JSON;
    } else if (count == 0) {
        snprintf(message, msglen, "empty array");
        st = BODY_EMPTY;
    } else if (count > max_items) {
        snprintf(message, msglen, "%zu items, at most %zu per request", count, max_items);
        st = BODY_TOO_MANY;
    } else if ((*items = calloc(count, sizeof **items)) == NULL) {
        snprintf(message, msglen, "out of memory");
        st = BODY_BAD_JSON;
    } else {
        for (size_t i = 0; i < count; i++)
            check_item(ctx, json_is_array(root) ? json_array_get(root, i) : root, provider, &(*items)[i]);
        *n = count;
    }
    json_decref(root);
    return st;
}

const char *ingest_check_raw(const eddsa_ctx *ctx, const uint8_t *buf, size_t len, trace_pair *pair,
                             trace_record *rec)
{
    const char *reason = trace_decode(buf, len, pair, rec);
    if (reason != NULL)
        return reason;
    return ingest_signature_ok(ctx, pair, rec) ? NULL : "bad_signature";
}
