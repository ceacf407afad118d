#include "send.h"

#include "http_client.h"

#include "service/kafka_config.h"
#include "wire/request_json.h"
#include "zks.pb-c.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { HTTP_ATTEMPTS = 4, DELIVERY_WAIT_MS = 60000 };

int64_t lg_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Counts n traces the fleet should have taken and did not; keeps the first reason. */
__attribute__((format(printf, 3, 4))) static void fail(lg_send_stats *st, size_t n, const char *fmt, ...)
{
    if (st->failures == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(st->first_failure, sizeof st->first_failure, fmt, ap);
        va_end(ap);
    }
    st->failures += n;
}

static void to_request(zks_request *r, const lg_population *pop, const lg_trace *t)
{
    const lg_pair *p = &pop->pairs[t->pair];
    memset(r, 0, sizeof *r);
    r->nonce = t->nonce;
    r->fee = t->fee;
    memcpy(r->user, pop->users[p->user].address, 20);
    memcpy(r->provider, pop->providers[p->provider].address, 20);
    r->is_signed = true;
    memcpy(r->signer, pop->users[p->user].pub, EDDSA_PUBLIC_KEY_BYTES);
    memcpy(r->signature, t->signature, EDDSA_SIGNATURE_BYTES);
}

/* protobuf SignedTrace of r; malloc'd, NULL on OOM. */
static uint8_t *pack_signed_trace(const zks_request *r, size_t *len)
{
    Zks__V1__SignedTrace m = ZKS__V1__SIGNED_TRACE__INIT;
    m.version = 1;
    m.nonce = r->nonce;
    m.fee_lo = (uint64_t)r->fee;
    m.fee_hi = (uint64_t)(r->fee >> 64);
    m.user = (ProtobufCBinaryData){20, (uint8_t *)r->user};
    m.provider = (ProtobufCBinaryData){20, (uint8_t *)r->provider};
    m.signer = (ProtobufCBinaryData){EDDSA_PUBLIC_KEY_BYTES, (uint8_t *)r->signer};
    m.signature = (ProtobufCBinaryData){EDDSA_SIGNATURE_BYTES, (uint8_t *)r->signature};
    m.source = ZKS__V1__SIGNED_TRACE__SOURCE__SOURCE_KAFKA;
    *len = zks__v1__signed_trace__get_packed_size(&m);
    uint8_t *buf = malloc(*len ? *len : 1);
    if (buf != NULL)
        zks__v1__signed_trace__pack(&m, buf);
    return buf;
}

/* POSTs a JSON body, retrying transport failures and 503 (ingest's "Kafka did
 * not confirm": the aggregator dedups a resent trace, so a retry is safe).
 * 0 with *resp, or -1 with err. */
static int post(const lg_sender *s, const char *token, const char *body, lg_send_stats *st, http_response *resp,
                char *err, size_t errlen)
{
    for (int attempt = 0; attempt < HTTP_ATTEMPTS; attempt++) {
        if (attempt > 0) {
            st->http_retries++;
            usleep(200000u << attempt);
        }
        st->http_requests++;
        if (http_post_json(s->host, s->port, "/v1/traces", token, body, strlen(body), s->timeout_ms, resp, err,
                           errlen) != 0)
            continue;
        if (resp->status != 503)
            return 0;
        snprintf(err, errlen, "ingest answered 503: %.120s", resp->body);
        http_response_free(resp);
    }
    return -1;
}

/* Most traces in one POST: well under ingest's --max-items default (1000). */
enum { HTTP_CHUNK = 256 };

/* POSTs traces idx[0..n) (all of one provider) as one JSON array. */
static int post_chunk(const lg_sender *s, lg_population *pop, size_t provider, const size_t *idx, size_t n,
                      lg_send_stats *st)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < n; i++) {
        zks_request r;
        to_request(&r, pop, &pop->traces[idx[i]]);
        json_array_append_new(arr, zks_request_to_json(&r));
    }
    char *body = arr != NULL ? json_dumps(arr, JSON_COMPACT) : NULL;
    json_decref(arr);
    if (body == NULL) {
        fail(st, n, "%s", "out of memory");
        return 1;
    }
    int64_t t0 = lg_now_ms();
    http_response resp;
    char err[256];
    int rc = post(s, pop->providers[provider].token, body, st, &resp, err, sizeof err);
    free(body);
    if (rc != 0) {
        fail(st, n, "POST /v1/traces: %s", err);
        return 3;
    }
    rc = resp.status == 202 ? 0 : 1;
    if (rc == 0) {
        for (size_t i = 0; i < n; i++) {
            pop->traces[idx[i]].accepted = true;
            pop->traces[idx[i]].sent_ms = t0;
        }
        st->http_accepted += n;
    } else {
        fail(st, n, "ingest refused good traces: %d %.180s", resp.status, resp.body);
    }
    http_response_free(&resp);
    return rc;
}

/* Round k for one provider: the k-th trace of each of its HTTP pairs, in chunks. */
static int send_http_round(const lg_sender *s, lg_population *pop, size_t provider, size_t k, lg_send_stats *st)
{
    size_t idx[HTTP_CHUNK], n = 0;
    int worst = 0;
    for (size_t i = 0; i <= pop->n_pairs; i++) {
        if (n == HTTP_CHUNK || (i == pop->n_pairs && n > 0)) {
            int rc = post_chunk(s, pop, provider, idx, n, st);
            worst = rc > worst ? rc : worst;
            n = 0;
            if (rc == 3)
                return 3;
        }
        if (i == pop->n_pairs)
            break;
        const lg_pair *p = &pop->pairs[i];
        if (p->via == LG_VIA_HTTP && p->provider == provider && k < p->count)
            idx[n++] = p->first + k;
    }
    return worst;
}

static int send_raw_round(const lg_sender *s, lg_population *pop, size_t k, lg_send_stats *st)
{
    size_t n = 0;
    for (size_t i = 0; i < pop->n_pairs; i++)
        n += pop->pairs[i].via == LG_VIA_RAW && k < pop->pairs[i].count;
    if (n == 0)
        return 0;
    size_t *idx = calloc(n, sizeof *idx);
    rd_kafka_resp_err_t *res = calloc(n, sizeof *res);
    if (!idx || !res) {
        free(idx);
        free(res);
        fail(st, n, "%s", "out of memory");
        return 1;
    }
    /* heap, not stack: after a timed-out wait, late delivery reports still write into d and res */
    zks_delivery *d = malloc(sizeof *d);
    if (d == NULL) {
        free(idx);
        free(res);
        fail(st, n, "%s", "out of memory");
        return 1;
    }
    zks_delivery_init(d);
    int64_t t0 = lg_now_ms();
    size_t queued = 0;
    for (size_t i = 0; i < pop->n_pairs; i++) {
        const lg_pair *p = &pop->pairs[i];
        if (p->via != LG_VIA_RAW || k >= p->count)
            continue;
        zks_request r;
        to_request(&r, pop, &pop->traces[p->first + k]);
        size_t len;
        uint8_t *buf = pack_signed_trace(&r, &len);
        rd_kafka_resp_err_t e = buf ? zks_producer_send(s->producer, s->raw_topic, p->key, ZKS_PAIR_KEY_LEN, buf, len, d,
                                                        &res[queued])
                                    : RD_KAFKA_RESP_ERR__FAIL;
        free(buf);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fail(st, 1, "raw produce: %s", rd_kafka_err2str(e));
            continue;
        }
        idx[queued++] = p->first + k;
    }
    int rc = 0;
    if (zks_delivery_wait(d, DELIVERY_WAIT_MS) != 0) {
        /* d, idx and res are deliberately leaked: reports may still arrive */
        fail(st, queued, "raw topic: no delivery report within %d s", DELIVERY_WAIT_MS / 1000);
        return 3;
    }
    for (size_t i = 0; i < queued; i++) {
        if (res[i] == RD_KAFKA_RESP_ERR_NO_ERROR) {
            pop->traces[idx[i]].accepted = true;
            pop->traces[idx[i]].sent_ms = t0;
            st->raw_accepted++;
        } else {
            fail(st, 1, "raw delivery: %s", rd_kafka_err2str(res[i]));
            rc = 1;
        }
    }
    zks_delivery_destroy(d);
    free(d);
    free(idx);
    free(res);
    return rc;
}

int send_traces(const lg_sender *s, lg_population *pop, lg_send_stats *st)
{
    size_t rounds = 0;
    for (size_t i = 0; i < pop->n_pairs; i++)
        rounds = pop->pairs[i].count > rounds ? pop->pairs[i].count : rounds;
    int worst = 0;
    int64_t t0 = lg_now_ms();
    size_t done = 0;
    for (size_t k = 0; k < rounds; k++) {
        /* pacing: round k starts no earlier than the traces sent so far allow at the target rate */
        int64_t due = s->rate > 0 ? t0 + (int64_t)((double)done * 1000.0 / s->rate) : 0, now = lg_now_ms();
        if (due > now)
            usleep((useconds_t)(due - now) * 1000u);
        for (size_t i = 0; i < pop->n_pairs; i++)
            done += k < pop->pairs[i].count;
        for (size_t prov = 0; prov < pop->n_providers; prov++) {
            int rc = send_http_round(s, pop, prov, k, st);
            worst = rc > worst ? rc : worst;
            if (rc == 3)
                return 3;
        }
        int rc = send_raw_round(s, pop, k, st);
        worst = rc > worst ? rc : worst;
        if (rc == 3)
            return 3;
    }
    return worst;
}

/* A probe request for pair p's user, with a nonce far above anything sent, signed over other_fee when forging. */
static void probe_request(zks_request *r, const lg_population *pop, const eddsa_ctx *ctx, const lg_pair *p,
                          uint64_t nonce_offset, bool forge)
{
    const lg_trace *last = &pop->traces[p->first + p->count - 1];
    memset(r, 0, sizeof *r);
    r->nonce = last->nonce + nonce_offset;
    r->fee = 1000;
    memcpy(r->user, pop->users[p->user].address, 20);
    memcpy(r->provider, pop->providers[p->provider].address, 20);
    if (forge)
        r->fee += 1; /* sign a different fee, then claim the original: a well-formed, wrong signature */
    zks_request_sign(ctx, r, pop->users[p->user].prv);
    if (forge)
        r->fee -= 1;
}

static void http_probe(const lg_sender *s, lg_probe *pr, const char *token, const zks_request *r, int want_status,
                       const char *want_reason)
{
    char *body = zks_request_print(r);
    http_response resp;
    char err[160];
    lg_send_stats scratch = {0};
    if (body == NULL || post(s, token, body, &scratch, &resp, err, sizeof err) != 0) {
        snprintf(pr->got, sizeof pr->got, "%s", body ? err : "out of memory");
        free(body);
        return;
    }
    free(body);
    bool reason_ok = true;
    if (want_reason != NULL) {
        json_t *j = json_loads(resp.body, 0, NULL);
        const char *reason = NULL;
        json_unpack(j, "{s:[{s:s}]}", "rejected", "reason", &reason);
        reason_ok = reason != NULL && strcmp(reason, want_reason) == 0;
        json_decref(j);
    }
    pr->rejected = resp.status == want_status && reason_ok;
    snprintf(pr->got, sizeof pr->got, "%d %.140s", resp.status, resp.body);
    http_response_free(&resp);
}

void send_probes(const lg_sender *s, const lg_population *pop, lg_probes *probes)
{
    memset(probes, 0, sizeof *probes);
    const lg_pair *http_pair = NULL, *raw_pair = NULL;
    for (size_t i = 0; i < pop->n_pairs; i++) {
        if (pop->pairs[i].via == LG_VIA_HTTP && http_pair == NULL)
            http_pair = &pop->pairs[i];
        if (pop->pairs[i].via == LG_VIA_RAW && raw_pair == NULL)
            raw_pair = &pop->pairs[i];
    }
    zks_request r;
    if (http_pair != NULL) {
        const char *token = pop->providers[http_pair->provider].token;
        lg_probe *pr = &probes->items[probes->count++];
        pr->name = "http bad signature";
        pr->expect = "400 reason bad_signature";
        probe_request(&r, pop, s->eddsa, http_pair, 1000, true);
        http_probe(s, pr, token, &r, 400, "bad_signature");

        if (pop->n_providers > 1) {
            /* a valid trace of another provider presented with this provider's token */
            const char *other_token = pop->providers[(http_pair->provider + 1) % pop->n_providers].token;
            pr = &probes->items[probes->count++];
            pr->name = "http wrong provider";
            pr->expect = "403";
            probe_request(&r, pop, s->eddsa, http_pair, 1001, false);
            http_probe(s, pr, other_token, &r, 403, NULL);
        }

        pr = &probes->items[probes->count++];
        pr->name = "http unknown token";
        pr->expect = "401";
        probe_request(&r, pop, s->eddsa, http_pair, 1002, false);
        http_probe(s, pr, "0000000000000000000000000000000000000000000000000000000000000000", &r, 401, NULL);
    }
    if (raw_pair != NULL) {
        lg_probe *pr = &probes->items[probes->count++];
        pr->name = "raw bad signature";
        pr->expect = "DLQ reason bad_signature";
        pr->via_raw = true;
        pr->dlq_reason = "bad_signature";
        probe_request(&r, pop, s->eddsa, raw_pair, 1000, true);
        pr->payload = pack_signed_trace(&r, &pr->payload_len);
        /* heap, not stack, for the same reason as in send_raw_round */
        rd_kafka_resp_err_t *res = malloc(sizeof *res);
        zks_delivery *d = malloc(sizeof *d);
        if (res == NULL || d == NULL || pr->payload == NULL) {
            snprintf(pr->got, sizeof pr->got, "out of memory");
            free(res);
            free(d);
            return;
        }
        *res = RD_KAFKA_RESP_ERR__FAIL;
        zks_delivery_init(d);
        bool queued = zks_producer_send(s->producer, s->raw_topic, raw_pair->key, ZKS_PAIR_KEY_LEN, pr->payload,
                                        pr->payload_len, d, res) == RD_KAFKA_RESP_ERR_NO_ERROR;
        if (queued && zks_delivery_wait(d, DELIVERY_WAIT_MS) != 0) {
            snprintf(pr->got, sizeof pr->got, "no delivery report within %d s", DELIVERY_WAIT_MS / 1000);
            return; /* d and res leaked on purpose */
        }
        if (queued && *res == RD_KAFKA_RESP_ERR_NO_ERROR)
            snprintf(pr->got, sizeof pr->got, "sent, no DLQ record yet");
        else
            snprintf(pr->got, sizeof pr->got, "could not produce: %s", rd_kafka_err2str(*res));
        zks_delivery_destroy(d);
        free(d);
        free(res);
    }
}

void probes_free(lg_probes *probes)
{
    for (size_t i = 0; i < probes->count; i++)
        free(probes->items[i].payload);
    probes->count = 0;
}
