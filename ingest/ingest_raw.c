/* Batched zks.traces.raw consumer: gather, verify in parallel, publish, wait once, mark; see ingest_raw.h. */
#include "ingest_raw.h"

#include "service/dlq.h"

#include "trace_codec.h"
#include "validate.h"
#include "zks.pb-c.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Below this many records a batch is verified on the calling thread alone:
 * starting threads would cost more than it saves. */
#define PARALLEL_MIN_RECORDS 8

/* One raw record and its outcome, kept until the outcome is confirmed. */
typedef struct {
    zks_message msg;
    const char *reason;   /* NULL: valid trace, published to zks.traces; else the DLQ reason */
    uint8_t key[TRACE_PAIR_KEY_LEN];
    uint8_t *out;         /* the encoded trace or DlqRecord, kept for re-sends */
    size_t out_len;
    rd_kafka_resp_err_t result;
    bool confirmed;
} raw_slot;

struct ingest_raw {
    ingest_raw_options opt;
    raw_slot *slots;      /* opt.max_batch of them, reused batch after batch */
    pthread_t *threads;   /* opt.verify_threads - 1 helpers, started per batch */
};

/* Shared by the threads verifying one batch: each claims the next unclaimed record. */
typedef struct {
    const ingest_raw *r;
    raw_slot *slots;
    size_t n;
    atomic_size_t next;
} verify_job;

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Verifies one record and encodes its output (NULL out when out of memory: the send then fails and is retried). */
static void check_slot(const ingest_raw *r, raw_slot *s)
{
    trace_pair pair;
    trace_record rec;
    s->reason = ingest_check_raw(r->opt.eddsa, s->msg.value, s->msg.value_len, &pair, &rec);
    if (s->reason == NULL) {
        trace_pair_key(&pair, s->key);
        s->out = trace_encode(&pair, &rec, now_ms(), 2 /* SOURCE_KAFKA */, &s->out_len);
    } else {
        s->out = zks_dlq_encode(&s->msg, "ingest", s->reason, "rejected by ingest", now_ms(), &s->out_len);
    }
}

static void *verify_worker(void *arg)
{
    verify_job *job = arg;
    for (size_t i; (i = atomic_fetch_add(&job->next, 1)) < job->n;)
        check_slot(job->r, &job->slots[i]);
    return NULL;
}

static void verify_batch(ingest_raw *r, size_t n)
{
    verify_job job = {r, r->slots, n, 0};
    size_t helpers = n >= PARALLEL_MIN_RECORDS ? r->opt.verify_threads - 1 : 0, started = 0;
    /* A helper that cannot start only costs speed: the calling thread claims its records. */
    while (started < helpers && pthread_create(&r->threads[started], NULL, verify_worker, &job) == 0)
        started++;
    verify_worker(&job);
    for (size_t i = 0; i < started; i++)
        pthread_join(r->threads[i], NULL);
}

/* Queues every unconfirmed output and waits for all their reports. true when all are confirmed. */
static bool publish_pending(ingest_raw *r, size_t n)
{
    zks_delivery d;
    zks_delivery_init(&d);
    for (size_t i = 0; i < n; i++) {
        raw_slot *s = &r->slots[i];
        if (s->confirmed)
            continue;
        if (s->out == NULL)
            check_slot(r, s); /* its encoding ran out of memory last time */
        if (s->out == NULL) {
            s->result = RD_KAFKA_RESP_ERR__FAIL;
            continue;
        }
        const char *topic = s->reason == NULL ? r->opt.topics->traces : r->opt.topics->dlq;
        const void *key = s->reason == NULL ? (const void *)s->key : (const void *)s->msg.key;
        size_t key_len = s->reason == NULL ? sizeof s->key : s->msg.key_len;
        /* A send that was not queued writes its error into s->result and leaves d alone. */
        zks_producer_send(r->opt.producer, topic, key, key_len, s->out, s->out_len, &d, &s->result);
    }
    /* Reports write into d and the slots: wait for every one before touching either. */
    zks_delivery_wait(&d, -1);
    zks_delivery_destroy(&d);
    bool all = true;
    for (size_t i = 0; i < n; i++) {
        raw_slot *s = &r->slots[i];
        if (s->confirmed)
            continue;
        s->confirmed = s->result == RD_KAFKA_RESP_ERR_NO_ERROR;
        all &= s->confirmed;
        if (s->confirmed && s->reason == NULL) {
            zks_metric_inc(r->opt.metrics, ZKS_M_INGEST_TRACES_TOTAL, ZKS_LABELS("kafka", "accepted", ""));
        } else if (s->confirmed) {
            zks_metric_inc(r->opt.metrics, ZKS_M_INGEST_TRACES_TOTAL, ZKS_LABELS("kafka", "rejected", s->reason));
            zks_metric_inc(r->opt.metrics, ZKS_M_DLQ_RECORDS_TOTAL, ZKS_LABELS(s->reason));
        }
    }
    return all;
}

/* Marks the batch done: per partition its highest offset (every lower one of the batch is confirmed too). */
static void mark_batch(zks_consumer *consumer, raw_slot *slots, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        bool later = false;
        for (size_t j = i + 1; j < n && !later; j++)
            later = slots[j].msg.partition == slots[i].msg.partition && strcmp(slots[j].msg.topic, slots[i].msg.topic) == 0 &&
                    slots[j].msg.offset >= slots[i].msg.offset;
        if (!later)
            zks_consumer_mark_done(consumer, &slots[i].msg);
    }
}

static void release_batch(raw_slot *slots, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        zks_message_release(&slots[i].msg);
        free(slots[i].out);
        memset(&slots[i], 0, sizeof slots[i]);
    }
}

/* Fills slots with what the consumer has: the first record within poll_ms, more within gather_ms of it.
 * Returns the count, or -1 on a fatal consumer error (nothing kept). */
static long gather(ingest_raw *r, zks_consumer *consumer, int poll_ms)
{
    int got = zks_consumer_poll(consumer, poll_ms, &r->slots[0].msg);
    if (got <= 0)
        return got;
    size_t n = 1;
    long long deadline = mono_ms() + r->opt.gather_ms;
    while (n < r->opt.max_batch) {
        long long left = deadline - mono_ms();
        got = zks_consumer_poll(consumer, left > 0 ? (int)left : 0, &r->slots[n].msg);
        if (got < 0) {
            release_batch(r->slots, n);
            return -1;
        }
        if (got == 1)
            n++;
        else if (left <= 0)
            break;
    }
    return (long)n;
}

long ingest_raw_step(ingest_raw *r, zks_consumer *consumer, zks_shutdown *stop, int poll_ms, int retry_ms)
{
    long n = gather(r, consumer, poll_ms);
    if (n <= 0)
        return n;
    verify_batch(r, (size_t)n);
    bool durable = publish_pending(r, (size_t)n);
    while (!durable && !zks_shutdown_wait(stop, retry_ms))
        durable = publish_pending(r, (size_t)n);
    /* Interrupted by shutdown: nothing of this batch is marked; the group re-reads it. */
    if (durable)
        mark_batch(consumer, r->slots, (size_t)n);
    release_batch(r->slots, (size_t)n);
    return durable ? n : 0;
}

ingest_raw *ingest_raw_new(const ingest_raw_options *opt)
{
    ingest_raw *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->opt = *opt;
    if (r->opt.max_batch == 0)
        r->opt.max_batch = 1;
    if (r->opt.verify_threads == 0)
        r->opt.verify_threads = 1;
    if (r->opt.gather_ms < 0)
        r->opt.gather_ms = 0;
    r->slots = calloc(r->opt.max_batch, sizeof *r->slots);
    r->threads = calloc(r->opt.verify_threads, sizeof *r->threads);
    if (r->slots == NULL || r->threads == NULL) {
        ingest_raw_free(r);
        return NULL;
    }
    return r;
}

void ingest_raw_free(ingest_raw *r)
{
    if (r == NULL)
        return;
    free(r->slots);
    free(r->threads);
    free(r);
}
