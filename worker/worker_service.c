#include "worker_service.h"

#include "service/dlq.h"

#include "settlement.h"

#include "snark/groth16_verify.h"
#include "zks.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* A record that can never be settled: DLQ it (payload = the announcement) and count it. */
static worker_outcome poison(worker *w, const zks_message *m, const char *reason, const char *message, uint64_t now_ms)
{
    size_t len;
    uint8_t *buf = zks_dlq_encode(m, "worker", reason, message, now_ms, &len);
    if (buf == NULL)
        return WORKER_RETRY;
    int rc = zks_producer_send_confirmed(w->producer, w->topics.dlq, m->key, m->key_len, buf, len) ? -1 : 0;
    free(buf);
    if (rc != 0)
        return WORKER_RETRY;
    zks_log(w->log, ZKS_LOG_WARN, "batch sent to the DLQ", ZKS_LF_STR("reason", reason), ZKS_LF_STR("detail", message),
            ZKS_LF_INT("partition", m->partition), ZKS_LF_INT("offset", m->offset));
    zks_metric_inc(w->metrics, ZKS_M_DLQ_RECORDS_TOTAL, ZKS_LABELS(reason));
    zks_metric_inc(w->metrics, ZKS_M_WORKER_PROOFS_TOTAL, ZKS_LABELS("failed"));
    return WORKER_DONE;
}

static void request_from_record(settle_request_t *q, const trace_pair *pair, const trace_record *rec)
{
    q->nonce = rec->nonce;
    q->fee = 0;
    for (int i = 0; i < 16; i++)
        q->fee = (q->fee << 8) | rec->fee[i];
    memcpy(q->user, pair->user, 20);
    memcpy(q->provider, pair->provider, 20);
    memcpy(q->signer, rec->signer, 32);
    memcpy(q->signature, rec->signature, 64);
}

/* Proves the batch. 0 with proof and pub, else -1 with a reason in err (the batch is unprovable). */
static int prove_batch(worker *w, const trace_pair *pair, const stored_batch *b, groth16_proof_t *proof,
                       fr_t pub[SETTLE_N_PUBLIC], char *err, size_t errlen)
{
    settle_request_t *req = calloc(b->count ? b->count : 1, sizeof *req);
    if (req == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < b->count; i++)
        request_from_record(&req[i], pair, &b->traces[i]);
    settle_input_t in;
    int rc = -1;
    if (settle_input_from_requests(&in, w->batch_size, req, b->count, w->eddsa, err, errlen)) {
        if (settle_prove(w->zkey, w->settle, &in, proof, pub, w->threads, err, errlen))
            rc = groth16_verify(w->vkey, pub, proof) ? 0 : (snprintf(err, errlen, "the proof does not verify"), -1);
        settle_input_free(&in);
    }
    free(req);
    return rc;
}

static worker_outcome publish_settlement(worker *w, const trace_pair *pair, const uint8_t *buf, size_t len)
{
    uint8_t key[TRACE_PAIR_KEY_LEN];
    trace_pair_key(pair, key);
    if (zks_producer_send_confirmed(w->producer, w->topics.settlements, key, sizeof key, buf, len))
        return WORKER_RETRY;
    zks_metric_inc(w->metrics, ZKS_M_SETTLEMENTS_PUBLISHED_TOTAL, NULL);
    return WORKER_DONE;
}

worker_outcome worker_handle(worker *w, const zks_message *m, uint64_t now_ms)
{
    Zks__V1__BatchAnnouncement *ann = zks__v1__batch_announcement__unpack(NULL, m->value_len, m->value);
    if (ann == NULL)
        return poison(w, m, "truncated_protobuf", "the record is not a BatchAnnouncement", now_ms);
    trace_pair pair;
    uint8_t id[BATCH_ID_LEN];
    bool shape = ann->version == 1 && ann->batch_id.len == BATCH_ID_LEN && ann->user.len == TRACE_ADDRESS_LEN &&
                 ann->provider.len == TRACE_ADDRESS_LEN;
    if (shape) {
        memcpy(id, ann->batch_id.data, BATCH_ID_LEN);
        memcpy(pair.user, ann->user.data, TRACE_ADDRESS_LEN);
        memcpy(pair.provider, ann->provider.data, TRACE_ADDRESS_LEN);
    }
    zks__v1__batch_announcement__free_unpacked(ann, NULL);
    if (!shape)
        return poison(w, m, "malformed", "announcement version or field widths are wrong", now_ms);

    char hex[2 * BATCH_ID_LEN + 1];
    trace_hex(id, BATCH_ID_LEN, hex);
    stored_batch b;
    bool found;
    if (batch_store_load(w->store, &pair, id, &b, &found) != 0) {
        zks_log(w->log, ZKS_LOG_WARN, "redis load failed", ZKS_LF_STR("error", batch_store_error(w->store)));
        return WORKER_RETRY;
    }
    if (!found)
        return poison(w, m, "batch_missing", "the announced batch is not in Redis (expired or lost)", now_ms);

    worker_outcome out;
    if (strcmp(b.state, "proved") == 0 && b.settlement != NULL) {
        /* A re-delivery after the batch was proved: the stored settlement, byte for byte. */
        out = publish_settlement(w, &pair, b.settlement, b.settlement_len);
        if (out == WORKER_DONE) {
            zks_metric_inc(w->metrics, ZKS_M_WORKER_PROOFS_TOTAL, ZKS_LABELS("republished"));
            zks_log(w->log, ZKS_LOG_INFO, "settlement re-published", ZKS_LF_STR("batch", hex));
        }
        stored_batch_free(&b);
        return out;
    }
    if (b.count == 0 || b.count > w->batch_size) {
        char msg[96];
        snprintf(msg, sizeof msg, "batch of %zu traces for a key of L = %u", b.count, w->batch_size);
        stored_batch_free(&b);
        return poison(w, m, "unprovable", msg, now_ms);
    }

    groth16_proof_t proof;
    fr_t pub[SETTLE_N_PUBLIC];
    char err[256] = "";
    uint64_t t0 = mono_ms();
    int rc = prove_batch(w, &pair, &b, &proof, pub, err, sizeof err);
    uint64_t took = mono_ms() - t0;
    if (rc != 0) {
        stored_batch_free(&b);
        return poison(w, m, "unprovable", err, now_ms);
    }
    zks_metric_observe(w->metrics, ZKS_M_WORKER_PROOF_DURATION_SECONDS, NULL, (double)took / 1000.0);

    settlement_info info = {id, &pair, (uint32_t)b.count, b.sealed_at_ms, now_ms + took, took, w->key_id, w->instance};
    size_t len;
    uint8_t *buf = settlement_encode(&info, &proof, pub, &len);
    out = buf ? publish_settlement(w, &pair, buf, len) : WORKER_RETRY;
    if (out == WORKER_DONE) {
        proved_result pr;
        if (batch_store_mark_proved(w->store, &pair, id, buf, len, now_ms + took, w->proved_ttl_s, &pr) != 0) {
            /* Published but not recorded: the retry proves and publishes again (same batch_id; consumers dedup). */
            zks_log(w->log, ZKS_LOG_WARN, "redis mark proved failed", ZKS_LF_STR("error", batch_store_error(w->store)));
            out = WORKER_RETRY;
        } else {
            zks_metric_inc(w->metrics, ZKS_M_WORKER_PROOFS_TOTAL, ZKS_LABELS("ok"));
            if (now_ms + took >= b.sealed_at_ms)
                zks_metric_observe(w->metrics, ZKS_M_WORKER_BATCH_AGE_SECONDS, NULL,
                                   (double)(now_ms + took - b.sealed_at_ms) / 1000.0);
            zks_log(w->log, ZKS_LOG_INFO, "batch proved", ZKS_LF_STR("batch", hex), ZKS_LF_UINT("count", b.count),
                    ZKS_LF_UINT("prove_ms", took),
                    ZKS_LF_STR("mark", pr == PROVED_NOW ? "proved" : pr == PROVED_ALREADY ? "already" : "missing"));
        }
    }
    free(buf);
    stored_batch_free(&b);
    return out;
}
