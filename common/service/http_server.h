/*
 * HTTP server over libmicrohttpd (a thread pool; handlers run concurrently,
 * so they must be thread-safe). The route table maps exact paths and methods
 * to handlers; a path with no route is 404, a known path with another method
 * 405, a body over max_body_bytes 413 (the handler never sees it).
 *
 * Built in: GET /healthz (200 while the process serves), GET /readyz (200 once
 * the service called zks_http_server_set_ready(s, true), else 503) and
 * GET /metrics (the registry in Prometheus text). Every error answer is JSON:
 *   {"error":"<code>","message":"<one line>"}
 */
#ifndef ZKS_SERVICE_HTTP_SERVER_H
#define ZKS_SERVICE_HTTP_SERVER_H

#include "service/log.h"
#include "service/metrics.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct zks_http_server zks_http_server;

typedef struct {
    const char *method;  /* "GET", "POST", ... */
    const char *path;    /* without the query string */
    const char *body;    /* NUL-terminated copy; body_len excludes the NUL */
    size_t body_len;
    void *internal;      /* the connection, for zks_http_header */
} zks_http_request;

/* A request header by case-insensitive name (e.g. "Authorization"), NULL if absent. */
const char *zks_http_header(const zks_http_request *req, const char *name);

typedef struct {
    int status;
    const char *content_type;
    char *body;          /* malloc'd; the server frees it */
    size_t body_len;
} zks_http_response;

/* Response builders (each replaces any earlier body). */
void zks_http_respond_text(zks_http_response *resp, int status, const char *content_type, const char *text);
/* Serializes j compactly (j is not consumed). */
void zks_http_respond_json(zks_http_response *resp, int status, const json_t *j);
/* {"error":code,"message":message} */
void zks_http_respond_error(zks_http_response *resp, int status, const char *code, const char *message);

typedef void (*zks_http_handler)(void *ctx, const zks_http_request *req, zks_http_response *resp);

typedef struct {
    const char *method;
    const char *path;
    zks_http_handler handler;
    void *ctx;
} zks_http_route;

typedef struct {
    const char *bind_host;      /* NULL or "0.0.0.0": all IPv4 interfaces; "127.0.0.1": loopback */
    int port;                   /* 0: an ephemeral port (see zks_http_server_port) */
    size_t max_body_bytes;      /* 0: 1 MiB */
    unsigned threads;           /* 0: 4 */
    bool access_log;            /* one log line per request at info level */
    int requests_metric;        /* counter id with one label {code}, or -1 */
    int duration_metric;        /* histogram id without labels, or -1 */
    int drain_timeout_ms;       /* zks_http_server_stop waits this long for in-flight requests; 0: 30000 */
} zks_http_options;

/* Starts serving. routes are copied; metrics and log may be NULL and must outlive the server. */
zks_http_server *zks_http_server_start(const zks_http_options *opt, const zks_http_route *routes, size_t route_count,
                                       zks_metrics *metrics, const zks_logger *log, char *err, size_t errlen);
int zks_http_server_port(const zks_http_server *s);
void zks_http_server_set_ready(zks_http_server *s, bool ready);
/* Graceful stop, step 1: close the listening socket (new connections are refused); in-flight requests continue. */
void zks_http_server_stop_accepting(zks_http_server *s);
/* Step 2: wait (up to drain_timeout_ms) for in-flight requests to be answered, stop the threads, free. */
void zks_http_server_stop(zks_http_server *s);

#endif
