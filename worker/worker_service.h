/*
 * The worker's work on one zks.batches record (a BatchAnnouncement), run on
 * the consumer thread:
 *   load the batch from Redis;
 *   proved already -> re-publish the stored Settlement (never re-prove);
 *   else traces -> witness -> Groth16 proof with the mapped key, verify the
 *   proof ourselves, publish the Settlement on zks.settlements (key = pair,
 *   broker-confirmed), mark the batch proved storing the Settlement.
 * A record that can never succeed (undecodable announcement, batch gone,
 * traces the circuit refuses, a proof that does not verify) goes to the DLQ
 * with a reason and is done, so one poison batch cannot stall a partition.
 */
#ifndef ZKS_WORKER_WORKER_SERVICE_H
#define ZKS_WORKER_WORKER_SERVICE_H

#include "batch_store.h"

#include "circuit/settle_prove.h"
#include "crypto/eddsa.h"
#include "service/kafka_config.h"
#include "service/kafka_consumer.h"
#include "service/kafka_producer.h"
#include "service/log.h"
#include "service/metrics.h"
#include "snark/groth16.h"
#include "snark/zkey.h"

#include <stdint.h>

typedef struct {
    batch_store *store;
    zks_producer *producer;
    zks_metrics *metrics;
    const zks_logger *log;
    zks_topics topics;
    const zkey_t *zkey;            /* memory-mapped once at start-up */
    const groth16_vkey_t *vkey;    /* from the same key, for self-verification */
    settle_ctx_t *settle;          /* synthesis caches */
    const eddsa_ctx *eddsa;
    unsigned batch_size;           /* L of the key */
    unsigned threads;              /* prover threads, 0 = all cores */
    long proved_ttl_s;             /* how long a proved batch (and its settlement) is kept */
    const char *key_id;
    const char *instance;
} worker;

typedef enum { WORKER_DONE, WORKER_RETRY } worker_outcome;

/* DONE: the record's effects are durable (commit its offset). RETRY: Redis or
 * Kafka failed; handle the same record again later. */
worker_outcome worker_handle(worker *w, const zks_message *m, uint64_t now_ms);

#endif
