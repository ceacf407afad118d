/* libmicrohttpd wrapper with a route table, body limit and built-in probes; see http_server.h. */
#include "service/http_server.h"
#include "service/strbuf.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <unistd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { DEFAULT_MAX_BODY = 1 << 20, DEFAULT_THREADS = 4 };

struct zks_http_server {
    struct MHD_Daemon *daemon;
    zks_http_route *routes;
    size_t route_count;
    zks_http_options opt;
    zks_metrics *metrics;
    const zks_logger *log;
    atomic_bool ready;
    atomic_int in_flight; /* requests between their first callback and their completion */
    int port;
};

/* Per-connection upload state between MHD's calls. */
typedef struct {
    zks_strbuf body;
    bool too_large;
    struct timespec started;
} upload;

const char *zks_http_header(const zks_http_request *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->internal, MHD_HEADER_KIND, name);
}

static void set_body(zks_http_response *resp, int status, const char *content_type, const char *data, size_t len)
{
    free(resp->body);
    resp->status = status;
    resp->content_type = content_type;
    resp->body = malloc(len + 1);
    resp->body_len = resp->body ? len : 0;
    if (resp->body) {
        memcpy(resp->body, data, len);
        resp->body[len] = '\0';
    }
}

void zks_http_respond_text(zks_http_response *resp, int status, const char *content_type, const char *text)
{
    set_body(resp, status, content_type, text, strlen(text));
}

void zks_http_respond_json(zks_http_response *resp, int status, const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    if (!s) {
        zks_http_respond_text(resp, 500, "application/json", "{\"error\":\"internal\",\"message\":\"out of memory\"}");
        return;
    }
    set_body(resp, status, "application/json", s, strlen(s));
    free(s);
}

void zks_http_respond_error(zks_http_response *resp, int status, const char *code, const char *message)
{
    json_t *j = json_pack("{s:s, s:s}", "error", code, "message", message ? message : "");
    if (!j) {
        zks_http_respond_text(resp, status, "application/json", "{\"error\":\"internal\",\"message\":\"\"}");
        return;
    }
    zks_http_respond_json(resp, status, j);
    json_decref(j);
}

static void builtin_healthz(zks_http_server *s, zks_http_response *resp)
{
    (void)s;
    zks_http_respond_text(resp, 200, "application/json", "{\"status\":\"ok\"}");
}

static void builtin_readyz(zks_http_server *s, zks_http_response *resp)
{
    if (atomic_load(&s->ready))
        zks_http_respond_text(resp, 200, "application/json", "{\"status\":\"ready\"}");
    else
        zks_http_respond_error(resp, 503, "not_ready", "dependencies not ready");
}

static void builtin_metrics(zks_http_server *s, zks_http_response *resp)
{
    size_t len = 0;
    char *text = s->metrics ? zks_metrics_render(s->metrics, &len) : strdup("");
    if (!text) {
        zks_http_respond_error(resp, 500, "internal", "out of memory");
        return;
    }
    free(resp->body);
    resp->status = 200;
    resp->content_type = ZKS_METRICS_CONTENT_TYPE;
    resp->body = text;
    resp->body_len = s->metrics ? len : 0;
}

/* Finds the handler: user routes first (a service may replace a probe), then the built-ins. */
static void dispatch(zks_http_server *s, const zks_http_request *req, zks_http_response *resp)
{
    bool path_known = false;
    for (size_t i = 0; i < s->route_count; i++) {
        if (strcmp(s->routes[i].path, req->path) != 0)
            continue;
        path_known = true;
        if (strcmp(s->routes[i].method, req->method) == 0) {
            s->routes[i].handler(s->routes[i].ctx, req, resp);
            return;
        }
    }
    static const struct {
        const char *path;
        void (*fn)(zks_http_server *, zks_http_response *);
    } BUILTINS[] = {{"/healthz", builtin_healthz}, {"/readyz", builtin_readyz}, {"/metrics", builtin_metrics}};
    for (size_t i = 0; !path_known && i < sizeof BUILTINS / sizeof BUILTINS[0]; i++) {
        if (strcmp(BUILTINS[i].path, req->path) != 0)
            continue;
        path_known = true;
        if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0) {
            BUILTINS[i].fn(s, resp);
            return;
        }
    }
    if (path_known)
        zks_http_respond_error(resp, 405, "method_not_allowed", "method not allowed on this path");
    else
        zks_http_respond_error(resp, 404, "not_found", "no such path");
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static enum MHD_Result send_response(zks_http_server *s, struct MHD_Connection *conn, const char *method,
                                     const char *url, zks_http_response *resp, upload *up)
{
    if (!resp->body) /* a handler that set nothing */
        zks_http_respond_error(resp, 500, "internal", "handler produced no response");
    if (!resp->body)
        return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(resp->body_len, resp->body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(resp->body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type ? resp->content_type : "text/plain");
    enum MHD_Result rc = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);

    double elapsed = seconds_since(&up->started);
    if (s->opt.requests_metric >= 0) {
        char code[16];
        snprintf(code, sizeof code, "%d", resp->status);
        zks_metric_inc(s->metrics, s->opt.requests_metric, ZKS_LABELS(code));
    }
    if (s->opt.duration_metric >= 0)
        zks_metric_observe(s->metrics, s->opt.duration_metric, NULL, elapsed);
    if (s->opt.access_log)
        zks_log(s->log, ZKS_LOG_INFO, "http", ZKS_LF_STR("method", method), ZKS_LF_STR("path", url),
                ZKS_LF_INT("status", resp->status), ZKS_LF_DOUBLE("seconds", elapsed));
    return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    zks_http_server *s = cls;
    upload *up = *con_cls;
    if (!up) {
        up = calloc(1, sizeof *up);
        if (!up)
            return MHD_NO;
        atomic_fetch_add(&s->in_flight, 1);
        zks_strbuf_init(&up->body);
        clock_gettime(CLOCK_MONOTONIC, &up->started);
        *con_cls = up;
        /* Refuse early when the client announces a body over the limit. */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->opt.max_body_bytes)
            up->too_large = true;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!up->too_large && up->body.len + *upload_data_size > s->opt.max_body_bytes)
            up->too_large = true;
        if (!up->too_large)
            zks_strbuf_append(&up->body, upload_data, *upload_data_size);
        *upload_data_size = 0; /* consumed (or dropped when too large) */
        return MHD_YES;
    }
    zks_http_response resp = {0};
    if (up->too_large) {
        char msg[96];
        snprintf(msg, sizeof msg, "request body over %zu bytes", s->opt.max_body_bytes);
        zks_http_respond_error(&resp, 413, "too_large", msg);
    } else if (up->body.failed) {
        zks_http_respond_error(&resp, 500, "internal", "out of memory");
    } else {
        zks_http_request req = {
            .method = method,
            .path = url,
            .body = up->body.data ? up->body.data : "",
            .body_len = up->body.len,
            .internal = conn,
        };
        dispatch(s, &req, &resp);
    }
    return send_response(s, conn, method, url, &resp, up);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    zks_http_server *s = cls;
    upload *up = *con_cls;
    if (up) {
        atomic_fetch_sub(&s->in_flight, 1);
        zks_strbuf_free(&up->body);
        free(up);
        *con_cls = NULL;
    }
}

zks_http_server *zks_http_server_start(const zks_http_options *opt, const zks_http_route *routes, size_t route_count,
                                       zks_metrics *metrics, const zks_logger *log, char *err, size_t errlen)
{
    zks_http_server *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->opt = *opt;
    if (!s->opt.max_body_bytes)
        s->opt.max_body_bytes = DEFAULT_MAX_BODY;
    if (!s->opt.threads)
        s->opt.threads = DEFAULT_THREADS;
    if (!metrics) {
        s->opt.requests_metric = -1;
        s->opt.duration_metric = -1;
    }
    s->metrics = metrics;
    s->log = log;
    if (!log)
        s->opt.access_log = false;
    s->routes = calloc(route_count ? route_count : 1, sizeof *s->routes);
    if (!s->routes) {
        free(s);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    memcpy(s->routes, routes, route_count * sizeof *routes);
    s->route_count = route_count;

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt->port)};
    const char *host = opt->bind_host ? opt->bind_host : "0.0.0.0";
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "http listen address '%s' is not an IPv4 address", host);
        free(s->routes);
        free(s);
        return NULL;
    }
    s->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)opt->port,
                                 NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&addr,
                                 MHD_OPTION_THREAD_POOL_SIZE, s->opt.threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
                                 s, MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot listen on %s:%d", host, opt->port);
        free(s->routes);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : opt->port;
    return s;
}

int zks_http_server_port(const zks_http_server *s)
{
    return s->port;
}

void zks_http_server_set_ready(zks_http_server *s, bool ready)
{
    atomic_store(&s->ready, ready);
}

void zks_http_server_stop_accepting(zks_http_server *s)
{
    atomic_store(&s->ready, false);
    MHD_socket fd = MHD_quiesce_daemon(s->daemon);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
}

void zks_http_server_stop(zks_http_server *s)
{
    if (!s)
        return;
    /* MHD_stop_daemon would cut connections whose handler is still running: let them answer first. */
    int waited_ms = 0;
    int limit_ms = s->opt.drain_timeout_ms > 0 ? s->opt.drain_timeout_ms : 30000;
    while (atomic_load(&s->in_flight) > 0 && waited_ms < limit_ms) {
        struct timespec t = {0, 10 * 1000 * 1000};
        nanosleep(&t, NULL);
        waited_ms += 10;
    }
    if (atomic_load(&s->in_flight) > 0)
        zks_log(s->log, ZKS_LOG_WARN, "http: stopping with requests still in flight",
                ZKS_LF_INT("requests", atomic_load(&s->in_flight)));
    MHD_stop_daemon(s->daemon); /* joins the pool: in-flight handlers have returned */
    free(s->routes);
    free(s);
}
