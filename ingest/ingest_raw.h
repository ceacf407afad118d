/*
 * The zks.traces.raw consumer: providers publishing protobuf SignedTrace directly.
 *
 * Records are handled in batches: up to max_batch messages are gathered (what
 * the consumer has within gather_ms of the first), verified (on up to
 * verify_threads threads, the calling one included), and every outcome is
 * queued at once: valid traces to zks.traces (key user||provider), rejects as
 * a DlqRecord to the DLQ. The batch then waits once for all delivery reports;
 * an output the broker did not confirm is re-sent (duplicates are harmless:
 * the aggregator dedups on (pair, nonce, signature)). Offsets are marked done
 * only when every output of the batch is confirmed, so a commit never covers
 * a record whose outcome is not durable (at-least-once, nothing lost).
 */
#ifndef ZKS_INGEST_INGEST_RAW_H
#define ZKS_INGEST_INGEST_RAW_H

#include "crypto/eddsa.h"
#include "service/kafka_config.h"
#include "service/kafka_consumer.h"
#include "service/kafka_producer.h"
#include "service/metrics.h"
#include "service/shutdown.h"

#include <stddef.h>

typedef struct {
    const eddsa_ctx *eddsa;
    zks_producer *producer;
    zks_metrics *metrics;      /* may be NULL */
    const zks_topics *topics;
    size_t max_batch;          /* most records per batch (>= 1) */
    int gather_ms;             /* how long to wait for more records after the first of a batch */
    unsigned verify_threads;   /* threads verifying one batch, the caller's included (>= 1) */
} ingest_raw_options;

typedef struct ingest_raw ingest_raw;

/* NULL when out of memory. The options' pointers must outlive the returned object. */
ingest_raw *ingest_raw_new(const ingest_raw_options *opt);
void ingest_raw_free(ingest_raw *r);

/* Polls one batch (waiting up to poll_ms for its first record), publishes every
 * outcome, and marks the batch's offsets done once all are confirmed (re-sending
 * unconfirmed outputs every retry_ms until then, or until stop is requested: then
 * nothing of the batch is marked). The caller commits marked offsets.
 * Returns the number of records marked done, or -1 on a fatal consumer error. */
long ingest_raw_step(ingest_raw *r, zks_consumer *consumer, zks_shutdown *stop, int poll_ms, int retry_ms);

#endif
