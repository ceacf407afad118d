#include "request_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/request_hash.h"
#include "hex.h"
#include "util/err.h"

static const char *const FIELDS[] = {"nonce", "fee", "user", "provider", "signer", "signature"};
enum { F_NONCE, F_FEE, F_USER, F_PROVIDER, F_SIGNER, F_SIGNATURE, N_FIELDS };

static bool field_string(const json_t *obj, int f, const char **out, char *err, size_t err_len)
{
    const json_t *v = json_object_get(obj, FIELDS[f]);
    if (!v)
        return zks_fail(err, err_len, "missing field \"%s\"", FIELDS[f]);
    if (!json_is_string(v))
        return zks_fail(err, err_len, "field \"%s\" must be a string", FIELDS[f]);
    *out = json_string_value(v);
    if (strlen(*out) != json_string_length(v))
        return zks_fail(err, err_len, "field \"%s\" contains a NUL character", FIELDS[f]);
    return true;
}

static bool field_hex(const json_t *obj, int f, uint8_t *out, size_t n, char *err, size_t err_len)
{
    const char *s = NULL;
    if (!field_string(obj, f, &s, err, err_len))
        return false;
    if (!hex_decode_0x(out, n, s))
        return zks_fail(err, err_len, "field \"%s\" must be 0x followed by %zu hex digits", FIELDS[f], 2 * n);
    return true;
}

bool zks_request_from_json(zks_request *r, const json_t *obj, zks_request_form form, char *err, size_t err_len)
{
    if (!json_is_object(obj))
        return zks_fail(err, err_len, "a request must be a JSON object");
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)obj, key, value) {
        bool known = false;
        for (int f = 0; f < N_FIELDS; f++)
            known |= strcmp(key, FIELDS[f]) == 0;
        if (!known)
            return zks_fail(err, err_len, "unknown field \"%.64s\"", key);
    }
    const bool has_signer = json_object_get(obj, FIELDS[F_SIGNER]) != NULL;
    const bool has_sig = json_object_get(obj, FIELDS[F_SIGNATURE]) != NULL;
    bool want_signed;
    switch (form) {
    case ZKS_REQUEST_UNSIGNED:
        if (has_signer || has_sig)
            return zks_fail(err, err_len, "unexpected field \"%s\" in an unsigned request",
                        has_signer ? FIELDS[F_SIGNER] : FIELDS[F_SIGNATURE]);
        want_signed = false;
        break;
    case ZKS_REQUEST_SIGNED:
        want_signed = true;
        break;
    default:
        want_signed = has_signer || has_sig;
        break;
    }

    zks_request out;
    memset(&out, 0, sizeof out);
    const char *s = NULL;
    dec_status st;
    if (!field_string(obj, F_NONCE, &s, err, err_len))
        return false;
    if ((st = dec_parse_u64(&out.nonce, s)) != DEC_OK)
        return zks_fail(err, err_len, "field \"nonce\": %s (a decimal string below 2^64)", dec_status_text(st));
    if (!field_string(obj, F_FEE, &s, err, err_len))
        return false;
    if ((st = dec_parse_u128(&out.fee, s)) != DEC_OK)
        return zks_fail(err, err_len, "field \"fee\": %s (a decimal string below 2^128)", dec_status_text(st));
    if (!field_hex(obj, F_USER, out.user, ZKS_ADDRESS_BYTES, err, err_len) ||
        !field_hex(obj, F_PROVIDER, out.provider, ZKS_ADDRESS_BYTES, err, err_len))
        return false;
    if (want_signed) {
        if (!field_hex(obj, F_SIGNER, out.signer, EDDSA_PUBLIC_KEY_BYTES, err, err_len) ||
            !field_hex(obj, F_SIGNATURE, out.signature, EDDSA_SIGNATURE_BYTES, err, err_len))
            return false;
        out.is_signed = true;
    }
    *r = out;
    return true;
}

bool zks_request_parse(zks_request *r, const char *text, size_t len, zks_request_form form, char *err,
                       size_t err_len)
{
    json_error_t jerr;
    json_t *obj = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj)
        return zks_fail(err, err_len, "invalid JSON at line %d column %d: %s", jerr.line, jerr.column, jerr.text);
    bool ok = zks_request_from_json(r, obj, form, err, err_len);
    json_decref(obj);
    return ok;
}

json_t *zks_request_to_json(const zks_request *r)
{
    char dec[40], hex[2 * EDDSA_SIGNATURE_BYTES + 3];
    json_t *obj = json_object();
    if (!obj)
        return NULL;
    int bad = 0;
    dec_format_u64(dec, r->nonce);
    bad |= json_object_set_new(obj, "nonce", json_string(dec));
    dec_format_u128(dec, r->fee);
    bad |= json_object_set_new(obj, "fee", json_string(dec));
    hex_encode_0x(hex, r->user, ZKS_ADDRESS_BYTES);
    bad |= json_object_set_new(obj, "user", json_string(hex));
    hex_encode_0x(hex, r->provider, ZKS_ADDRESS_BYTES);
    bad |= json_object_set_new(obj, "provider", json_string(hex));
    if (r->is_signed) {
        hex_encode_0x(hex, r->signer, EDDSA_PUBLIC_KEY_BYTES);
        bad |= json_object_set_new(obj, "signer", json_string(hex));
        hex_encode_0x(hex, r->signature, EDDSA_SIGNATURE_BYTES);
        bad |= json_object_set_new(obj, "signature", json_string(hex));
    }
    if (bad) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

char *zks_request_print(const zks_request *r)
{
    json_t *obj = zks_request_to_json(r);
    if (!obj)
        return NULL;
    char *text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(obj);
    return text;
}

void zks_request_hash(fr_t *m, const zks_request *r)
{
    request_hash(m, r->nonce, r->fee, r->user, r->provider);
}

void zks_request_sign(const eddsa_ctx *ctx, zks_request *r, const uint8_t prv[EDDSA_PRIVATE_KEY_BYTES])
{
    fr_t m;
    eddsa_signature sig;
    zks_request_hash(&m, r);
    eddsa_sign(ctx, &sig, prv, &m);
    eddsa_signature_pack(r->signature, &sig);
    eddsa_prv2pub_packed(ctx, r->signer, prv);
    r->is_signed = true;
}

bool zks_request_verify(const eddsa_ctx *ctx, const zks_request *r)
{
    if (!r->is_signed)
        return false;
    fr_t m;
    zks_request_hash(&m, r);
    return eddsa_verify_packed(ctx, &m, r->signature, r->signer);
}
