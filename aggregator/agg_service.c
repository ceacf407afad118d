#include "agg_service.h"

#include "service/dlq.h"

#include "batch_plan.h"
#include "trace_codec.h"
#include "zks.pb-c.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void log_pair(const aggregator *a, zks_log_level level, const char *msg, const trace_pair *pair,
                     const char *detail)
{
    char tag[TRACE_PAIR_TAG_LEN + 1];
    trace_pair_tag(pair, tag);
    zks_log(a->log, level, msg, ZKS_LF_STR("pair", tag), ZKS_LF_STR("detail", detail));
}

static int send_dlq(aggregator *a, const zks_message *m, const char *reason, const char *message, uint64_t now_ms)
{
    size_t len;
    uint8_t *buf = zks_dlq_encode(m, "aggregator", reason, message, now_ms, &len);
    if (buf == NULL)
        return -1;
    int rc = zks_producer_send_confirmed(a->producer, a->topics.dlq, m->key, m->key_len, buf, len) ? -1 : 0;
    free(buf);
    if (rc == 0)
        zks_metric_inc(a->metrics, ZKS_M_DLQ_RECORDS_TOTAL, ZKS_LABELS(reason));
    return rc;
}

static int announce(aggregator *a, const trace_pair *pair, const uint8_t id[BATCH_ID_LEN], uint64_t now_ms)
{
    stored_batch b;
    bool found;
    if (batch_store_load(a->store, pair, id, &b, &found) != 0)
        return -1;
    if (!found || strcmp(b.state, "sealed") != 0) {
        /* expired, or announced/proved by an earlier run: just clear the to-do entry */
        stored_batch_free(&b);
        return batch_store_mark_announced(a->store, pair, id, now_ms, NULL);
    }
    char tag[TRACE_PAIR_TAG_LEN + 1], hex[2 * BATCH_ID_LEN + 1], redis_key[TRACE_PAIR_TAG_LEN + 2 * BATCH_ID_LEN + 16];
    trace_pair_tag(pair, tag);
    trace_hex(id, BATCH_ID_LEN, hex);
    snprintf(redis_key, sizeof redis_key, "zks:%s:batch:%s", tag, hex);
    uint8_t idc[BATCH_ID_LEN], user[20], provider[20];
    memcpy(idc, id, sizeof idc);
    memcpy(user, pair->user, 20);
    memcpy(provider, pair->provider, 20);
    Zks__V1__BatchAnnouncement ann = ZKS__V1__BATCH_ANNOUNCEMENT__INIT;
    ann.version = 1;
    ann.batch_id = (ProtobufCBinaryData){sizeof idc, idc};
    ann.user = (ProtobufCBinaryData){20, user};
    ann.provider = (ProtobufCBinaryData){20, provider};
    ann.count = (uint32_t)b.count;
    ann.first_nonce = b.traces[0].nonce;
    ann.final_nonce = b.traces[b.count - 1].nonce;
    ann.sealed_at_ms = b.sealed_at_ms;
    ann.redis_key = redis_key;
    ann.seal_reason = b.reason;
    size_t len = zks__v1__batch_announcement__get_packed_size(&ann);
    uint8_t *buf = malloc(len ? len : 1);
    int rc = -1;
    if (buf != NULL) {
        zks__v1__batch_announcement__pack(&ann, buf);
        uint8_t key[TRACE_PAIR_KEY_LEN];
        trace_pair_key(pair, key);
        rc = zks_producer_send_confirmed(a->producer, a->topics.batches, key, sizeof key, buf, len) ? -1 : 0;
        if (rc == 0)
            rc = batch_store_mark_announced(a->store, pair, id, now_ms, NULL);
        if (rc == 0)
            zks_log(a->log, ZKS_LOG_INFO, "batch announced", ZKS_LF_STR("pair", tag), ZKS_LF_STR("batch", hex),
                    ZKS_LF_UINT("count", b.count), ZKS_LF_UINT("first", ann.first_nonce),
                    ZKS_LF_UINT("final", ann.final_nonce));
    }
    free(buf);
    stored_batch_free(&b);
    return rc;
}

/* Announces every sealed, unannounced batch of the pair. A failure leaves the
 * batch in the pair's `sealed` set for the next recovery pass. */
static int announce_pending(aggregator *a, const trace_pair *pair, uint64_t now_ms)
{
    uint8_t (*ids)[BATCH_ID_LEN];
    size_t n;
    if (batch_store_unannounced(a->store, pair, &ids, &n) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = announce(a, pair, ids[i], now_ms);
    free(ids);
    return rc;
}

/* Seals the pair's due batches (full or aged), announces them and refreshes the
 * partition hint. Returns 0, or -1 when Redis failed (nothing half-done: the
 * seal script is atomic and re-running it is a no-op). */
static int seal_due(aggregator *a, const trace_pair *pair, int partition, uint64_t now_ms)
{
    pair_summary summary = {0, -1};
    bool have_summary = false;
    for (int round = 0; round < 1000; round++) {
        pending_trace *pending;
        size_t n;
        if (batch_store_read_pending(a->store, pair, &pending, &n) != 0)
            return -1;
        batch_plan plan;
        bool due = batch_plan_make(pair, pending, n, a->batch_size, a->max_wait_ms, now_ms, &plan);
        if (!due) {
            if (!have_summary) {
                summary.pending = (long long)n;
                summary.oldest_ms = -1;
                for (size_t i = 0; i < n; i++)
                    if (summary.oldest_ms < 0 || (long long)pending[i].arrived_ms < summary.oldest_ms)
                        summary.oldest_ms = (long long)pending[i].arrived_ms;
                have_summary = true;
            }
            free(pending);
            break;
        }
        seal_result result;
        int rc = batch_store_seal(a->store, pair, pending, &plan, now_ms, a->dedup_retention_ms, &result, &summary);
        free(pending);
        if (rc != 0)
            return -1;
        have_summary = true;
        if (result == SEAL_SEALED) {
            zks_metric_inc(a->metrics, ZKS_M_AGGREGATOR_BATCHES_SEALED_TOTAL, ZKS_LABELS(plan.reason));
            char hex[2 * BATCH_ID_LEN + 1];
            trace_hex(plan.id, BATCH_ID_LEN, hex);
            log_pair(a, ZKS_LOG_INFO, "batch sealed", pair, hex);
        }
    }
    announce_pending(a, pair, now_ms); /* failures are retried by recovery */
    if (partition >= 0 && have_summary &&
        batch_store_index_update(a->store, a->topics.traces, partition, pair, &summary) != 0)
        return -1;
    return 0;
}

agg_outcome aggregator_handle(aggregator *a, const zks_message *m, uint64_t now_ms)
{
    trace_pair pair;
    trace_record rec;
    const char *reason = trace_decode(m->value, m->value_len, &pair, &rec);
    const char *detail = "the record is not a valid SignedTrace";
    if (reason == NULL) {
        trace_pair key_pair;
        if (!trace_pair_from_key(m->key, m->key_len, &key_pair) || memcmp(&key_pair, &pair, sizeof pair) != 0) {
            reason = "key_mismatch";
            detail = "the Kafka key is not user||provider of the trace";
        }
    }
    if (reason != NULL) {
        zks_metric_inc(a->metrics, ZKS_M_AGGREGATOR_TRACES_TOTAL, ZKS_LABELS("invalid"));
        return send_dlq(a, m, reason, detail, now_ms) == 0 ? AGG_DONE : AGG_RETRY;
    }

    add_result result;
    pair_summary summary;
    if (batch_store_add(a->store, &pair, &rec, now_ms, m->partition, &result, &summary) != 0) {
        zks_log(a->log, ZKS_LOG_WARN, "redis add failed", ZKS_LF_STR("error", batch_store_error(a->store)));
        return AGG_RETRY;
    }
    zks_metric_inc(a->metrics, ZKS_M_AGGREGATOR_TRACES_TOTAL, ZKS_LABELS(add_result_name(result)));
    if (result == ADD_CONFLICT || result == ADD_REPLAY) {
        char msg[96];
        snprintf(msg, sizeof msg, "nonce %" PRIu64 " %s", rec.nonce,
                 result == ADD_CONFLICT ? "already taken by a different trace" : "is at or below the sealed watermark");
        return send_dlq(a, m, add_result_name(result), msg, now_ms) == 0 ? AGG_DONE : AGG_RETRY;
    }
    if ((size_t)summary.pending >= a->batch_size)
        return seal_due(a, &pair, m->partition, now_ms) == 0 ? AGG_DONE : AGG_RETRY;
    /* the hint is not pair-scoped: a separate command after the pair's script */
    if (result == ADD_STORED && batch_store_index_update(a->store, a->topics.traces, m->partition, &pair, &summary) != 0)
        return AGG_RETRY;
    return AGG_DONE;
}

/* zks_aggregator_pending_traces and _oldest_pending_age_seconds over the
 * partitions this instance owns, from the partition hint index (every pair with
 * pending traces) and each pair's pending hash. It reads the pending records,
 * so main calls it on the sweep cadence, and at most GAUGE_PAIR_LIMIT pairs a
 * partition are counted (the gauges then read low rather than stall the loop). */
enum { GAUGE_PAIR_LIMIT = 1024 };

void aggregator_update_gauges(aggregator *a, uint64_t now_ms)
{
    long long pending = 0;
    uint64_t oldest = now_ms;
    for (size_t i = 0; i < a->partition_count; i++) {
        trace_pair *pairs;
        size_t n;
        if (batch_store_index_due(a->store, a->topics.traces, a->partitions[i], now_ms, GAUGE_PAIR_LIMIT, &pairs, &n) != 0)
            return; /* Redis down: keep the last values */
        for (size_t j = 0; j < n; j++) {
            pending_trace *pt;
            size_t m;
            if (batch_store_read_pending(a->store, &pairs[j], &pt, &m) != 0)
                break;
            pending += (long long)m;
            for (size_t k = 0; k < m; k++)
                if (pt[k].arrived_ms < oldest)
                    oldest = pt[k].arrived_ms;
            free(pt);
        }
        free(pairs);
    }
    zks_metric_set(a->metrics, ZKS_M_AGGREGATOR_PENDING_TRACES, NULL, (double)pending);
    zks_metric_set(a->metrics, ZKS_M_AGGREGATOR_OLDEST_PENDING_AGE_SECONDS, NULL,
                   pending > 0 ? (double)(now_ms - oldest) / 1000.0 : 0.0);
}

void aggregator_sweep(aggregator *a, uint64_t now_ms)
{
    if (now_ms < a->max_wait_ms)
        return;
    for (size_t i = 0; i < a->partition_count; i++) {
        trace_pair *pairs;
        size_t n;
        if (batch_store_index_due(a->store, a->topics.traces, a->partitions[i], now_ms - a->max_wait_ms, 256, &pairs,
                                  &n) != 0)
            return;
        for (size_t j = 0; j < n; j++)
            if (seal_due(a, &pairs[j], a->partitions[i], now_ms) != 0)
                break;
        free(pairs);
    }
}

int aggregator_recover(aggregator *a, uint64_t now_ms)
{
    trace_pair *pairs;
    size_t n;
    if (batch_store_scan_pairs(a->store, &pairs, &n) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int partition = -1;
        rc = batch_store_pair_partition(a->store, &pairs[i], &partition);
        if (rc == 0)
            rc = seal_due(a, &pairs[i], partition, now_ms);
    }
    free(pairs);
    if (n > 0)
        zks_log(a->log, ZKS_LOG_INFO, "recovery pass", ZKS_LF_UINT("pairs", n), ZKS_LF_INT("ok", rc == 0));
    return rc;
}

static bool own_topic(const aggregator *a, const char *topic) { return strcmp(topic, a->topics.traces) == 0; }

void aggregator_on_assign(void *ctx, const rd_kafka_topic_partition_list_t *parts)
{
    aggregator *a = ctx;
    for (int i = 0; i < parts->cnt; i++) {
        if (!own_topic(a, parts->elems[i].topic) || a->partition_count == AGG_MAX_PARTITIONS)
            continue;
        bool known = false;
        for (size_t j = 0; j < a->partition_count && !known; j++)
            known = a->partitions[j] == parts->elems[i].partition;
        if (!known)
            a->partitions[a->partition_count++] = parts->elems[i].partition;
    }
}

void aggregator_on_revoke(void *ctx, const rd_kafka_topic_partition_list_t *parts)
{
    aggregator *a = ctx;
    for (int i = 0; i < parts->cnt; i++) {
        if (!own_topic(a, parts->elems[i].topic))
            continue;
        for (size_t j = 0; j < a->partition_count; j++)
            if (a->partitions[j] == parts->elems[i].partition) {
                a->partitions[j] = a->partitions[--a->partition_count];
                break;
            }
    }
}
