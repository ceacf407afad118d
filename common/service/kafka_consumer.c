/* Group consumer with cooperative-sticky assignment, manual offset store and commit, lag gauges; see kafka_consumer.h. */
#include "service/kafka_consumer.h"
#include "service/kafka_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct zks_consumer {
    rd_kafka_t *rk;
    char *group;
    zks_consumer_hooks hooks;
    zks_metrics *metrics;
    const zks_logger *log;
    long long lag_interval_ms;
    struct timespec last_lag;
    /* A commit was refused (typically REBALANCE_IN_PROGRESS): poll retries it, since a service
     * that goes quiet after a refused commit would otherwise show lag and re-read on restart. */
    bool commit_owed;
    struct timespec last_commit_try;
    bool ever_assigned; /* the rebalance callback has assigned (possibly zero) partitions once */
    /* librdkafka's threads log through this copy of *log (when log is set), so that a handle left
     * to process exit (see zks_consumer_close) never reaches into the caller's memory. */
    zks_logger thread_log;
};

enum { COMMIT_RETRY_MS = 1000 };

static long long ms_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

static bool cooperative(rd_kafka_t *rk)
{
    return strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
}

static void drop_lag_gauges(zks_consumer *c, const rd_kafka_topic_partition_list_t *parts)
{
    for (int i = 0; i < parts->cnt; i++) {
        char part[16];
        snprintf(part, sizeof part, "%d", (int)parts->elems[i].partition);
        zks_metric_remove(c->metrics, ZKS_M_KAFKA_CONSUMER_LAG, ZKS_LABELS(c->group, parts->elems[i].topic, part));
    }
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    zks_consumer *c = opaque;
    bool coop = cooperative(rk);
    rd_kafka_error_t *e = NULL;
    rd_kafka_resp_err_t legacy = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        zks_log(c->log, ZKS_LOG_INFO, "kafka partitions assigned", ZKS_LF_INT("count", parts->cnt),
                ZKS_LF_STR("protocol", rd_kafka_rebalance_protocol(rk)));
        if (coop)
            e = rd_kafka_incremental_assign(rk, parts);
        else
            legacy = rd_kafka_assign(rk, parts);
        c->ever_assigned = true;
        if (c->hooks.on_assign)
            c->hooks.on_assign(c->hooks.ctx, parts);
    } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        bool lost = rd_kafka_assignment_lost(rk);
        zks_log(c->log, lost ? ZKS_LOG_WARN : ZKS_LOG_INFO, lost ? "kafka partitions lost" : "kafka partitions revoked",
                ZKS_LF_INT("count", parts->cnt));
        /* What was processed on these partitions is committed before another member takes them
         * (a lost assignment can no longer commit: its next owner re-reads from the last commit). */
        if (!lost)
            zks_consumer_commit(c);
        if (c->hooks.on_revoke)
            c->hooks.on_revoke(c->hooks.ctx, parts);
        drop_lag_gauges(c, parts);
        if (coop)
            e = rd_kafka_incremental_unassign(rk, parts);
        else
            legacy = rd_kafka_assign(rk, NULL);
    } else {
        zks_log(c->log, ZKS_LOG_ERROR, "kafka rebalance failed", ZKS_LF_STR("error", rd_kafka_err2str(err)));
        legacy = rd_kafka_assign(rk, NULL);
    }
    if (e) {
        zks_log(c->log, ZKS_LOG_ERROR, "kafka incremental (un)assign failed", ZKS_LF_STR("error", rd_kafka_error_string(e)));
        rd_kafka_error_destroy(e);
    }
    if (legacy)
        zks_log(c->log, ZKS_LOG_ERROR, "kafka assign failed", ZKS_LF_STR("error", rd_kafka_err2str(legacy)));
}

static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    const zks_consumer *self = rd_kafka_opaque(rk);
    if (self && self->log) /* only tested, never followed: the copy is what is used */
        zks_kafka_log_line(&self->thread_log, level, fac, rd_kafka_name(rk), buf);
}

static void on_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    (void)rk;
    zks_consumer *c = opaque;
    zks_log(c->log, ZKS_LOG_WARN, "kafka consumer error", ZKS_LF_STR("error", rd_kafka_err2name((rd_kafka_resp_err_t)err)),
            ZKS_LF_STR("reason", reason));
}

zks_consumer *zks_consumer_new(const zks_config *cfg, const char *group, const char *const *topics, size_t topic_count,
                               const zks_consumer_hooks *hooks, zks_metrics *metrics, const zks_logger *log,
                               char *err, size_t errlen)
{
    const char *const DEFAULTS[] = {
        "group.id", group,
        "partition.assignment.strategy", "cooperative-sticky",
        "enable.auto.commit", "false",
        "enable.auto.offset.store", "false",
        /* a new group reads from the start: nothing accepted is skipped */
        "auto.offset.reset", "earliest",
        NULL,
    };
    zks_consumer *c = calloc(1, sizeof *c);
    if (!c || !(c->group = strdup(group))) {
        free(c);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (hooks)
        c->hooks = *hooks;
    c->metrics = metrics;
    c->log = log;
    if (log)
        c->thread_log = *log;
    c->lag_interval_ms = 10000;
    const char *li = cfg ? zks_config_str(cfg, "lag-interval-ms") : NULL;
    if (li && atoll(li) > 0)
        c->lag_interval_ms = atoll(li);
    clock_gettime(CLOCK_MONOTONIC, &c->last_lag);

    rd_kafka_conf_t *conf = zks_kafka_conf_new(cfg, DEFAULTS, err, errlen);
    if (!conf)
        goto fail;
    rd_kafka_conf_set_opaque(conf, c);
    rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
    rd_kafka_conf_set_error_cb(conf, on_error);
    rd_kafka_conf_set_log_cb(conf, on_log);
    char why[512];
    c->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, why, sizeof why);
    if (!c->rk) {
        snprintf(err, errlen, "kafka consumer: %s", why);
        rd_kafka_conf_destroy(conf);
        goto fail;
    }
    rd_kafka_poll_set_consumer(c->rk);
    rd_kafka_topic_partition_list_t *subs = rd_kafka_topic_partition_list_new((int)topic_count);
    for (size_t i = 0; i < topic_count; i++)
        rd_kafka_topic_partition_list_add(subs, topics[i], RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t se = rd_kafka_subscribe(c->rk, subs);
    rd_kafka_topic_partition_list_destroy(subs);
    if (se) {
        snprintf(err, errlen, "kafka subscribe: %s", rd_kafka_err2str(se));
        rd_kafka_destroy(c->rk);
        goto fail;
    }
    return c;
fail:
    free(c->group);
    free(c);
    return NULL;
}

int zks_consumer_poll(zks_consumer *c, int timeout_ms, zks_message *out)
{
    memset(out, 0, sizeof *out);
    if (c->commit_owed && ms_since(&c->last_commit_try) >= COMMIT_RETRY_MS)
        zks_consumer_commit(c);
    if (ms_since(&c->last_lag) >= c->lag_interval_ms)
        zks_consumer_update_lag(c);
    rd_kafka_message_t *m = rd_kafka_consumer_poll(c->rk, timeout_ms);
    if (!m)
        return 0;
    if (m->err) {
        rd_kafka_resp_err_t e = m->err;
        if (e != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            zks_log(c->log, e == RD_KAFKA_RESP_ERR__FATAL ? ZKS_LOG_ERROR : ZKS_LOG_WARN, "kafka consume error",
                    ZKS_LF_STR("error", rd_kafka_message_errstr(m)));
        rd_kafka_message_destroy(m);
        return e == RD_KAFKA_RESP_ERR__FATAL ? -1 : 0;
    }
    out->topic = rd_kafka_topic_name(m->rkt);
    out->partition = m->partition;
    out->offset = m->offset;
    out->key = m->key;
    out->key_len = m->key_len;
    out->value = m->payload;
    out->value_len = m->len;
    rd_kafka_timestamp_type_t tst;
    out->timestamp_ms = rd_kafka_message_timestamp(m, &tst);
    out->raw = m;
    return 1;
}

void zks_message_release(zks_message *m)
{
    if (m && m->raw) {
        rd_kafka_message_destroy(m->raw);
        memset(m, 0, sizeof *m);
    }
}

int zks_consumer_mark_done(zks_consumer *c, const zks_message *m)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, m->topic, m->partition)->offset = m->offset + 1;
    rd_kafka_resp_err_t e = rd_kafka_offsets_store(c->rk, l);
    if (!e && l->elems[0].err)
        e = l->elems[0].err;
    rd_kafka_topic_partition_list_destroy(l);
    if (e) {
        /* Typically: the partition was revoked meanwhile; its next owner re-reads the message. */
        zks_log(c->log, ZKS_LOG_WARN, "kafka offset store failed", ZKS_LF_STR("topic", m->topic),
                ZKS_LF_INT("partition", m->partition), ZKS_LF_STR("error", rd_kafka_err2str(e)));
        return -1;
    }
    return 0;
}

int zks_consumer_commit(zks_consumer *c)
{
    clock_gettime(CLOCK_MONOTONIC, &c->last_commit_try);
    rd_kafka_resp_err_t e = rd_kafka_commit(c->rk, NULL, 0);
    bool was_owed = c->commit_owed;
    c->commit_owed = !(e == RD_KAFKA_RESP_ERR_NO_ERROR || e == RD_KAFKA_RESP_ERR__NO_OFFSET);
    if (!c->commit_owed) {
        if (was_owed)
            zks_log_msg(c->log, ZKS_LOG_INFO, "kafka commit accepted after a refusal");
        return 0;
    }
    if (!was_owed) /* once per episode: a long rebalance would otherwise log every retry */
        zks_log(c->log, ZKS_LOG_WARN, "kafka commit failed", ZKS_LF_STR("error", rd_kafka_err2str(e)));
    return -1;
}

void zks_consumer_update_lag(zks_consumer *c)
{
    clock_gettime(CLOCK_MONOTONIC, &c->last_lag);
    if (!c->metrics)
        return;
    rd_kafka_topic_partition_list_t *parts = NULL;
    if (rd_kafka_assignment(c->rk, &parts) || !parts)
        return;
    if (parts->cnt > 0 && rd_kafka_committed(c->rk, parts, 2000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        for (int i = 0; i < parts->cnt; i++) {
            const rd_kafka_topic_partition_t *tp = &parts->elems[i];
            int64_t lo = -1, hi = -1;
            if (rd_kafka_query_watermark_offsets(c->rk, tp->topic, tp->partition, &lo, &hi, 1000))
                continue;
            int64_t from = tp->offset >= 0 ? tp->offset : lo;
            char part[16];
            snprintf(part, sizeof part, "%d", (int)tp->partition);
            zks_metric_set(c->metrics, ZKS_M_KAFKA_CONSUMER_LAG, ZKS_LABELS(c->group, tp->topic, part),
                           (double)(hi > from ? hi - from : 0));
        }
    }
    rd_kafka_topic_partition_list_destroy(parts);
}

void zks_consumer_close(zks_consumer *c)
{
    if (!c)
        return;
    /* librdkafka 2.0.2 (Debian 12) aborts in rd_kafka_destroy when a cooperative-sticky member
     * joined the group but never received an assignment ("rd_kafka_sticky_assignor_state_destroy:
     * Assertion `assignor_state' failed", librdkafka#4312, fixed in 2.3.0): a pod stopped during
     * its first rebalance. Such a member holds no partition; it still leaves the group (so the
     * rebalance goes on without waiting for its session to expire), and its handle is left to
     * process exit instead of being destroyed. */
    bool destroy_would_abort = cooperative(c->rk) && !c->ever_assigned;
    zks_consumer_commit(c);
    rd_kafka_resp_err_t e = rd_kafka_consumer_close(c->rk); /* revokes through on_rebalance, which commits again */
    if (e)
        zks_log(c->log, ZKS_LOG_WARN, "kafka consumer close", ZKS_LF_STR("error", rd_kafka_err2str(e)));
    if (destroy_would_abort) {
        /* Nobody polls the handle any more, so only its log callback can still run, and that uses
         * c->thread_log: c and the handle stay allocated until exit (a deliberate, bounded leak). */
        zks_log_msg(c->log, ZKS_LOG_INFO,
                    "kafka consumer left the group before any assignment; handle kept until exit (librdkafka#4312)");
        return;
    }
    rd_kafka_destroy(c->rk);
    free(c->group);
    free(c);
}

rd_kafka_t *zks_consumer_handle(zks_consumer *c)
{
    return c->rk;
}
