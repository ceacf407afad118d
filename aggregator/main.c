/*
 * zks-aggregator: consumes zks.traces in a consumer group, keeps pending
 * traces per (user, provider) pair in Redis, seals batches (L traces or the
 * oldest older than max-wait), announces them on zks.batches, and sends
 * conflicts, replays and undecodable records to the DLQ. Offsets are
 * committed only after Redis (and, for rejects, the DLQ) acknowledged.
 */
#include "agg_service.h"
#include "batch_store.h"

#include "service/service_main.h"
#include "service/config.h"
#include "service/http_server.h"
#include "service/kafka_config.h"
#include "service/kafka_consumer.h"
#include "service/kafka_producer.h"
#include "service/log.h"
#include "service/metrics.h"
#include "service/redis_client.h"
#include "service/shutdown.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const zks_config_option aggregator_options[] = {
    {"group", "zks-aggregator", "consumer group on the traces topic", false},
    {"batch-size", "16", "L: traces per batch (the circuit's batch size)", false},
    {"max-wait-ms", "5000", "seal a pair's batch when its oldest pending trace is this old", false},
    {"dedup-retention-ms", "86400000", "how long sealed traces are remembered to recognise re-deliveries", false},
    {"recover-interval-ms", "30000", "how often Redis is scanned for sealed batches not yet announced", false},
    {"commit-interval-ms", "1000", "how often processed offsets are committed", false},
};

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

typedef struct {
    long long batch_size, max_wait_ms, retention_ms, recover_ms, commit_ms, drain_ms;
    const char *group, *redis;
    char http_host[256];
    int http_port;
    zks_log_level level;
} settings;

static int read_settings(zks_config *cfg, settings *s)
{
    const char *level;
    if (zks_config_int(cfg, "batch-size", 1, 256, &s->batch_size) || zks_config_int(cfg, "max-wait-ms", 0, 86400000, &s->max_wait_ms) ||
        zks_config_int(cfg, "dedup-retention-ms", 1000, 365LL * 86400000, &s->retention_ms) ||
        zks_config_int(cfg, "recover-interval-ms", 100, 86400000, &s->recover_ms) ||
        zks_config_int(cfg, "commit-interval-ms", 0, 600000, &s->commit_ms) ||
        zks_config_int(cfg, "drain-timeout-ms", 0, 600000, &s->drain_ms) ||
        zks_config_require_str(cfg, "group", &s->group) || zks_config_require_str(cfg, "redis", &s->redis) ||
        zks_config_host_port(cfg, "http-listen", s->http_host, sizeof s->http_host, &s->http_port) ||
        zks_config_require_str(cfg, "log-level", &level))
        return -1;
    if (zks_log_level_parse(level, &s->level) != 0) {
        fprintf(stderr, "zks-aggregator: --log-level: expected debug, info, warn or error\n");
        return -2;
    }
    return 0;
}

static int run(zks_config *cfg, const settings *s, zks_shutdown *stop)
{
    zks_logger log;
    zks_logger_init(&log, "aggregator", s->level, stderr);
    zks_metrics *metrics = zks_metrics_new(zks_metric_catalog, ZKS_M__COUNT);
    char err[512] = "";
    int status = 3;
    zks_http_server *http = NULL;
    zks_redis *redis = NULL;
    batch_store *store = NULL;
    zks_producer *producer = NULL;
    zks_consumer *consumer = NULL;
    aggregator *a = calloc(1, sizeof *a);
    if (metrics == NULL || a == NULL)
        goto out;
    zks_metric_set(metrics, ZKS_M_BUILD_INFO, ZKS_LABELS("0.1.0"), 1);

    zks_http_options hopt = {.bind_host = s->http_host, .port = s->http_port, .requests_metric = -1, .duration_metric = -1};
    http = zks_http_server_start(&hopt, NULL, 0, metrics, &log, err, sizeof err);
    if (http == NULL)
        goto fail;
    zks_log(&log, ZKS_LOG_INFO, "listening", ZKS_LF_INT("port", zks_http_server_port(http)));

    zks_redis_options ropt = {.address = s->redis};
    redis = zks_redis_new(&ropt, metrics, &log, err, sizeof err);
    if (redis == NULL)
        goto fail;
    if (zks_redis_connect(redis) != 0) {
        snprintf(err, sizeof err, "%s", zks_redis_error(redis));
        goto fail;
    }
    store = batch_store_new(redis);
    producer = zks_producer_new(cfg, metrics, &log, err, sizeof err);
    if (store == NULL || producer == NULL)
        goto fail;

    a->store = store;
    a->producer = producer;
    a->metrics = metrics;
    a->log = &log;
    zks_topics_from_config(cfg, &a->topics);
    a->batch_size = (size_t)s->batch_size;
    a->max_wait_ms = (uint64_t)s->max_wait_ms;
    a->dedup_retention_ms = (uint64_t)s->retention_ms;

    /* Announce what a previous run sealed but did not announce before taking new work. */
    if (aggregator_recover(a, now_ms()) != 0)
        zks_log(&log, ZKS_LOG_WARN, "recovery failed, will retry", ZKS_LF_STR("error", batch_store_error(store)));

    const char *topics[1] = {a->topics.traces};
    zks_consumer_hooks hooks = {aggregator_on_revoke, aggregator_on_assign, a};
    consumer = zks_consumer_new(cfg, s->group, topics, 1, &hooks, metrics, &log, err, sizeof err);
    if (consumer == NULL)
        goto fail;
    zks_http_server_set_ready(http, true);
    zks_log(&log, ZKS_LOG_INFO, "started", ZKS_LF_STR("group", s->group), ZKS_LF_INT("batch_size", s->batch_size),
            ZKS_LF_INT("max_wait_ms", s->max_wait_ms));

    uint64_t next_sweep = 0, next_recover = mono_ms() + (uint64_t)s->recover_ms, next_commit = 0;
    uint64_t sweep_every = s->max_wait_ms / 4 < 100 ? 100 : (uint64_t)s->max_wait_ms / 4;
    status = 0;
    while (!zks_shutdown_requested(stop)) {
        zks_message m;
        int got = zks_consumer_poll(consumer, 100, &m);
        if (got < 0) {
            status = 3;
            break;
        }
        if (got == 1) {
            /* Retry the same record until its effects are durable; never skip it. */
            while (aggregator_handle(a, &m, now_ms()) == AGG_RETRY) {
                if (zks_shutdown_wait(stop, 500))
                    break;
            }
            if (!zks_shutdown_requested(stop))
                zks_consumer_mark_done(consumer, &m);
            zks_message_release(&m);
        }
        uint64_t t = mono_ms();
        if (t >= next_sweep) {
            aggregator_sweep(a, now_ms());
            aggregator_update_gauges(a, now_ms());
            next_sweep = t + sweep_every;
        }
        if (t >= next_recover) {
            aggregator_recover(a, now_ms());
            next_recover = t + (uint64_t)s->recover_ms;
        }
        if (t >= next_commit) {
            zks_consumer_commit(consumer);
            next_commit = t + (uint64_t)s->commit_ms;
        }
    }
    zks_log(&log, ZKS_LOG_INFO, "draining", ZKS_LF_INT("signal", zks_shutdown_signal(stop)));
    zks_http_server_set_ready(http, false);
    zks_http_server_stop_accepting(http);
    goto out;
fail:
    fprintf(stderr, "zks-aggregator: %s\n", err[0] ? err : "out of memory");
    status = 3;
out:
    if (consumer)
        zks_consumer_close(consumer); /* commits what was marked */
    if (producer)
        zks_producer_free(producer, (int)s->drain_ms);
    batch_store_free(store);
    zks_redis_free(redis);
    if (http)
        zks_http_server_stop(http);
    free(a);
    zks_metrics_free(metrics);
    if (status == 0)
        zks_log_msg(&log, ZKS_LOG_INFO, "stopped");
    return status;
}

/* read_settings prints its own message for -2; -1 leaves it in the config error. */
static int start(zks_config *cfg, zks_shutdown *stop)
{
    settings s;
    int rs = read_settings(cfg, &s);
    if (rs == -1)
        fprintf(stderr, "zks-aggregator: %s\n", zks_config_error(cfg));
    return rs == 0 ? run(cfg, &s, stop) : 2;
}

int main(int argc, char **argv, char **envp)
{
    const zks_service_spec spec = {
        .name = "zks-aggregator",
        .usage = "zks-aggregator [options]",
        .options = aggregator_options,
        .n_options = sizeof aggregator_options / sizeof aggregator_options[0],
        .run = start,
    };
    return zks_service_main(&spec, argc, argv, envp);
}
