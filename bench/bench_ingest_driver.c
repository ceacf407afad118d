/*
 * The load side of bench/bench_ingest.sh (a benchmark driver, not a test).
 *
 *   gen   OUT N PROVIDERS_FILE USERS        N signed traces, grouped by provider, as raw
 *                                           zks_request records in OUT (this machine only)
 *   http  IN PROVIDERS_FILE HOST:PORT BATCH CONNS
 *                                           POSTs IN as JSON arrays of BATCH traces over CONNS
 *                                           keep-alive connections; prints accepted traces/s
 *   raw   IN BROKERS TOPIC                  produces IN as protobuf SignedTrace (key user||provider,
 *                                           the producer settings ingest uses); prints traces/s
 *   wait  BROKERS TOPIC N TIMEOUT_S         waits until TOPIC's high watermarks grew by N; prints
 *                                           seconds to the first and to the last new message
 *   verify IN                               verifies every trace on one thread, as ingest does
 *                                           (Poseidon message hash + EdDSA verify); prints traces/s
 *
 * Output lines are "key value ..." for bench_ingest.sh to pick up with awk.
 * Signing happens once in gen, so every measured phase runs on the same traces.
 */
#include "wire/request_json.h"
#include "zks.pb-c.h"

#include <librdkafka/rdkafka.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROVIDERS 64

typedef struct {
    uint8_t address[20];
    char token[80];
} provider_cred;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int die(const char *what)
{
    fprintf(stderr, "bench_ingest_driver: %s\n", what);
    return 3;
}

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* zks-loadgen's providers.secret: "0x<40 hex address> <token>" per line. */
static size_t read_providers(const char *path, provider_cred *out, size_t max)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    char line[256], addr[64], token[80];
    size_t n = 0;
    while (n < max && fgets(line, sizeof line, f)) {
        if (sscanf(line, "%63s %79s", addr, token) != 2 || strlen(addr) != 42)
            continue;
        bool ok = true;
        for (int i = 0; i < 20; i++) {
            int hi = hex_nibble(addr[2 + 2 * i]), lo = hex_nibble(addr[3 + 2 * i]);
            ok &= hi >= 0 && lo >= 0;
            out[n].address[i] = (uint8_t)(hi << 4 | lo);
        }
        if (!ok)
            continue;
        snprintf(out[n].token, sizeof out[n].token, "%s", token);
        n++;
    }
    fclose(f);
    return n;
}

static zks_request *read_traces(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    *n = len > 0 ? (size_t)len / sizeof(zks_request) : 0;
    zks_request *t = malloc(*n * sizeof *t + 1);
    if (t && fread(t, sizeof *t, *n, f) != *n) {
        free(t);
        t = NULL;
    }
    fclose(f);
    return t;
}

static int cmd_gen(const char *out, size_t n, const char *providers_path, size_t n_users)
{
    provider_cred prov[MAX_PROVIDERS];
    size_t n_prov = read_providers(providers_path, prov, MAX_PROVIDERS);
    if (n_prov == 0 || n_users == 0 || n == 0)
        return die("gen: no providers, users or traces");
    eddsa_ctx *ctx = eddsa_ctx_new();
    uint8_t(*prv)[EDDSA_PRIVATE_KEY_BYTES] = calloc(n_users, sizeof *prv);
    uint8_t(*pub)[EDDSA_PUBLIC_KEY_BYTES] = calloc(n_users, sizeof *pub);
    zks_request *t = calloc(n, sizeof *t);
    if (!ctx || !prv || !pub || !t)
        return die("gen: out of memory");
    for (size_t u = 0; u < n_users; u++) {
        eddsa_keygen(prv[u]);
        eddsa_prv2pub_packed(ctx, pub[u], prv[u]);
    }
    /* provider p owns traces [p*n/P, (p+1)*n/P): an HTTP batch never mixes providers */
    for (size_t i = 0; i < n; i++) {
        size_t p = i * n_prov / n, first = p * n / n_prov, k = i - first, u = k % n_users;
        zks_request *r = &t[i];
        r->nonce = 1 + k / n_users; /* strictly increasing per (user, provider) */
        r->fee = 1000 + i;
        memcpy(r->user, pub[u], 20); /* a stable per-user address */
        memcpy(r->provider, prov[p].address, 20);
        zks_request_sign(ctx, r, prv[u]);
    }
    sodium_memzero(prv, n_users * sizeof *prv);
    FILE *f = fopen(out, "wb");
    int rc = f && fwrite(t, sizeof *t, n, f) == n ? 0 : die("gen: cannot write the output");
    if (f && fclose(f) != 0)
        rc = die("gen: cannot write the output");
    free(prv);
    free(pub);
    free(t);
    eddsa_ctx_free(ctx);
    return rc;
}

static int cmd_verify(const char *in)
{
    size_t n;
    zks_request *t = read_traces(in, &n);
    eddsa_ctx *ctx = eddsa_ctx_new();
    if (!t || !ctx || n == 0)
        return die("verify: cannot read the traces");
    size_t good = 0;
    double t0 = now_s();
    for (size_t i = 0; i < n; i++)
        good += zks_request_verify(ctx, &t[i]);
    double dt = now_s() - t0;
    printf("verify_valid %zu of %zu\n", good, n);
    printf("verify_rate %.1f traces/s (%.1f us each, one thread)\n", (double)n / dt, dt * 1e6 / (double)n);
    eddsa_ctx_free(ctx);
    free(t);
    return good == n ? 0 : 1;
}

/* ---- HTTP: one keep-alive connection per thread ---- */

typedef struct {
    char **bodies;       /* complete requests (headers + JSON), one per batch */
    size_t *body_len;
    size_t *body_items;
    size_t n_bodies;
    atomic_size_t next;
    atomic_size_t accepted, rejected_items, errors;
    struct sockaddr_in addr;
} http_job;

static int connect_to(const struct sockaddr_in *a)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (fd >= 0 && connect(fd, (const struct sockaddr *)a, sizeof *a) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Sends one request and reads its response; the HTTP status, or -1 (connection must be reopened). */
static int roundtrip(int fd, const char *req, size_t len, bool *keep)
{
    for (size_t off = 0; off < len;) {
        ssize_t w = send(fd, req + off, len - off, MSG_NOSIGNAL);
        if (w <= 0)
            return -1;
        off += (size_t)w;
    }
    char buf[16384];
    size_t have = 0;
    char *end = NULL;
    while (end == NULL) {
        if (have + 1 >= sizeof buf)
            return -1;
        ssize_t r = recv(fd, buf + have, sizeof buf - 1 - have, 0);
        if (r <= 0)
            return -1;
        have += (size_t)r;
        buf[have] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    int status = 0;
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
        return -1;
    long clen = -1;
    *keep = true;
    for (char *line = strstr(buf, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, "Content-Length:", 15) == 0)
            clen = strtol(line + 17, NULL, 10);
        if (strncasecmp(line + 2, "Connection: close", 17) == 0)
            *keep = false;
    }
    if (clen < 0)
        return -1; /* ingest's responses are all sized; anything else: reopen */
    size_t body_have = have - (size_t)(end + 4 - buf);
    while (body_have < (size_t)clen) {
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r <= 0)
            return -1;
        body_have += (size_t)r;
    }
    return status;
}

static void *http_worker(void *arg)
{
    http_job *job = arg;
    int fd = -1;
    for (size_t i; (i = atomic_fetch_add(&job->next, 1)) < job->n_bodies;) {
        int status = -1;
        bool keep = false;
        for (int attempt = 0; attempt < 2 && status < 0; attempt++) {
            if (fd < 0)
                fd = connect_to(&job->addr);
            if (fd < 0)
                break;
            status = roundtrip(fd, job->bodies[i], job->body_len[i], &keep);
            if (status < 0 || !keep) {
                close(fd);
                fd = -1;
            }
        }
        if (status == 202)
            atomic_fetch_add(&job->accepted, job->body_items[i]);
        else if (status > 0)
            atomic_fetch_add(&job->rejected_items, job->body_items[i]);
        else
            atomic_fetch_add(&job->errors, 1);
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

static char *http_request_text(const char *host, const char *token, const zks_request *t, size_t n, size_t *len)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        json_array_append_new(arr, zks_request_to_json(&t[i]));
    char *body = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
    json_decref(arr);
    if (body == NULL)
        return NULL;
    char *req = NULL;
    int w = asprintf(&req,
                     "POST /v1/traces HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                     host, token, strlen(body), body);
    free(body);
    if (w < 0)
        return NULL;
    *len = (size_t)w;
    return req;
}

static int cmd_http(const char *in, const char *providers_path, const char *hostport, size_t batch, size_t conns)
{
    provider_cred prov[MAX_PROVIDERS];
    size_t n_prov = read_providers(providers_path, prov, MAX_PROVIDERS), n;
    zks_request *t = read_traces(in, &n);
    char host[128];
    int port;
    if (!t || n_prov == 0 || batch == 0 || conns == 0 || conns > 256 ||
        sscanf(hostport, "%127[^:]:%d", host, &port) != 2)
        return die("http: bad arguments or unreadable input");
    http_job job = {.n_bodies = 0};
    job.bodies = calloc(n, sizeof *job.bodies);
    job.body_len = calloc(n, sizeof *job.body_len);
    job.body_items = calloc(n, sizeof *job.body_items);
    if (!job.bodies || !job.body_len || !job.body_items)
        return die("http: out of memory");
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && j - i < batch && memcmp(t[j].provider, t[i].provider, 20) == 0)
            j++;
        size_t p = 0;
        while (p < n_prov && memcmp(prov[p].address, t[i].provider, 20) != 0)
            p++;
        if (p == n_prov)
            return die("http: a trace's provider is not in the providers file");
        size_t k = job.n_bodies++;
        job.bodies[k] = http_request_text(host, prov[p].token, &t[i], j - i, &job.body_len[k]);
        if (job.bodies[k] == NULL)
            return die("http: out of memory");
        job.body_items[k] = j - i;
        i = j;
    }
    job.addr.sin_family = AF_INET;
    job.addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &job.addr.sin_addr) != 1)
        return die("http: host must be an IPv4 address");
    pthread_t th[256];
    double t0 = now_s();
    for (size_t i = 0; i < conns; i++)
        pthread_create(&th[i], NULL, http_worker, &job);
    for (size_t i = 0; i < conns; i++)
        pthread_join(th[i], NULL);
    double dt = now_s() - t0;
    size_t acc = atomic_load(&job.accepted);
    printf("http_accepted %zu of %zu (rejected %zu, transport errors %zu) batch %zu conns %zu\n", acc, n,
           atomic_load(&job.rejected_items), atomic_load(&job.errors), batch, conns);
    printf("http_rate %.1f traces/s (%.3f s)\n", (double)acc / dt, dt);
    for (size_t k = 0; k < job.n_bodies; k++)
        free(job.bodies[k]);
    free(job.bodies);
    free(job.body_len);
    free(job.body_items);
    free(t);
    return acc == n ? 0 : 1;
}

/* ---- Kafka ---- */

/* A plain client for metadata and watermark queries. */
static rd_kafka_t *kafka_client(const char *brokers)
{
    char why[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", brokers, why, sizeof why) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, why, sizeof why);
    if (rk == NULL)
        rd_kafka_conf_destroy(conf);
    return rk;
}

static void count_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    (void)opaque;
    if (m->err)
        atomic_fetch_add((atomic_size_t *)m->_private, 1);
}

static int cmd_raw(const char *in, const char *brokers, const char *topic)
{
    size_t n;
    zks_request *t = read_traces(in, &n);
    char why[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* the settings zks_producer uses (common/service/kafka_producer.c): this is ingest's produce ceiling */
    const char *props[][2] = {{"bootstrap.servers", brokers}, {"enable.idempotence", "true"}, {"acks", "all"},
                              {"linger.ms", "5"}, {"partitioner", "murmur2_random"}};
    for (size_t i = 0; i < 5; i++)
        rd_kafka_conf_set(conf, props[i][0], props[i][1], why, sizeof why);
    rd_kafka_conf_set_dr_msg_cb(conf, count_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, why, sizeof why);
    if (!t || !rk)
        return die("raw: cannot read the traces or create a producer");
    /* encode everything first: the timed part is the produce path only */
    uint8_t **msg = calloc(n, sizeof *msg);
    size_t *len = calloc(n, sizeof *len);
    if (!msg || !len)
        return die("raw: out of memory");
    for (size_t i = 0; i < n; i++) {
        Zks__V1__SignedTrace m = ZKS__V1__SIGNED_TRACE__INIT;
        m.version = 1;
        m.nonce = t[i].nonce;
        m.fee_lo = (uint64_t)t[i].fee;
        m.fee_hi = (uint64_t)(t[i].fee >> 64);
        m.user = (ProtobufCBinaryData){20, t[i].user};
        m.provider = (ProtobufCBinaryData){20, t[i].provider};
        m.signer = (ProtobufCBinaryData){EDDSA_PUBLIC_KEY_BYTES, t[i].signer};
        m.signature = (ProtobufCBinaryData){EDDSA_SIGNATURE_BYTES, t[i].signature};
        m.source = ZKS__V1__SIGNED_TRACE__SOURCE__SOURCE_KAFKA;
        len[i] = zks__v1__signed_trace__get_packed_size(&m);
        msg[i] = malloc(len[i]);
        if (msg[i] == NULL)
            return die("raw: out of memory");
        zks__v1__signed_trace__pack(&m, msg[i]);
    }
    atomic_size_t failed = 0;
    double t0 = now_s();
    for (size_t i = 0; i < n; i++) {
        uint8_t key[40];
        memcpy(key, t[i].user, 20);
        memcpy(key + 20, t[i].provider, 20);
        rd_kafka_resp_err_t e;
        while ((e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(key, 40),
                                      RD_KAFKA_V_VALUE(msg[i], len[i]), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                      RD_KAFKA_V_OPAQUE(&failed), RD_KAFKA_V_END)) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll(rk, 10);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
            return die("raw: produce failed");
        rd_kafka_poll(rk, 0);
    }
    int fl = rd_kafka_flush(rk, 60000);
    double dt = now_s() - t0;
    printf("raw_produced %zu to %s (failed %zu, flush %s)\n", n, topic, atomic_load(&failed),
           fl == RD_KAFKA_RESP_ERR_NO_ERROR ? "ok" : "timed out");
    printf("raw_produce_rate %.1f traces/s (%.3f s)\n", (double)n / dt, dt);
    for (size_t i = 0; i < n; i++)
        free(msg[i]);
    free(msg);
    free(len);
    free(t);
    rd_kafka_destroy(rk);
    return fl == RD_KAFKA_RESP_ERR_NO_ERROR && atomic_load(&failed) == 0 ? 0 : 1;
}

/* Sum of the topic's high watermarks, or -1. */
static int64_t topic_end(rd_kafka_t *rk, const char *topic)
{
    const rd_kafka_metadata_t *md;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    if (rkt == NULL || rd_kafka_metadata(rk, 0, rkt, &md, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (rkt)
            rd_kafka_topic_destroy(rkt);
        return -1;
    }
    int64_t sum = 0;
    for (int t = 0; t < md->topic_cnt && sum >= 0; t++)
        for (int p = 0; p < md->topics[t].partition_cnt; p++) {
            int64_t lo, hi;
            if (rd_kafka_query_watermark_offsets(rk, topic, md->topics[t].partitions[p].id, &lo, &hi, 5000) !=
                RD_KAFKA_RESP_ERR_NO_ERROR) {
                sum = -1;
                break;
            }
            sum += hi;
        }
    rd_kafka_metadata_destroy(md);
    rd_kafka_topic_destroy(rkt);
    return sum;
}

static int cmd_wait(const char *brokers, const char *topic, int64_t n, double timeout_s)
{
    rd_kafka_t *rk = kafka_client(brokers);
    int64_t base = rk ? topic_end(rk, topic) : -1;
    if (base < 0)
        return die("wait: cannot read the topic's watermarks");
    printf("wait_ready %s base %lld\n", topic, (long long)base);
    fflush(stdout); /* the script starts the service only after this line */
    double t0 = now_s(), first = -1, last = -1;
    while (now_s() - t0 < timeout_s) {
        int64_t e = topic_end(rk, topic);
        double t = now_s() - t0;
        if (e > base && first < 0)
            first = t;
        if (e >= base + n) {
            last = t;
            break;
        }
        usleep(20000);
    }
    rd_kafka_destroy(rk);
    if (last < 0) {
        printf("wait_timeout %s after %.1f s\n", topic, timeout_s);
        return 1;
    }
    printf("wait_done %lld on %s: first after %.3f s, all after %.3f s\n", (long long)n, topic, first, last);
    printf("wait_rate %.1f traces/s from the first one (%.1f traces/s from the start)\n",
           (double)n / (last - first > 1e-3 ? last - first : 1e-3), (double)n / last);
    return 0;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0)
        return die("libsodium failed to initialise");
    const char *cmd = argc > 1 ? argv[1] : "";
    if (strcmp(cmd, "gen") == 0 && argc == 6)
        return cmd_gen(argv[2], strtoul(argv[3], NULL, 10), argv[4], strtoul(argv[5], NULL, 10));
    if (strcmp(cmd, "http") == 0 && argc == 7)
        return cmd_http(argv[2], argv[3], argv[4], strtoul(argv[5], NULL, 10), strtoul(argv[6], NULL, 10));
    if (strcmp(cmd, "raw") == 0 && argc == 5)
        return cmd_raw(argv[2], argv[3], argv[4]);
    if (strcmp(cmd, "wait") == 0 && argc == 6)
        return cmd_wait(argv[2], argv[3], strtoll(argv[4], NULL, 10), strtod(argv[5], NULL));
    if (strcmp(cmd, "verify") == 0 && argc == 3)
        return cmd_verify(argv[2]);
    fprintf(stderr, "usage: bench_ingest_driver gen|http|raw|wait|verify ... (see the comment at the top)\n");
    return 2;
}
