/* Idempotent Kafka producer with per-message delivery completion; see kafka_producer.h. */
#include "service/kafka_producer.h"
#include "service/kafka_config.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct zks_producer {
    rd_kafka_t *rk;
    pthread_t poller;
    atomic_bool stop;
    zks_metrics *metrics;
    const zks_logger *log;
};

/* What a message carries through librdkafka to its delivery report. */
typedef struct {
    zks_delivery *d;
    rd_kafka_resp_err_t *result;
} pending_send;

void zks_delivery_init(zks_delivery *d)
{
    pthread_mutex_init(&d->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&d->done, &ca);
    pthread_condattr_destroy(&ca);
    d->pending = 0;
    d->failed = 0;
}

void zks_delivery_destroy(zks_delivery *d)
{
    pthread_cond_destroy(&d->done);
    pthread_mutex_destroy(&d->lock);
}

int zks_delivery_wait(zks_delivery *d, int timeout_ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    if (timeout_ms >= 0) {
        deadline.tv_sec += timeout_ms / 1000;
        deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    int rc = 0;
    pthread_mutex_lock(&d->lock);
    while (d->pending > 0) {
        int w = timeout_ms < 0 ? pthread_cond_wait(&d->done, &d->lock) : pthread_cond_timedwait(&d->done, &d->lock, &deadline);
        if (w == ETIMEDOUT) {
            rc = d->pending > 0 ? -1 : 0;
            break;
        }
    }
    pthread_mutex_unlock(&d->lock);
    return rc;
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque)
{
    (void)rk;
    zks_producer *p = opaque;
    const char *topic = msg->rkt ? rd_kafka_topic_name(msg->rkt) : "";
    zks_metric_inc(p->metrics, ZKS_M_KAFKA_PRODUCE_TOTAL, ZKS_LABELS(topic, msg->err ? "error" : "ok"));
    if (msg->err)
        zks_log(p->log, ZKS_LOG_WARN, "kafka delivery failed", ZKS_LF_STR("topic", topic),
                ZKS_LF_STR("error", rd_kafka_err2str(msg->err)));
    pending_send *ps = msg->_private;
    if (!ps)
        return;
    if (ps->result)
        *ps->result = msg->err;
    if (ps->d) {
        pthread_mutex_lock(&ps->d->lock);
        if (msg->err)
            ps->d->failed++;
        if (--ps->d->pending == 0)
            pthread_cond_broadcast(&ps->d->done);
        pthread_mutex_unlock(&ps->d->lock);
    }
    free(ps);
}

static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    const zks_producer *self = rd_kafka_opaque(rk);
    if (self)
        zks_kafka_log_line(self->log, level, fac, rd_kafka_name(rk), buf);
}

static void on_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    (void)rk;
    zks_producer *p = opaque;
    zks_log(p->log, err == RD_KAFKA_RESP_ERR__FATAL ? ZKS_LOG_ERROR : ZKS_LOG_WARN, "kafka producer error",
            ZKS_LF_STR("error", rd_kafka_err2name((rd_kafka_resp_err_t)err)), ZKS_LF_STR("reason", reason));
}

/* Serves delivery reports; they run on this thread, never on the sender's. */
static void *poll_loop(void *arg)
{
    zks_producer *p = arg;
    while (!atomic_load(&p->stop))
        rd_kafka_poll(p->rk, 100);
    return NULL;
}

zks_producer *zks_producer_new(const zks_config *c, zks_metrics *metrics, const zks_logger *log, char *err, size_t errlen)
{
    static const char *const DEFAULTS[] = {
        "enable.idempotence", "true",
        "acks", "all",
        /* the Java client's and kafkajs's default partitioner for keyed messages */
        "partitioner", "murmur2_random",
        "linger.ms", "5",
        NULL,
    };
    zks_producer *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->metrics = metrics;
    p->log = log;
    rd_kafka_conf_t *conf = zks_kafka_conf_new(c, DEFAULTS, err, errlen);
    if (!conf) {
        free(p);
        return NULL;
    }
    rd_kafka_conf_set_opaque(conf, p);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_conf_set_error_cb(conf, on_error);
    rd_kafka_conf_set_log_cb(conf, on_log);
    char why[512];
    p->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, why, sizeof why);
    if (!p->rk) {
        snprintf(err, errlen, "kafka producer: %s", why);
        rd_kafka_conf_destroy(conf);
        free(p);
        return NULL;
    }
    if (pthread_create(&p->poller, NULL, poll_loop, p) != 0) {
        snprintf(err, errlen, "cannot start the delivery-report thread");
        rd_kafka_destroy(p->rk);
        free(p);
        return NULL;
    }
    return p;
}

rd_kafka_resp_err_t zks_producer_send(zks_producer *p, const char *topic, const void *key, size_t key_len,
                                      const void *value, size_t value_len, zks_delivery *d,
                                      rd_kafka_resp_err_t *result)
{
    pending_send *ps = NULL;
    if (d || result) {
        ps = malloc(sizeof *ps);
        if (!ps)
            return RD_KAFKA_RESP_ERR__FAIL;
        ps->d = d;
        ps->result = result;
        if (result)
            *result = RD_KAFKA_RESP_ERR__IN_PROGRESS;
    }
    /* Count before queueing: the report may arrive before producev returns. */
    if (d) {
        pthread_mutex_lock(&d->lock);
        d->pending++;
        pthread_mutex_unlock(&d->lock);
    }
    rd_kafka_resp_err_t err;
    for (;;) {
        err = rd_kafka_producev(p->rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY((void *)key, key_len),
                                RD_KAFKA_V_VALUE((void *)value, value_len), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                RD_KAFKA_V_OPAQUE(ps), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            break;
        /* The report thread drains the queue; wait for room. */
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    if (err) {
        if (d) {
            pthread_mutex_lock(&d->lock);
            if (--d->pending == 0)
                pthread_cond_broadcast(&d->done);
            pthread_mutex_unlock(&d->lock);
        }
        if (result)
            *result = err;
        free(ps);
        zks_metric_inc(p->metrics, ZKS_M_KAFKA_PRODUCE_TOTAL, ZKS_LABELS(topic, "error"));
        /* failures after queueing are logged by on_delivery; this is the other half, so callers need not log */
        zks_log(p->log, ZKS_LOG_WARN, "kafka produce failed", ZKS_LF_STR("topic", topic),
                ZKS_LF_STR("error", rd_kafka_err2str(err)));
    }
    return err;
}

int zks_producer_flush(zks_producer *p, int timeout_ms)
{
    return rd_kafka_flush(p->rk, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR ? 0 : -1;
}

void zks_producer_free(zks_producer *p, int flush_timeout_ms)
{
    if (!p)
        return;
    if (zks_producer_flush(p, flush_timeout_ms) != 0) {
        zks_log(p->log, ZKS_LOG_ERROR, "kafka producer: messages left undelivered at shutdown",
                ZKS_LF_INT("queued", rd_kafka_outq_len(p->rk)));
        /* Fail what is left so every waiter gets a report (RD_KAFKA_RESP_ERR__PURGE_*), then serve them. */
        rd_kafka_purge(p->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_flush(p->rk, 1000);
    }
    atomic_store(&p->stop, true);
    pthread_join(p->poller, NULL);
    rd_kafka_poll(p->rk, 0);
    rd_kafka_destroy(p->rk);
    free(p);
}

rd_kafka_t *zks_producer_handle(zks_producer *p)
{
    return p->rk;
}

rd_kafka_resp_err_t zks_producer_send_confirmed(zks_producer *p, const char *topic, const void *key, size_t key_len,
                                                const void *value, size_t value_len)
{
    zks_delivery d;
    rd_kafka_resp_err_t result = RD_KAFKA_RESP_ERR_UNKNOWN;
    zks_delivery_init(&d);
    rd_kafka_resp_err_t err = zks_producer_send(p, topic, key, key_len, value, value_len, &d, &result);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
        zks_delivery_wait(&d, -1); /* waiting forever keeps d valid for the report thread */
    else
        result = err;
    zks_delivery_destroy(&d);
    return result;
}
