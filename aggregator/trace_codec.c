#include "trace_codec.h"

#include "zks.pb-c.h"

#include <stdlib.h>
#include <string.h>

static bool width_ok(const ProtobufCBinaryData *b, size_t want) { return b->len == want && b->data != NULL; }

const char *trace_decode(const uint8_t *buf, size_t len, trace_pair *pair, trace_record *rec)
{
    Zks__V1__SignedTrace *t = zks__v1__signed_trace__unpack(NULL, len, buf);
    if (t == NULL)
        return "truncated_protobuf";
    const char *reason = NULL;
    if (t->version != 1)
        reason = "unsupported_version";
    else if (!width_ok(&t->user, TRACE_ADDRESS_LEN) || !width_ok(&t->provider, TRACE_ADDRESS_LEN) ||
             !width_ok(&t->signer, 32) || !width_ok(&t->signature, 64))
        reason = "malformed";
    if (reason == NULL) {
        memcpy(pair->user, t->user.data, TRACE_ADDRESS_LEN);
        memcpy(pair->provider, t->provider.data, TRACE_ADDRESS_LEN);
        rec->nonce = t->nonce;
        for (int i = 0; i < 8; i++) {
            rec->fee[i] = (uint8_t)(t->fee_hi >> (56 - 8 * i));
            rec->fee[8 + i] = (uint8_t)(t->fee_lo >> (56 - 8 * i));
        }
        memcpy(rec->signer, t->signer.data, 32);
        memcpy(rec->signature, t->signature.data, 64);
    }
    zks__v1__signed_trace__free_unpacked(t, NULL);
    return reason;
}

uint8_t *trace_encode(const trace_pair *pair, const trace_record *rec, uint64_t received_at_ms, int source,
                      size_t *len)
{
    Zks__V1__SignedTrace t = ZKS__V1__SIGNED_TRACE__INIT;
    uint8_t user[20], provider[20], signer[32], signature[64];
    memcpy(user, pair->user, 20);
    memcpy(provider, pair->provider, 20);
    memcpy(signer, rec->signer, 32);
    memcpy(signature, rec->signature, 64);
    t.version = 1;
    t.nonce = rec->nonce;
    for (int i = 0; i < 8; i++) {
        t.fee_hi = (t.fee_hi << 8) | rec->fee[i];
        t.fee_lo = (t.fee_lo << 8) | rec->fee[8 + i];
    }
    t.user = (ProtobufCBinaryData){sizeof user, user};
    t.provider = (ProtobufCBinaryData){sizeof provider, provider};
    t.signer = (ProtobufCBinaryData){sizeof signer, signer};
    t.signature = (ProtobufCBinaryData){sizeof signature, signature};
    t.received_at_ms = received_at_ms;
    t.source = (Zks__V1__SignedTrace__Source)source;
    *len = zks__v1__signed_trace__get_packed_size(&t);
    uint8_t *out = malloc(*len ? *len : 1);
    if (out != NULL)
        zks__v1__signed_trace__pack(&t, out);
    return out;
}
