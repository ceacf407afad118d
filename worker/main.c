/*
 * zks-worker: consumes zks.batches in a consumer group (stateless: any
 * instance proves any batch), proves each announced batch with the proving
 * key memory-mapped once at start-up, verifies its own proof, publishes the
 * Settlement on zks.settlements, marks the batch proved in Redis, and only
 * then commits the record's offset (worker_service.h).
 */
#include "worker_service.h"

#include "batch_store.h"

#include "circuit/settle_prove.h"
#include "crypto/eddsa.h"
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
#include "snark/groth16_verify.h"
#include "snark/r1cs.h"
#include "snark/zkey.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const zks_config_option worker_options[] = {
    {"keys", NULL, "key directory of `zks setup --batch L` (holds settle_L.zkey)", false},
    {"batch-size", "16", "L: the circuit's batch size (the key is DIR/settle_L.zkey)", false},
    {"group", "zks-worker", "consumer group on the batches topic", false},
    {"threads", "0", "prover threads (0: all cores)", false},
    {"proved-ttl-s", "604800", "how long a proved batch and its settlement stay in Redis for re-delivery", false},
};

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

typedef struct {
    long long batch_size, threads, ttl_s, drain_ms;
    const char *keys, *group, *redis;
    char http_host[256];
    int http_port;
    zks_log_level level;
} settings;

static int read_settings(zks_config *cfg, settings *s)
{
    const char *level;
    if (zks_config_require_str(cfg, "keys", &s->keys) || zks_config_int(cfg, "batch-size", 1, SETTLE_MAX_BATCH, &s->batch_size) ||
        zks_config_int(cfg, "threads", 0, 1024, &s->threads) ||
        zks_config_int(cfg, "proved-ttl-s", 1, 10LL * 365 * 86400, &s->ttl_s) ||
        zks_config_int(cfg, "drain-timeout-ms", 0, 600000, &s->drain_ms) ||
        zks_config_require_str(cfg, "group", &s->group) || zks_config_require_str(cfg, "redis", &s->redis) ||
        zks_config_host_port(cfg, "http-listen", s->http_host, sizeof s->http_host, &s->http_port) ||
        zks_config_require_str(cfg, "log-level", &level)) {
        fprintf(stderr, "zks-worker: %s\n", zks_config_error(cfg));
        return -1;
    }
    if (zks_log_level_parse(level, &s->level) != 0) {
        fprintf(stderr, "zks-worker: --log-level: expected debug, info, warn or error\n");
        return -1;
    }
    return 0;
}

/* Maps DIR/settle_L.zkey and checks it is SettleBatch(L)'s key. 0, 2 (wrong or unreadable key: a config error). */
static int open_key(const settings *s, settle_ctx_t *settle, zkey_t *zk, groth16_vkey_t *vk, char *key_id,
                    size_t key_id_len)
{
    char path[4096], err[256];
    if ((size_t)snprintf(path, sizeof path, "%s/settle_%lld.zkey", s->keys, s->batch_size) >= sizeof path) {
        fprintf(stderr, "zks-worker: --keys: path too long\n");
        return 2;
    }
    if (!zkey_open(zk, path, err, sizeof err)) {
        fprintf(stderr, "zks-worker: %s\n", err); /* zkey_open names the file */
        return 2;
    }
    r1cs_t r1cs;
    memset(&r1cs, 0, sizeof r1cs);
    bool built = settle_build_r1cs(&r1cs, settle, (unsigned)s->batch_size);
    bool match = built && settle_key_matches(zk, &r1cs, err, sizeof err);
    if (built)
        r1cs_free(&r1cs);
    if (!match || !groth16_vkey_from_zkey(vk, zk)) {
        fprintf(stderr, "zks-worker: %s is not a key of SettleBatch(%lld): %s\n", path, s->batch_size,
                built ? err : "cannot build the circuit");
        zkey_close(zk);
        return 2;
    }
    /* Key id: the file name and a BLAKE2b-128 of delta2, which every ceremony contribution changes. */
    uint8_t h[16];
    char hex[33];
    crypto_generichash(h, sizeof h, (const uint8_t *)&zk->delta2, sizeof zk->delta2, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(key_id, key_id_len, "settle_%lld:%s", s->batch_size, hex);
    return 0;
}

static int run(zks_config *cfg, const settings *s, zks_shutdown *stop)
{
    zks_logger log;
    zks_logger_init(&log, "worker", s->level, stderr);
    settle_ctx_t settle;
    if (!settle_ctx_init(&settle)) {
        fprintf(stderr, "zks-worker: out of memory\n");
        return 3;
    }
    zkey_t zk;
    groth16_vkey_t vk = {0};
    char key_id[96], instance[300], host[256] = "worker", err[512] = "";
    int status = open_key(s, &settle, &zk, &vk, key_id, sizeof key_id);
    if (status != 0) {
        settle_ctx_free(&settle);
        return status;
    }
    gethostname(host, sizeof host - 1);
    snprintf(instance, sizeof instance, "%s/%ld", host, (long)getpid());

    status = 3;
    zks_metrics *metrics = zks_metrics_new(zks_metric_catalog, ZKS_M__COUNT);
    eddsa_ctx *eddsa = eddsa_ctx_new();
    zks_http_server *http = NULL;
    zks_redis *redis = NULL;
    batch_store *store = NULL;
    zks_producer *producer = NULL;
    zks_consumer *consumer = NULL;
    if (metrics == NULL || eddsa == NULL)
        goto fail;
    zks_metric_set(metrics, ZKS_M_BUILD_INFO, ZKS_LABELS("0.1.0"), 1);
    zks_http_options hopt = {.bind_host = s->http_host, .port = s->http_port, .requests_metric = -1, .duration_metric = -1};
    http = zks_http_server_start(&hopt, NULL, 0, metrics, &log, err, sizeof err);
    if (http == NULL)
        goto fail;
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
    worker w = {.store = store, .producer = producer, .metrics = metrics, .log = &log, .zkey = &zk, .vkey = &vk,
                .settle = &settle, .eddsa = eddsa, .batch_size = (unsigned)s->batch_size,
                .threads = (unsigned)s->threads, .proved_ttl_s = (long)s->ttl_s, .key_id = key_id,
                .instance = instance};
    zks_topics_from_config(cfg, &w.topics);
    const char *topics[1] = {w.topics.batches};
    consumer = zks_consumer_new(cfg, s->group, topics, 1, NULL, metrics, &log, err, sizeof err);
    if (consumer == NULL)
        goto fail;
    zks_http_server_set_ready(http, true);
    zks_log(&log, ZKS_LOG_INFO, "started", ZKS_LF_STR("group", s->group), ZKS_LF_STR("key", key_id),
            ZKS_LF_INT("port", zks_http_server_port(http)));

    status = 0;
    while (!zks_shutdown_requested(stop)) {
        zks_message m;
        int got = zks_consumer_poll(consumer, 100, &m);
        if (got < 0) {
            status = 3;
            break;
        }
        if (got == 0)
            continue;
        /* Retry the same record until its effects are durable; never skip it. */
        bool done = false;
        while (!(done = worker_handle(&w, &m, now_ms()) == WORKER_DONE))
            if (zks_shutdown_wait(stop, 500))
                break;
        if (done) {
            /* A proof is worth far more than a commit: commit after every batch. */
            zks_consumer_mark_done(consumer, &m);
            zks_consumer_commit(consumer);
        }
        zks_message_release(&m);
    }
    zks_log(&log, ZKS_LOG_INFO, "draining", ZKS_LF_INT("signal", zks_shutdown_signal(stop)));
    zks_http_server_set_ready(http, false);
    zks_http_server_stop_accepting(http);
    goto out;
fail:
    fprintf(stderr, "zks-worker: %s\n", err[0] ? err : "out of memory");
    status = 3;
out:
    if (consumer)
        zks_consumer_close(consumer);
    if (producer)
        zks_producer_free(producer, (int)s->drain_ms);
    batch_store_free(store);
    zks_redis_free(redis);
    if (http)
        zks_http_server_stop(http);
    eddsa_ctx_free(eddsa);
    zks_metrics_free(metrics);
    groth16_vkey_free(&vk);
    zkey_close(&zk);
    settle_ctx_free(&settle);
    if (status == 0)
        zks_log_msg(&log, ZKS_LOG_INFO, "stopped");
    return status;
}

static int start(zks_config *cfg, zks_shutdown *stop)
{
    settings s;
    return read_settings(cfg, &s) == 0 ? run(cfg, &s, stop) : 2;
}

int main(int argc, char **argv, char **envp)
{
    const zks_service_spec spec = {
        .name = "zks-worker",
        .usage = "zks-worker --keys DIR [--batch-size L] [options]",
        .options = worker_options,
        .n_options = sizeof worker_options / sizeof worker_options[0],
        .run = start,
    };
    return zks_service_main(&spec, argc, argv, envp);
}
