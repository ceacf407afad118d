/*
 * Kafka consumer in a group: partition.assignment.strategy=cooperative-sticky
 * (incremental assign/unassign in the rebalance callback),
 * enable.auto.commit=false, enable.auto.offset.store=false. The service marks
 * a message processed with zks_consumer_mark_done() once its side effects are
 * durable (Redis acknowledged, the next message produced), and commits marked
 * offsets with zks_consumer_commit(); at-least-once: after a crash the group
 * resumes after the last commit. Pass-through properties may override any of
 * this (tests set session.timeout.ms=6000, fetch.wait.max.ms=100).
 *
 * Before partitions are revoked, the consumer commits what was marked so far,
 * then calls the optional on_revoke hook (the service drops per-partition state).
 *
 * Lag: every lag-interval-ms (config, default 10000) zks_consumer_poll sets
 * zks_kafka_consumer_lag{group,topic,partition} = high watermark - committed
 * offset for each assigned partition (committed -1 counts from the low watermark).
 *
 * One thread polls a consumer; the message's memory lives until released.
 */
#ifndef ZKS_SERVICE_KAFKA_CONSUMER_H
#define ZKS_SERVICE_KAFKA_CONSUMER_H

#include "service/config.h"
#include "service/log.h"
#include "service/metrics.h"

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct zks_consumer zks_consumer;

typedef struct {
    const char *topic;
    int32_t partition;
    int64_t offset;
    const uint8_t *key;
    size_t key_len;
    const uint8_t *value;
    size_t value_len;
    int64_t timestamp_ms;  /* -1 if none */
    rd_kafka_message_t *raw;
} zks_message;

typedef struct {
    /* Called from zks_consumer_poll's thread after the revoked partitions' marked offsets were committed. */
    void (*on_revoke)(void *ctx, const rd_kafka_topic_partition_list_t *partitions);
    void (*on_assign)(void *ctx, const rd_kafka_topic_partition_list_t *partitions);
    void *ctx;
} zks_consumer_hooks;

/* Subscribes group to topics. hooks, metrics and log may be NULL. */
zks_consumer *zks_consumer_new(const zks_config *c, const char *group, const char *const *topics, size_t topic_count,
                               const zks_consumer_hooks *hooks, zks_metrics *metrics, const zks_logger *log,
                               char *err, size_t errlen);

/* 1: a message in *out (release it), 0: nothing within timeout_ms, -1: a fatal
 * consumer error (logged; the service should exit non-zero). Transient errors
 * (partition EOF, broker transport) are logged and reported as 0. */
int zks_consumer_poll(zks_consumer *c, int timeout_ms, zks_message *out);
void zks_message_release(zks_message *m);

/* Marks m processed: the next commit stores offset m->offset + 1 for its partition. */
int zks_consumer_mark_done(zks_consumer *c, const zks_message *m);
/* Commits the marked offsets (synchronously). 0 ok or nothing to commit, -1 on error (logged once
 * per run of refusals). After a refusal, zks_consumer_poll retries the commit about once a second
 * until it is accepted, so a service that goes quiet right after a rebalance still ends at lag 0. */
int zks_consumer_commit(zks_consumer *c);
/* Refreshes the lag gauges now (normally done by poll every lag interval). */
void zks_consumer_update_lag(zks_consumer *c);

/* Commits, leaves the group (revoking partitions) and frees. Exception: a cooperative member that
 * joined but was never assigned leaves the group and keeps its handle until process exit, since
 * librdkafka 2.0.2 aborts when destroying it (librdkafka#4312). Call it only on the way out. */
void zks_consumer_close(zks_consumer *c);
rd_kafka_t *zks_consumer_handle(zks_consumer *c);

#endif
