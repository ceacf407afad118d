/*
 * Kafka producer: idempotent (enable.idempotence=true), acks=all,
 * partitioner=murmur2_random (the partition a Java or kafkajs client picks for
 * the same key); pass-through properties may override (e.g.
 * max.in.flight.requests.per.connection=1 against the dev broker under faults).
 * A background thread serves delivery reports.
 *
 * Waiting for delivery: a zks_delivery is a countdown the caller owns; every
 * send registered on it decrements it when its delivery report arrives and
 * writes that message's result into the caller's slot. Ingest answers 202
 * only after zks_delivery_wait says every trace of the request is stored.
 *
 *   zks_delivery d; zks_delivery_init(&d);
 *   rd_kafka_resp_err_t res[n];
 *   for (i..n) zks_producer_send(p, topic, key, 40, val, len, &d, &res[i]);
 *   if (zks_delivery_wait(&d, 30000) == 0) ... res[i] == RD_KAFKA_RESP_ERR_NO_ERROR ...
 *   zks_delivery_destroy(&d);   (only after wait returned 0: reports write into d)
 */
#ifndef ZKS_SERVICE_KAFKA_PRODUCER_H
#define ZKS_SERVICE_KAFKA_PRODUCER_H

#include "service/config.h"
#include "service/log.h"
#include "service/metrics.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stddef.h>

typedef struct zks_producer zks_producer;

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t done;
    size_t pending;
    size_t failed;
} zks_delivery;

void zks_delivery_init(zks_delivery *d);
void zks_delivery_destroy(zks_delivery *d);
/* 0 when every registered send has its report (check the slots or d->failed), -1 on timeout (timeout_ms < 0: forever). */
int zks_delivery_wait(zks_delivery *d, int timeout_ms);

/* metrics/log may be NULL. Counts zks_kafka_produce_total{topic,result}. */
zks_producer *zks_producer_new(const zks_config *c, zks_metrics *metrics, const zks_logger *log, char *err, size_t errlen);

/* Enqueues one message (copied). d and result may be NULL (fire and forget; the
 * report still counts in metrics). Returns RD_KAFKA_RESP_ERR_NO_ERROR when
 * queued; any other value means it was not queued and d is not touched. Blocks
 * while the local queue is full. */
rd_kafka_resp_err_t zks_producer_send(zks_producer *p, const char *topic, const void *key, size_t key_len,
                                      const void *value, size_t value_len, zks_delivery *d,
                                      rd_kafka_resp_err_t *result);

/* Sends one message and waits for its delivery report (librdkafka reports every
 * message within message.timeout.ms). Returns the delivery result:
 * RD_KAFKA_RESP_ERR_NO_ERROR once the broker acknowledged it. A failure is logged
 * (WARN) here or in the delivery report, so callers need not log it again. */
rd_kafka_resp_err_t zks_producer_send_confirmed(zks_producer *p, const char *topic, const void *key, size_t key_len,
                                                const void *value, size_t value_len);

/* Waits until every queued message has its report: 0, or -1 on timeout. */
int zks_producer_flush(zks_producer *p, int timeout_ms);
/* Flushes (up to timeout_ms), stops the report thread and frees. */
void zks_producer_free(zks_producer *p, int flush_timeout_ms);
rd_kafka_t *zks_producer_handle(zks_producer *p);

#endif
