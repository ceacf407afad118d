/*
 * The JSON forms of a request (DESIGN §3), parsed strictly and printed
 * canonically:
 *
 *   request:        {"nonce":"<dec u64>","fee":"<dec u128>",
 *                    "user":"0x<40 hex>","provider":"0x<40 hex>"}
 *   signed request: the same plus "signer":"0x<64 hex>" (packed public key)
 *                   and "signature":"0x<128 hex>" (packPoint(R8) || S LE)
 *
 * Numbers are decimal strings only (a JSON number is refused, so no value is
 * silently rounded), hex is 0x-prefixed of exact length in either case,
 * unknown and duplicate fields are refused. Every refusal comes with a
 * one-line reason naming the field.
 */
#ifndef ZKS_WIRE_REQUEST_JSON_H
#define ZKS_WIRE_REQUEST_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/eddsa.h"
#include "crypto/fr.h"

#define ZKS_ADDRESS_BYTES 20

typedef struct {
    uint64_t nonce;
    unsigned __int128 fee;
    uint8_t user[ZKS_ADDRESS_BYTES];
    uint8_t provider[ZKS_ADDRESS_BYTES];
    bool is_signed; /* signer and signature are meaningful */
    uint8_t signer[EDDSA_PUBLIC_KEY_BYTES];  /* packed public key */
    uint8_t signature[EDDSA_SIGNATURE_BYTES]; /* packPoint(R8) || S little-endian */
} zks_request;

typedef enum {
    ZKS_REQUEST_UNSIGNED, /* the four request fields only */
    ZKS_REQUEST_SIGNED,   /* the four plus signer and signature */
    ZKS_REQUEST_ANY,      /* either; is_signed tells which */
} zks_request_form;

/* Reasons are written to err (NUL-terminated, truncated to err_len) when err is not NULL. */
bool zks_request_from_json(zks_request *r, const json_t *obj, zks_request_form form, char *err, size_t err_len);
/* One JSON object as text (len bytes, need not be NUL-terminated); trailing garbage is refused. */
bool zks_request_parse(zks_request *r, const char *text, size_t len, zks_request_form form, char *err,
                       size_t err_len);

/* A new JSON object (caller owns the reference); signer and signature are included when is_signed. NULL on OOM. */
json_t *zks_request_to_json(const zks_request *r);
/* Compact JSON text, keys in the order above; caller frees. NULL on OOM. */
char *zks_request_print(const zks_request *r);

/* m = Poseidon(nonce, fee, user, provider): the message the user signs. */
void zks_request_hash(fr_t *m, const zks_request *r);
/* Signs with prv: sets signer, signature and is_signed. */
void zks_request_sign(const eddsa_ctx *ctx, zks_request *r, const uint8_t prv[EDDSA_PRIVATE_KEY_BYTES]);
/* true when is_signed and the signature verifies under signer. */
bool zks_request_verify(const eddsa_ctx *ctx, const zks_request *r);

#endif
