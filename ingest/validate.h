/*
 * What ingest accepts: signed traces whose EdDSA-Poseidon signature verifies,
 * from the HTTP JSON body or from protobuf on zks.traces.raw.
 *
 * HTTP arrays are all-or-nothing: if any item is rejected, none is published
 * and the answer lists every rejected item; a client fixes and resends the
 * whole request, so a retry never publishes an item twice by accident and
 * nothing is half-written.
 */
#ifndef ZKS_INGEST_VALIDATE_H
#define ZKS_INGEST_VALIDATE_H

#include "trace_record.h"

#include "crypto/eddsa.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    trace_pair pair;
    trace_record rec;
    const char *reason;     /* NULL when valid; else unknown_field, malformed, wrong_provider, bad_signature */
    char message[160];
} ingest_item;

typedef enum { BODY_OK, BODY_BAD_JSON, BODY_EMPTY, BODY_TOO_MANY } body_status;

/* Parses the body (one object or an array of objects, at most max_items) and
 * validates each item: strict request JSON, provider == the token's provider,
 * signature. *items is malloc'd (caller frees), *n its length. On a status
 * other than BODY_OK, message says why. */
body_status ingest_parse_body(const eddsa_ctx *ctx, const char *body, size_t len, const uint8_t provider[20],
                              size_t max_items, ingest_item **items, size_t *n, char *message, size_t msglen);

/* A protobuf SignedTrace from zks.traces.raw. Returns NULL when valid, else the reason code. */
const char *ingest_check_raw(const eddsa_ctx *ctx, const uint8_t *buf, size_t len, trace_pair *pair,
                             trace_record *rec);

/* true when the signature of (pair, rec) verifies. */
bool ingest_signature_ok(const eddsa_ctx *ctx, const trace_pair *pair, const trace_record *rec);

#endif
