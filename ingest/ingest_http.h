/* POST /v1/traces: authenticate, validate, publish to zks.traces, answer after delivery. */
#ifndef ZKS_INGEST_INGEST_HTTP_H
#define ZKS_INGEST_INGEST_HTTP_H

#include "tokens.h"

#include "crypto/eddsa.h"
#include "service/http_server.h"
#include "service/kafka_producer.h"
#include "service/metrics.h"

typedef struct {
    const token_table *tokens;
    const eddsa_ctx *eddsa;
    zks_producer *producer;
    zks_metrics *metrics;
    const char *topic;           /* zks.traces */
    size_t max_items;
} ingest_http_ctx;

/* zks_http_handler for POST /v1/traces. Codes: 202 all published (after Kafka
 * confirmed each), 400 bad JSON or any rejected item (nothing published; body
 * {"accepted":0,"rejected":[{"index":i,"reason":r,"message":m}...]}), 401
 * missing/unknown bearer token, 403 an item names another provider, 413 body
 * too large (server), 415 not application/json, 503 Kafka did not confirm
 * (librdkafka reports every message within message.timeout.ms, which main
 * bounds, so the wait for delivery reports always ends). */
void ingest_post_traces(void *ctx, const zks_http_request *req, zks_http_response *resp);

#endif
