/*
 * A small service on our HTTP server, for http_server.js: prints its port on
 * the first stdout line, serves until SIGTERM, then stops accepting, lets
 * in-flight requests finish and exits 0.
 *   POST /v1/echo  -> {"bytes":N,"auth":bool}
 *   GET  /slow     -> waits 1.5 s, then {"slow":true}
 *   POST /ready    -> /readyz turns 200
 * Body limit 1024 bytes; requests counted in zks_ingest_http_requests_total.
 */
#include "service/http_server.h"
#include "service/log.h"
#include "service/metrics.h"
#include "service/shutdown.h"

#include <jansson.h>
#include <stdio.h>
#include <time.h>

static void echo(void *ctx, const zks_http_request *req, zks_http_response *resp)
{
    (void)ctx;
    json_t *j = json_pack("{s:I, s:b}", "bytes", (json_int_t)req->body_len, "auth", zks_http_header(req, "Authorization") != NULL);
    zks_http_respond_json(resp, 200, j);
    json_decref(j);
}

static void slow(void *ctx, const zks_http_request *req, zks_http_response *resp)
{
    (void)ctx;
    (void)req;
    struct timespec t = {1, 500 * 1000 * 1000};
    nanosleep(&t, NULL);
    zks_http_respond_text(resp, 200, "application/json", "{\"slow\":true}");
}

static void ready(void *ctx, const zks_http_request *req, zks_http_response *resp)
{
    (void)req;
    zks_http_server_set_ready(*(zks_http_server **)ctx, true);
    zks_http_respond_text(resp, 200, "application/json", "{}");
}

int main(void)
{
    zks_shutdown *sd = zks_shutdown_new();
    zks_logger lg;
    zks_logger_init(&lg, "itest_http", ZKS_LOG_INFO, stderr);
    zks_metrics *m = zks_metrics_new(zks_metric_catalog, ZKS_M__COUNT);
    zks_metric_set(m, ZKS_M_BUILD_INFO, ZKS_LABELS("itest"), 1);
    zks_http_server *server = NULL;
    const zks_http_route routes[] = {
        {"POST", "/v1/echo", echo, NULL},
        {"GET", "/slow", slow, NULL},
        {"POST", "/ready", ready, &server},
    };
    zks_http_options opt = {
        .bind_host = "127.0.0.1",
        .port = 0,
        .max_body_bytes = 1024,
        .threads = 2,
        .access_log = true,
        .requests_metric = ZKS_M_INGEST_HTTP_REQUESTS_TOTAL,
        .duration_metric = ZKS_M_INGEST_HTTP_REQUEST_DURATION_SECONDS,
    };
    char err[256];
    server = zks_http_server_start(&opt, routes, 3, m, &lg, err, sizeof err);
    if (!sd || !server) {
        fprintf(stderr, "itest_http: %s\n", server ? "no signal watcher" : err);
        return 3;
    }
    printf("%d\n", zks_http_server_port(server));
    fflush(stdout);
    while (!zks_shutdown_wait(sd, 1000))
        ;
    zks_log(&lg, ZKS_LOG_INFO, "draining", ZKS_LF_INT("signal", zks_shutdown_signal(sd)));
    zks_http_server_stop_accepting(server);
    zks_http_server_stop(server);
    zks_log_msg(&lg, ZKS_LOG_INFO, "stopped");
    zks_metrics_free(m);
    zks_shutdown_free(sd);
    return 0;
}
