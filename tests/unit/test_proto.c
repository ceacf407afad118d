/*
 * zks.proto field numbers are a wire contract: the bytes protobuf-c writes for
 * a SignedTrace equal bytes assembled here by hand from the protobuf encoding
 * rules (https://protobuf.dev/programming-guides/encoding/: tag = field << 3 |
 * wire type, varints little-endian base 128, proto3 omits defaults). Unknown
 * fields are skipped; truncated input is rejected.
 */
#include "check.h"
#include "zks.pb-c.h"

#include <stdlib.h>
#include <string.h>

CHECK_MAIN_STATE

static size_t put_bytes_field(uint8_t *out, unsigned field, uint8_t fill, size_t len)
{
    out[0] = (uint8_t)(field << 3 | 2);
    out[1] = (uint8_t)len;
    memset(out + 2, fill, len);
    return len + 2;
}

int main(void)
{
    uint8_t user[20], provider[20], signer[32], sig[64];
    memset(user, 0x11, sizeof user);
    memset(provider, 0x22, sizeof provider);
    memset(signer, 0x33, sizeof signer);
    memset(sig, 0x44, sizeof sig);
    Zks__V1__SignedTrace t = ZKS__V1__SIGNED_TRACE__INIT;
    t.version = 1;
    t.nonce = 300;
    t.fee_lo = 5;
    t.user = (ProtobufCBinaryData){sizeof user, user};
    t.provider = (ProtobufCBinaryData){sizeof provider, provider};
    t.signer = (ProtobufCBinaryData){sizeof signer, signer};
    t.signature = (ProtobufCBinaryData){sizeof sig, sig};
    t.received_at_ms = 1;
    t.source = ZKS__V1__SIGNED_TRACE__SOURCE__SOURCE_HTTP;

    uint8_t want[256];
    size_t n = 0;
    const uint8_t head[] = {0x08, 0x01, 0x10, 0xAC, 0x02, 0x18, 0x05}; /* version 1, nonce 300, fee_lo 5 */
    memcpy(want, head, sizeof head);
    n += sizeof head;
    n += put_bytes_field(want + n, 5, 0x11, 20);
    n += put_bytes_field(want + n, 6, 0x22, 20);
    n += put_bytes_field(want + n, 7, 0x33, 32);
    n += put_bytes_field(want + n, 8, 0x44, 64);
    const uint8_t tail[] = {0x48, 0x01, 0x50, 0x01}; /* received_at_ms 1, source HTTP */
    memcpy(want + n, tail, sizeof tail);
    n += sizeof tail;

    size_t len = zks__v1__signed_trace__get_packed_size(&t);
    CHECK_MSG(len == n, "packed %zu bytes, want %zu", len, n);
    uint8_t got[256];
    if (len <= sizeof got) {
        zks__v1__signed_trace__pack(&t, got);
        CHECK(memcmp(got, want, n) == 0);
    }

    /* an unknown field 99 (varint) from a newer writer is skipped */
    uint8_t newer[260];
    memcpy(newer, want, n);
    newer[n] = 0x98; /* 99 << 3 | 0 = 792 = 0x98 0x06 */
    newer[n + 1] = 0x06;
    newer[n + 2] = 0x07;
    Zks__V1__SignedTrace *back = zks__v1__signed_trace__unpack(NULL, n + 3, newer);
    CHECK(back != NULL);
    if (back) {
        CHECK(back->nonce == 300 && back->fee_lo == 5 && back->fee_hi == 0 && back->version == 1);
        CHECK(back->user.len == 20 && memcmp(back->user.data, user, 20) == 0);
        CHECK(back->signature.len == 64 && memcmp(back->signature.data, sig, 64) == 0);
        CHECK(back->source == ZKS__V1__SIGNED_TRACE__SOURCE__SOURCE_HTTP);
        zks__v1__signed_trace__free_unpacked(back, NULL);
    }
    /* truncated inside the signature: rejected */
    CHECK(zks__v1__signed_trace__unpack(NULL, n - 10, want) == NULL);

    /* Settlement: seven 32-byte public inputs and eight proof words survive a round trip */
    uint8_t words[15][32];
    ProtobufCBinaryData inputs[7], proof[8];
    for (int i = 0; i < 15; i++) {
        memset(words[i], i + 1, 32);
        if (i < 7)
            inputs[i] = (ProtobufCBinaryData){32, words[i]};
        else
            proof[i - 7] = (ProtobufCBinaryData){32, words[i]};
    }
    Zks__V1__Settlement s = ZKS__V1__SETTLEMENT__INIT;
    s.version = 1;
    s.n_public_inputs = 7;
    s.public_inputs = inputs;
    s.n_proof_words = 8;
    s.proof_words = proof;
    s.key_id = "dev";
    size_t slen = zks__v1__settlement__get_packed_size(&s);
    uint8_t *buf = malloc(slen);
    zks__v1__settlement__pack(&s, buf);
    Zks__V1__Settlement *sb = zks__v1__settlement__unpack(NULL, slen, buf);
    CHECK(sb && sb->n_public_inputs == 7 && sb->n_proof_words == 8 && strcmp(sb->key_id, "dev") == 0);
    if (sb) {
        CHECK(memcmp(sb->public_inputs[6].data, words[6], 32) == 0 && memcmp(sb->proof_words[7].data, words[14], 32) == 0);
        zks__v1__settlement__free_unpacked(sb, NULL);
    }
    free(buf);
    return CHECK_EXIT();
}
