/*
 * The Redis layout of pending traces and sealed batches (DESIGN §6), shared by
 * the aggregator (adds, seals, announces) and the worker (loads, marks proved).
 *
 * Every key of one pair carries the pair's hash tag T = {<user hex>:<provider hex>},
 * so each script touches one Redis Cluster slot:
 *   zks:T:pending      HASH  nonce20 -> 120-byte record (trace_record.h)
 *   zks:T:arrivals     ZSET  nonce20, score = arrival ms (age-based sealing)
 *   zks:T:seen         HASH  nonce20 -> record of sealed traces (dedup of re-deliveries)
 *   zks:T:seen_at      ZSET  nonce20, score = sealed ms (bounds `seen`)
 *   zks:T:wm           STRING nonce20 of the last sealed batch's final nonce
 *   zks:T:meta         HASH  part = Kafka partition the pair's traces came from
 *   zks:T:batch:<id>   HASH  state sealed|announced|proved, traces (records concatenated),
 *                            count, first, final, sealed_at, reason, announced_at,
 *                            settlement, proved_at
 *   zks:T:sealed       SET   ids of batches sealed but not yet announced
 *   zks:T:batches      ZSET  id, score = sealed ms
 * plus one key per Kafka partition that is NOT pair-scoped and so is written by
 * a separate command after the pair's script; it is only a hint for age-based
 * sealing (recovery scans the pair keys themselves):
 *   zks:part:<topic>:<partition>:pairs  ZSET pair tag, score = oldest pending arrival ms
 *
 * nonce20 is the nonce as 20 zero-padded decimal digits, so string order is nonce order.
 * Calls return 0 on success and -1 on a Redis failure (message in batch_store_error);
 * every script is idempotent, so the client may retry it after a reconnect.
 */
#ifndef ZKS_AGGREGATOR_BATCH_STORE_H
#define ZKS_AGGREGATOR_BATCH_STORE_H

#include "batch_plan.h"
#include "trace_record.h"

#include "service/redis_client.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct batch_store batch_store;

/* Uses (does not own) the service's Redis client, which reconnects with backoff
 * and falls back from EVALSHA to EVAL. NULL when out of memory. */
batch_store *batch_store_new(zks_redis *redis);
void batch_store_free(batch_store *bs);
const char *batch_store_error(const batch_store *bs);

typedef enum { ADD_STORED, ADD_DUPLICATE, ADD_CONFLICT, ADD_REPLAY } add_result;
const char *add_result_name(add_result r); /* stored | duplicate | conflict | replay */

typedef struct {
    long long pending;    /* traces pending for the pair after the call */
    long long oldest_ms;  /* arrival of the oldest pending trace, -1 if none */
} pair_summary;

int batch_store_add(batch_store *bs, const trace_pair *pair, const trace_record *rec, uint64_t now_ms,
                    int partition, add_result *result, pair_summary *summary);

/* All pending traces of a pair (malloc'd array, caller frees; *n may be 0). */
int batch_store_read_pending(batch_store *bs, const trace_pair *pair, pending_trace **out, size_t *n);

typedef enum { SEAL_SEALED, SEAL_EXISTS, SEAL_STALE } seal_result;

/* Seals the first plan->count entries of pending (sorted by batch_plan_make) as batch plan->id.
 * retention_ms: how long the dedup memory of sealed traces is kept. */
int batch_store_seal(batch_store *bs, const trace_pair *pair, const pending_trace *pending, const batch_plan *plan,
                     uint64_t now_ms, uint64_t retention_ms, seal_result *result, pair_summary *summary);

/* Ids of the pair's batches sealed but not announced (malloc'd, caller frees). */
int batch_store_unannounced(batch_store *bs, const trace_pair *pair, uint8_t (**ids)[BATCH_ID_LEN], size_t *n);

/* state_out (may be NULL) receives "announced", "proved" or "missing". */
int batch_store_mark_announced(batch_store *bs, const trace_pair *pair, const uint8_t id[BATCH_ID_LEN],
                               uint64_t now_ms, char state_out[16]);

typedef struct {
    char state[16];            /* sealed | announced | proved */
    char reason[8];            /* full | age */
    trace_record *traces;      /* count records in nonce order */
    size_t count;
    uint64_t sealed_at_ms;
    uint8_t *settlement;       /* NULL unless proved */
    size_t settlement_len;
} stored_batch;

/* 0 and *found = false when the batch does not exist. Free with stored_batch_free. */
int batch_store_load(batch_store *bs, const trace_pair *pair, const uint8_t id[BATCH_ID_LEN], stored_batch *out,
                     bool *found);
void stored_batch_free(stored_batch *b);

typedef enum { PROVED_NOW, PROVED_ALREADY, PROVED_MISSING } proved_result;
int batch_store_mark_proved(batch_store *bs, const trace_pair *pair, const uint8_t id[BATCH_ID_LEN],
                            const uint8_t *settlement, size_t len, uint64_t now_ms, long ttl_s,
                            proved_result *result);

/* The partition hint index: records the pair's oldest pending arrival, or drops it when none is pending. */
int batch_store_index_update(batch_store *bs, const char *topic, int partition, const trace_pair *pair,
                             const pair_summary *summary);
/* Pairs of a partition whose oldest pending trace arrived at or before before_ms (at most limit). */
int batch_store_index_due(batch_store *bs, const char *topic, int partition, uint64_t before_ms, size_t limit,
                          trace_pair **pairs, size_t *n);

/* Recovery: every pair that has pending traces or unannounced batches, found by
 * SCAN over the pair keys (so a stale or lost hint index does not matter). */
int batch_store_scan_pairs(batch_store *bs, trace_pair **pairs, size_t *n);

/* The partition recorded for the pair by its last add (-1 if unknown). */
int batch_store_pair_partition(batch_store *bs, const trace_pair *pair, int *partition);

#endif
