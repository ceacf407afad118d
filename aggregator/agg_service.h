/*
 * The aggregator's work, driven by main's loop: one trace at a time from
 * zks.traces into Redis, sealing and announcing batches, the age sweep and
 * crash recovery. Everything here runs on the consumer thread.
 */
#ifndef ZKS_AGGREGATOR_AGG_SERVICE_H
#define ZKS_AGGREGATOR_AGG_SERVICE_H

#include "batch_store.h"

#include "service/kafka_config.h"
#include "service/kafka_consumer.h"
#include "service/kafka_producer.h"
#include "service/log.h"
#include "service/metrics.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { AGG_MAX_PARTITIONS = 1024 };

typedef struct {
    batch_store *store;
    zks_producer *producer;
    zks_metrics *metrics;
    const zks_logger *log;
    zks_topics topics;
    size_t batch_size;          /* L */
    uint64_t max_wait_ms;
    uint64_t dedup_retention_ms;
    int delivery_timeout_ms;
    /* partitions of the traces topic this instance owns (age sweep), kept by the rebalance hooks */
    int32_t partitions[AGG_MAX_PARTITIONS];
    size_t partition_count;
} aggregator;

/* Outcome of one message: its offset may be committed (side effects durable),
 * or the message must be retried later (Redis or Kafka unavailable). */
typedef enum { AGG_DONE, AGG_RETRY } agg_outcome;

agg_outcome aggregator_handle(aggregator *a, const zks_message *m, uint64_t now_ms);

/* Seals every due batch of the partitions this instance owns (age-based sealing). */
void aggregator_sweep(aggregator *a, uint64_t now_ms);

/* Sets the pending-traces and oldest-pending-age gauges for the owned partitions. */
void aggregator_update_gauges(aggregator *a, uint64_t now_ms);

/* Crash recovery: scans Redis for pairs with pending traces or sealed batches
 * not yet announced; seals what is due and announces. 0, or -1 if Redis failed. */
int aggregator_recover(aggregator *a, uint64_t now_ms);

/* Rebalance hooks (zks_consumer_hooks) keeping a->partitions. */
void aggregator_on_assign(void *ctx, const rd_kafka_topic_partition_list_t *parts);
void aggregator_on_revoke(void *ctx, const rd_kafka_topic_partition_list_t *parts);

#endif
