/*
 * zks-ingest: accepts signed traces over HTTP (POST /v1/traces, bearer token
 * per provider) and from zks.traces.raw, verifies every signature, and
 * publishes valid traces to zks.traces (key user||provider); raw rejects go to
 * the DLQ with a reason. HTTP answers 202 only after Kafka confirmed delivery.
 */
#include "ingest_http.h"
#include "ingest_raw.h"
#include "tokens.h"

#include "crypto/eddsa.h"
#include "service/service_main.h"
#include "service/config.h"
#include "service/http_server.h"
#include "service/kafka_config.h"
#include "service/kafka_consumer.h"
#include "service/kafka_producer.h"
#include "service/log.h"
#include "service/metrics.h"
#include "service/shutdown.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

static const zks_config_option ingest_options[] = {
    {"tokens-file", NULL, "provider tokens: lines '0x<provider> <sha256 hex of the token>'", false},
    {"group", "zks-ingest", "consumer group on the raw traces topic", false},
    {"max-items", "1000", "most traces in one HTTP request", false},
    {"max-body-bytes", "1048576", "largest HTTP body (413 above)", false},
    {"commit-interval-ms", "1000", "how often processed raw offsets are committed", false},
    {"raw-batch-max", "500", "most raw-topic records verified and published as one batch", false},
    {"raw-batch-wait-ms", "5", "how long a raw batch waits for more records after its first", false},
    {"raw-verify-threads", "2", "threads verifying one raw batch (the consumer's included)", false},
};

static int run(zks_config *cfg, zks_shutdown *stop)
{
    const char *tokens_path, *level_name;
    long long max_items, max_body, commit_ms, drain_ms, raw_batch, raw_wait_ms, raw_threads;
    char host[256], err[512] = "";
    int port;
    zks_log_level level;
    if (zks_config_require_str(cfg, "tokens-file", &tokens_path) || zks_config_int(cfg, "max-items", 1, 100000, &max_items) ||
        zks_config_int(cfg, "max-body-bytes", 1024, 64LL << 20, &max_body) ||
        zks_config_int(cfg, "commit-interval-ms", 0, 600000, &commit_ms) ||
        zks_config_int(cfg, "drain-timeout-ms", 0, 600000, &drain_ms) ||
        zks_config_int(cfg, "raw-batch-max", 1, 100000, &raw_batch) ||
        zks_config_int(cfg, "raw-batch-wait-ms", 0, 10000, &raw_wait_ms) ||
        zks_config_int(cfg, "raw-verify-threads", 1, 64, &raw_threads) ||
        zks_config_host_port(cfg, "http-listen", host, sizeof host, &port) ||
        zks_config_require_str(cfg, "log-level", &level_name)) {
        fprintf(stderr, "zks-ingest: %s\n", zks_config_error(cfg));
        return 2;
    }
    if (zks_log_level_parse(level_name, &level) != 0) {
        fprintf(stderr, "zks-ingest: --log-level: expected debug, info, warn or error\n");
        return 2;
    }
    token_table tokens;
    if (token_table_load(&tokens, tokens_path, err, sizeof err) != 0) {
        fprintf(stderr, "zks-ingest: %s\n", err);
        return 2;
    }
    zks_logger log;
    zks_logger_init(&log, "ingest", level, stderr);
    zks_metrics *metrics = zks_metrics_new(zks_metric_catalog, ZKS_M__COUNT);
    eddsa_ctx *eddsa = eddsa_ctx_new();
    zks_producer *producer = NULL;
    zks_consumer *consumer = NULL;
    zks_http_server *http = NULL;
    ingest_raw *raw = NULL;
    int status = 3;
    if (metrics == NULL || eddsa == NULL)
        goto out;
    zks_metric_set(metrics, ZKS_M_BUILD_INFO, ZKS_LABELS("0.1.0"), 1);
    producer = zks_producer_new(cfg, metrics, &log, err, sizeof err);
    if (producer == NULL)
        goto out;
    zks_topics topics;
    zks_topics_from_config(cfg, &topics);
    ingest_http_ctx hctx = {&tokens, eddsa, producer, metrics, topics.traces, (size_t)max_items};
    zks_http_route routes[] = {{"POST", "/v1/traces", ingest_post_traces, &hctx}};
    zks_http_options hopt = {.bind_host = host, .port = port, .max_body_bytes = (size_t)max_body,
                             .requests_metric = ZKS_M_INGEST_HTTP_REQUESTS_TOTAL,
                             .duration_metric = ZKS_M_INGEST_HTTP_REQUEST_DURATION_SECONDS};
    const char *raw_topics[1] = {topics.traces_raw};
    consumer = zks_consumer_new(cfg, zks_config_str(cfg, "group"), raw_topics, 1, NULL, metrics, &log, err, sizeof err);
    if (consumer == NULL)
        goto out;
    ingest_raw_options ropt = {eddsa, producer, metrics, &topics, (size_t)raw_batch, (int)raw_wait_ms, (unsigned)raw_threads};
    raw = ingest_raw_new(&ropt);
    if (raw == NULL) {
        snprintf(err, sizeof err, "out of memory");
        goto out;
    }
    http = zks_http_server_start(&hopt, routes, 1, metrics, &log, err, sizeof err);
    if (http == NULL)
        goto out;
    zks_http_server_set_ready(http, true);
    zks_log(&log, ZKS_LOG_INFO, "started", ZKS_LF_INT("port", zks_http_server_port(http)),
            ZKS_LF_UINT("providers", tokens.count));
    status = 0;
    struct timespec last = {0, 0};
    while (!zks_shutdown_requested(stop)) {
        /* A batch's offsets are marked only after every output of it is confirmed. */
        if (ingest_raw_step(raw, consumer, stop, 100, 500) < 0) {
            status = 3;
            break;
        }
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if ((t.tv_sec - last.tv_sec) * 1000 + (t.tv_nsec - last.tv_nsec) / 1000000 >= commit_ms) {
            zks_consumer_commit(consumer);
            last = t;
        }
    }
    zks_log(&log, ZKS_LOG_INFO, "draining", ZKS_LF_INT("signal", zks_shutdown_signal(stop)));
    zks_http_server_set_ready(http, false);
    zks_http_server_stop_accepting(http);
    zks_http_server_stop(http); /* in-flight requests finish (they wait for their deliveries) */
    http = NULL;
out:
    if (status == 3 && err[0])
        fprintf(stderr, "zks-ingest: %s\n", err);
    if (http)
        zks_http_server_stop(http);
    if (consumer)
        zks_consumer_close(consumer);
    ingest_raw_free(raw);
    if (producer)
        zks_producer_free(producer, (int)drain_ms);
    eddsa_ctx_free(eddsa);
    zks_metrics_free(metrics);
    token_table_free(&tokens);
    return status;
}

extern char **environ;

int main(int argc, char **argv)
{
    /* A client waits for our answer while librdkafka retries a delivery; bound that
     * wait at 30 s (librdkafka's default is 300 s), after which the request gets 503.
     * setenv without overwrite: ZKS_KAFKA_PROP_MESSAGE_TIMEOUT_MS or
     * --kafka-prop message.timeout.ms=... still win. */
    if (setenv("ZKS_KAFKA_PROP_MESSAGE_TIMEOUT_MS", "30000", 0) != 0) {
        fprintf(stderr, "zks-ingest: cannot set the default delivery timeout\n");
        return 3;
    }
    const zks_service_spec spec = {
        .name = "zks-ingest",
        .usage = "zks-ingest --tokens-file FILE [options]",
        .options = ingest_options,
        .n_options = sizeof ingest_options / sizeof ingest_options[0],
        .run = run,
    };
    return zks_service_main(&spec, argc, argv, environ);
}
