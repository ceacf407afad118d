#include "ingest_http.h"

#include "trace_codec.h"
#include "validate.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void count(ingest_http_ctx *c, const char *result, const char *reason, size_t n)
{
    zks_metric_add(c->metrics, ZKS_M_INGEST_TRACES_TOTAL, ZKS_LABELS("http", result, reason), (double)n);
}

static bool json_content(const char *ct)
{
    if (ct == NULL)
        return false;
    size_t n = strlen("application/json");
    return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Publishes every item and waits for all delivery reports: true only if the broker confirmed each one. */
static bool publish_all(ingest_http_ctx *c, const ingest_item *items, size_t n)
{
    zks_delivery d;
    zks_delivery_init(&d);
    rd_kafka_resp_err_t *res = calloc(n, sizeof *res);
    bool ok = res != NULL;
    uint64_t at = now_ms();
    for (size_t i = 0; i < n && ok; i++) {
        size_t len;
        uint8_t *buf = trace_encode(&items[i].pair, &items[i].rec, at, 1 /* SOURCE_HTTP */, &len);
        uint8_t key[TRACE_PAIR_KEY_LEN];
        trace_pair_key(&items[i].pair, key);
        ok = buf != NULL &&
             zks_producer_send(c->producer, c->topic, key, sizeof key, buf, len, &d, &res[i]) == RD_KAFKA_RESP_ERR_NO_ERROR;
        free(buf);
    }
    /* Reports write into d and res: wait for all of them before either goes away. */
    zks_delivery_wait(&d, -1);
    ok = ok && d.failed == 0;
    zks_delivery_destroy(&d);
    free(res);
    return ok;
}

void ingest_post_traces(void *ctxp, const zks_http_request *req, zks_http_response *resp)
{
    ingest_http_ctx *c = ctxp;
    const char *auth = zks_http_header(req, "Authorization");
    uint8_t provider[20];
    if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0 ||
        !token_table_lookup(c->tokens, auth + 7, strlen(auth + 7), provider)) {
        zks_http_respond_error(resp, 401, "unauthorized", "missing or unknown bearer token");
        return;
    }
    if (!json_content(zks_http_header(req, "Content-Type"))) {
        zks_http_respond_error(resp, 415, "unsupported_media_type", "Content-Type must be application/json");
        return;
    }
    ingest_item *items;
    size_t n;
    char msg[256];
    body_status st = ingest_parse_body(c->eddsa, req->body, req->body_len, provider, c->max_items, &items, &n, msg, sizeof msg);
    if (st != BODY_OK) {
        count(c, "rejected", "bad_json", 1);
        zks_http_respond_error(resp, st == BODY_TOO_MANY ? 413 : 400, st == BODY_TOO_MANY ? "too_many_items" : "bad_json", msg);
        return;
    }
    json_t *rejected = json_array();
    bool wrong_provider = false;
    for (size_t i = 0; i < n; i++) {
        if (items[i].reason == NULL)
            continue;
        wrong_provider |= strcmp(items[i].reason, "wrong_provider") == 0;
        count(c, "rejected", items[i].reason, 1);
        json_array_append_new(rejected, json_pack("{s:i,s:s,s:s}", "index", (json_int_t)i, "reason", items[i].reason,
                                                  "message", items[i].message));
    }
    size_t bad = json_array_size(rejected);
    if (bad == 0 && !publish_all(c, items, n)) {
        count(c, "rejected", "kafka_unavailable", n);
        zks_http_respond_error(resp, 503, "kafka_unavailable", "the broker did not confirm delivery; retry");
    } else {
        json_t *out = json_pack("{s:i,s:O}", "accepted", (json_int_t)(bad ? 0 : n), "rejected", rejected);
        if (bad == 0)
            count(c, "accepted", "", n);
        zks_http_respond_json(resp, bad == 0 ? 202 : wrong_provider ? 403 : 400, out);
        json_decref(out);
    }
    json_decref(rejected);
    free(items);
}
