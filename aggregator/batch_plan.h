/*
 * Which pending traces of one pair go into the next batch, and the batch's
 * content-derived id. Pure logic: no Redis, no Kafka.
 *
 * A batch is the longest run of lowest nonces signed by one key (the circuit
 * proves one signer per batch), at most max_batch long. It is sealed when
 * the pair has max_batch pending traces ("full") or its oldest pending trace
 * arrived max_wait_ms ago or earlier ("age").
 */
#ifndef ZKS_AGGREGATOR_BATCH_PLAN_H
#define ZKS_AGGREGATOR_BATCH_PLAN_H

#include "trace_record.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { BATCH_ID_LEN = 32 };

typedef struct {
    trace_record rec;
    uint64_t arrived_ms;
} pending_trace;

typedef struct {
    size_t count;            /* the first `count` entries of the sorted pending array */
    uint8_t id[BATCH_ID_LEN];
    const char *reason;      /* "full" or "age" (static strings, metric label values) */
} batch_plan;

/* Sorts pending by nonce in place. Returns true and fills plan when a batch
 * is due now; false when nothing should be sealed yet (or n == 0). */
bool batch_plan_make(const trace_pair *pair, pending_trace *pending, size_t n, size_t max_batch,
                     uint64_t max_wait_ms, uint64_t now_ms, batch_plan *plan);

/* BLAKE2b-256 over "zks.batch.v1\0" || user || provider || count (u32 BE) ||
 * the 120-byte records in nonce order: the same traces always give the same
 * id, so sealing again after a crash finds the batch it already made. */
void batch_id_compute(const trace_pair *pair, const trace_record *recs, size_t n, uint8_t id[BATCH_ID_LEN]);

#endif
