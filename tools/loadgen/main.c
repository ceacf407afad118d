/*
 * zks-loadgen: drives a running zkSettlement fleet and checks what comes out.
 *
 *   zks-loadgen providers --providers N --out DIR
 *       writes DIR/providers.secret (address + bearer token, 0600) and
 *       DIR/tokens (address + sha256(token): ingest's --tokens-file)
 *   zks-loadgen run --providers-file DIR/providers.secret --vkey verification_key.json ...
 *       signs traces for users x providers pairs, sends them over HTTP and the
 *       raw topic, sends probes that must be rejected, consumes zks.settlements
 *       and zks.traces.dlq in its own group until every accepted trace is
 *       settled, verifies every proof and the invariants, prints a summary.
 *
 * Exit: 0 every invariant holds; 1 an invariant failed or the wait timed out;
 * 2 bad arguments; 3 the fleet (ingest, broker) or a file is unreachable.
 */
#include "latency.h"
#include "ledger.h"
#include "population.h"
#include "send.h"
#include "settlement_check.h"

#include "service/config.h"
#include "service/kafka_config.h"
#include "service/kafka_consumer.h"
#include "service/kafka_lag.h"
#include "service/kafka_producer.h"
#include "service/log.h"
#include "snark/groth16_verify.h"
#include "snark/snark_json.h"
#include "wire/hex.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static const zks_config_option run_options[] = {
    {"ingest", "127.0.0.1:8080", "ingest's HTTP address host:port", false},
    {"providers-file", NULL, "providers and bearer tokens (zks-loadgen providers)", false},
    {"vkey", NULL, "verification_key.json of the workers' proving key", false},
    {"users", "20", "users (each trades with every provider)", false},
    {"traces-per-pair", "8", "signed traces per user-provider pair (every 4th pair sends half as many)", false},
    {"rate", "0", "traces per second to aim at, paced per round (0: as fast as ingest accepts)", false},
    {"raw-every", "3", "every N-th pair publishes to the raw topic instead of HTTP (0: none)", false},
    {"group", NULL, "consumer group on settlements and DLQ (default zks-loadgen-<random>)", false},
    {"lag-groups", "zks-ingest,zks-aggregator,zks-worker", "service groups whose final lag is reported", false},
    {"timeout-s", "300", "give up waiting for settlements after this long", false},
    {"settlements-out", NULL, "also write each verified proof as snarkjs proof.json/public.json into this directory", false},
};

static const zks_config_option provider_options[] = {
    {"providers", "5", "how many providers", false},
    {"out", NULL, "directory for providers.secret and tokens", false},
};

static int cmd_providers(int argc, char **argv)
{
    zks_config *cfg = zks_config_new();
    long long n;
    const char *dir;
    int status = 2;
    if (cfg == NULL || zks_config_add_options(cfg, provider_options, 2) != 0) {
        fprintf(stderr, "zks-loadgen: out of memory\n");
        status = 3;
        goto out;
    }
    int pr = zks_config_parse(cfg, argc, argv, environ);
    if (pr == 1) {
        printf("usage: zks-loadgen providers --providers N --out DIR\n");
        zks_config_usage(cfg, stdout);
        status = 0;
        goto out;
    }
    if (pr != 0 || zks_config_int(cfg, "providers", 1, 1000, &n) != 0 || zks_config_require_str(cfg, "out", &dir) != 0) {
        fprintf(stderr, "zks-loadgen providers: %s\n", zks_config_error(cfg));
        goto out;
    }
    char secrets[4096], tokens[4096], err[512];
    snprintf(secrets, sizeof secrets, "%s/providers.secret", dir);
    snprintf(tokens, sizeof tokens, "%s/tokens", dir);
    status = population_write_providers((size_t)n, secrets, tokens, err, sizeof err) == 0 ? 0 : 3;
    if (status != 0)
        fprintf(stderr, "zks-loadgen providers: %s\n", err);
out:
    zks_config_free(cfg);
    return status;
}

typedef struct {
    size_t total_lag;
    char text[512];
} lag_report;

/* Sums the committed lag of each comma-separated group, waiting up to a few
 * seconds for it to reach zero (services commit on an interval). A group's
 * lag prints as -1 when the broker did not answer. */
static void report_lag(const zks_config *cfg, const char *groups, const char *own_group, lag_report *out)
{
    char list[512];
    snprintf(list, sizeof list, "%s,%s", own_group, groups);
    out->text[0] = '\0';
    out->total_lag = 0;
    size_t used = 0;
    char *save = NULL;
    for (char *g = strtok_r(list, ",", &save); g != NULL; g = strtok_r(NULL, ",", &save)) {
        char err[256];
        const char *defaults[] = {"group.id", g, NULL};
        rd_kafka_conf_t *conf = zks_kafka_conf_new(cfg, defaults, err, sizeof err);
        rd_kafka_t *rk = conf ? rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err) : NULL;
        long long lag = -1;
        for (int attempt = 0; rk != NULL && attempt < 20; attempt++) {
            zks_lag_row *rows = NULL;
            long n = zks_lag_query(rk, NULL, 5000, &rows, err, sizeof err);
            if (n < 0)
                break;
            lag = 0;
            for (long i = 0; i < n; i++)
                lag += rows[i].lag;
            free(rows);
            if (lag == 0)
                break;
            usleep(250000);
        }
        if (rk != NULL)
            rd_kafka_destroy(rk);
        else if (conf != NULL)
            rd_kafka_conf_destroy(conf);
        if (lag > 0)
            out->total_lag += (size_t)lag;
        int w = snprintf(out->text + used, sizeof out->text - used, "%s%s %lld", used ? ", " : "", g, lag);
        if (w > 0 && (size_t)w < sizeof out->text - used)
            used += (size_t)w;
    }
}

static bool probes_settled(const lg_probes *probes)
{
    for (size_t i = 0; i < probes->count; i++)
        if (probes->items[i].via_raw && strncmp(probes->items[i].got, "DLQ", 3) != 0)
            return false;
    return true;
}

static int run_load(zks_config *cfg)
{
    const char *providers_path, *vkey_path, *lag_groups;
    long long users, per_pair, raw_every, timeout_s, target_rate;
    char host[256], err[512] = "";
    int port;
    if (zks_config_host_port(cfg, "ingest", host, sizeof host, &port) ||
        zks_config_require_str(cfg, "providers-file", &providers_path) ||
        zks_config_require_str(cfg, "vkey", &vkey_path) || zks_config_int(cfg, "users", 1, 10000, &users) ||
        zks_config_int(cfg, "traces-per-pair", 1, 100000, &per_pair) ||
        zks_config_int(cfg, "raw-every", 0, 1000000, &raw_every) || zks_config_int(cfg, "rate", 0, 10000000, &target_rate) || zks_config_int(cfg, "timeout-s", 1, 86400, &timeout_s) ||
        zks_config_require_str(cfg, "lag-groups", &lag_groups)) {
        fprintf(stderr, "zks-loadgen: %s\n", zks_config_error(cfg));
        return 2;
    }
    char group[64];
    if (zks_config_str(cfg, "group") != NULL) {
        snprintf(group, sizeof group, "%s", zks_config_str(cfg, "group"));
    } else {
        uint8_t r[6];
        char hex[13];
        randombytes_buf(r, sizeof r);
        sodium_bin2hex(hex, sizeof hex, r, sizeof r);
        snprintf(group, sizeof group, "zks-loadgen-%s", hex);
    }

    int status = 3;
    lg_population pop = {0};
    lg_ledger ledger;
    lg_probes probes = {0};
    lg_send_stats sent = {0};
    groth16_vkey_t vk = {0};
    zks_producer *producer = NULL;
    zks_consumer *consumer = NULL;
    eddsa_ctx *eddsa = eddsa_ctx_new();
    ledger_init(&ledger);
    zks_logger log;
    zks_log_level level = ZKS_LOG_WARN;
    if (zks_log_level_parse(zks_config_str(cfg, "log-level"), &level) != 0) {
        fprintf(stderr, "zks-loadgen: --log-level: expected debug, info, warn or error\n");
        status = 2;
        goto out;
    }
    zks_logger_init(&log, "loadgen", level, stderr);

    json_t *vkj = snark_json_load(vkey_path, err, sizeof err);
    if (vkj == NULL || !groth16_vkey_from_json(&vk, vkj, err, sizeof err)) {
        json_decref(vkj);
        fprintf(stderr, "zks-loadgen: %s: %s\n", vkey_path, err);
        status = vkj != NULL || access(vkey_path, R_OK) == 0 ? 2 : 3; /* unreadable: 3, malformed: 2 */
        goto out;
    }
    json_decref(vkj);
    int rp = eddsa ? population_read_providers(&pop, providers_path, err, sizeof err) : 3;
    if (rp != 0 ||
        population_generate(&pop, eddsa, (size_t)users, (size_t)per_pair, (size_t)raw_every, err, sizeof err) != 0) {
        fprintf(stderr, "zks-loadgen: %s\n", eddsa ? err : "out of memory");
        status = rp ? rp : 3;
        goto out;
    }

    zks_topics topics;
    zks_topics_from_config(cfg, &topics);
    const char *consume[2] = {topics.settlements, topics.dlq};
    /* subscribe first: with auto.offset.reset=earliest nothing published meanwhile is missed */
    consumer = zks_consumer_new(cfg, group, consume, 2, NULL, NULL, &log, err, sizeof err);
    producer = consumer ? zks_producer_new(cfg, NULL, &log, err, sizeof err) : NULL;
    if (producer == NULL) {
        fprintf(stderr, "zks-loadgen: kafka: %s\n", err);
        goto out;
    }

    lg_sender sender = {host, port, 30000, producer, topics.traces_raw, eddsa, (double)target_rate};
    int64_t t_start = lg_now_ms();
    int send_rc = send_traces(&sender, &pop, &sent);
    int64_t t_sent = lg_now_ms();
    if (send_rc == 3) {
        fprintf(stderr, "zks-loadgen: %s\n", sent.first_failure);
        goto out;
    }
    send_probes(&sender, &pop, &probes);
    fprintf(stderr, "zks-loadgen: sent %zu traces in %.1f s (%zu HTTP requests, %zu retries); waiting for settlements\n",
            sent.http_accepted + sent.raw_accepted, (double)(t_sent - t_start) / 1000.0, sent.http_requests,
            sent.http_retries);

    /* consume until every accepted trace is settled and every raw probe has its DLQ record */
    int64_t deadline = lg_now_ms() + timeout_s * 1000, t_last = t_sent, next_progress = lg_now_ms() + 10000;
    lg_tally tally;
    ledger_tally(&pop, &tally);
    bool timed_out = false;
    while (tally.unsettled > 0 || !probes_settled(&probes)) {
        int64_t now = lg_now_ms();
        if (now >= deadline) {
            timed_out = true;
            break;
        }
        if (now >= next_progress) {
            fprintf(stderr, "zks-loadgen: %zu/%zu traces settled, %zu batches\n", tally.accepted - tally.unsettled,
                    tally.accepted, ledger.batches);
            next_progress = now + 10000;
        }
        zks_message m;
        int rc = zks_consumer_poll(consumer, 200, &m);
        if (rc < 0) {
            fprintf(stderr, "zks-loadgen: the settlements consumer failed\n");
            goto out;
        }
        if (rc == 0)
            continue;
        /* the record's own timestamp is when the worker published it: latency does not depend on when we poll */
        int64_t seen = m.timestamp_ms > 0 ? m.timestamp_ms : lg_now_ms();
        if (strcmp(m.topic, topics.settlements) == 0) {
            check_settlement(&ledger, &pop, &vk, m.value, m.value_len, seen, zks_config_str(cfg, "settlements-out"));
            t_last = seen > t_last ? seen : t_last;
        } else {
            check_dlq(&ledger, &pop, &probes, m.value, m.value_len);
        }
        zks_consumer_mark_done(consumer, &m);
        zks_message_release(&m);
        ledger_tally(&pop, &tally);
    }
    zks_consumer_commit(consumer);
    bool ok = ledger_verdict(&ledger, &pop) && !timed_out && sent.failures == 0;
    size_t probes_ok = 0;
    for (size_t i = 0; i < probes.count; i++)
        probes_ok += probes.items[i].rejected;
    ok = ok && probes_ok == probes.count;

    lag_report lag;
    report_lag(cfg, lag_groups, group, &lag);

    int64_t *lat = calloc(pop.n_traces ? pop.n_traces : 1, sizeof *lat);
    size_t n_lat = 0;
    for (size_t i = 0; lat != NULL && i < pop.n_traces; i++)
        if (pop.traces[i].accepted && pop.traces[i].settlements > 0)
            lat[n_lat++] = pop.traces[i].settled_ms - pop.traces[i].sent_ms;
    int64_t p50 = latency_percentile(lat, n_lat, 50), p99 = latency_percentile(lat, n_lat, 99),
            pmax = latency_percentile(lat, n_lat, 100);
    free(lat);

    size_t raw_pairs = 0;
    for (size_t i = 0; i < pop.n_pairs; i++)
        raw_pairs += pop.pairs[i].via == LG_VIA_RAW;
    char settled_fees[40], accepted_fees[40];
    u128_to_dec(settled_fees, ledger.settled_fees);
    u128_to_dec(accepted_fees, tally.accepted_fees);
    double span_s = (double)(t_last - t_start) / 1000.0;
    double rate = span_s > 0 ? (double)tally.accepted / span_s : 0;

    printf("zks-loadgen summary\n");
    printf("  pairs              %zu (%zu over HTTP, %zu over the raw topic): %lld users x %zu providers\n", pop.n_pairs,
           pop.n_pairs - raw_pairs, raw_pairs, users, pop.n_providers);
    printf("  traces accepted    %zu of %zu sent (HTTP %zu, raw %zu)\n", tally.accepted, pop.n_traces, sent.http_accepted,
           sent.raw_accepted);
    printf("  traces rejected    %zu of %zu probes, as expected\n", probes_ok, probes.count);
    for (size_t i = 0; i < probes.count; i++)
        printf("    %-20s want %-26s got %s\n", probes.items[i].name, probes.items[i].expect, probes.items[i].got);
    printf("  batches settled    %zu (re-deliveries %zu)\n", ledger.batches, ledger.redeliveries);
    printf("  proofs verified    %zu of %zu\n", ledger.proofs_verified, ledger.batches);
    printf("  exactly once       %zu of %zu accepted traces (unsettled %zu, settled twice %zu)\n", tally.settled_once,
           tally.accepted, tally.unsettled, tally.settled_twice);
    printf("  fees               settled %s, accepted %s\n", settled_fees, accepted_fees);
    printf("  DLQ records        %zu\n", ledger.dlq_records);
    printf("  throughput         %.1f traces/s (first send to last settlement %.1f s; sending took %.1f s)\n", rate,
           span_s, (double)(t_sent - t_start) / 1000.0);
    printf("  latency e2e        p50 %lld ms, p99 %lld ms, max %lld ms (send -> settlement published)\n",
           (long long)p50, (long long)p99, (long long)pmax);
    printf("  final lag          %s\n", lag.text);
    if (timed_out) {
        printf("  TIMEOUT            after %lld s: %zu accepted traces unsettled", timeout_s, tally.unsettled);
        size_t shown = 0;
        for (size_t i = 0; i < pop.n_traces && shown < 5; i++) {
            const lg_trace *t = &pop.traces[i];
            if (!t->accepted || t->settlements != 0)
                continue;
            char user[43], provider[43];
            hex_encode_0x(user, pop.pairs[t->pair].key, 20);
            hex_encode_0x(provider, pop.pairs[t->pair].key + 20, 20);
            printf("%s user %s provider %s nonce %llu", shown++ ? ";" : ", e.g.", user, provider,
                   (unsigned long long)t->nonce);
        }
        for (size_t i = 0; i < probes.count; i++)
            if (probes.items[i].via_raw && strncmp(probes.items[i].got, "DLQ", 3) != 0)
                printf("; no DLQ record for probe '%s'", probes.items[i].name);
        printf("\n");
    }
    if (sent.failures)
        printf("  SEND FAILURES      %zu: %s\n", sent.failures, sent.first_failure);
    if (ledger.violations)
        printf("  VIOLATIONS         %zu, first: %s\n", ledger.violations, ledger.first_violation);
    /* one machine-readable line for scripts and tests */
    printf("result=%s accepted=%zu sent=%zu probes=%zu probes_rejected=%zu batches=%zu proofs_verified=%zu "
           "settled_once=%zu unsettled=%zu violations=%zu lag=%zu fees_equal=%d p50_ms=%lld p99_ms=%lld tps=%.1f\n",
           ok ? "PASS" : "FAIL", tally.accepted, pop.n_traces, probes.count, probes_ok, ledger.batches,
           ledger.proofs_verified, tally.settled_once, tally.unsettled, ledger.violations, lag.total_lag,
           ledger.settled_fees == tally.accepted_fees, (long long)p50, (long long)p99, rate);
    status = ok ? 0 : 1;
out:
    if (consumer != NULL)
        zks_consumer_close(consumer);
    if (producer != NULL)
        zks_producer_free(producer, 5000);
    probes_free(&probes);
    population_free(&pop);
    ledger_free(&ledger);
    if (vk.ic != NULL)
        groth16_vkey_free(&vk);
    eddsa_ctx_free(eddsa);
    return status;
}

static int cmd_run(int argc, char **argv)
{
    zks_config *cfg = zks_config_new();
    if (cfg == NULL || zks_config_add_options(cfg, zks_config_common_options, zks_config_common_option_count) != 0 ||
        zks_config_add_options(cfg, run_options, sizeof run_options / sizeof run_options[0]) != 0) {
        fprintf(stderr, "zks-loadgen: out of memory\n");
        zks_config_free(cfg);
        return 3;
    }
    int status;
    int pr = zks_config_parse(cfg, argc, argv, environ);
    if (pr == 1) {
        printf("usage: zks-loadgen run --providers-file FILE --vkey verification_key.json [options]\n");
        zks_config_usage(cfg, stdout);
        status = 0;
    } else if (pr != 0) {
        fprintf(stderr, "zks-loadgen: %s\n", zks_config_error(cfg));
        status = 2;
    } else {
        status = run_load(cfg);
    }
    zks_config_free(cfg);
    return status;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "zks-loadgen: libsodium failed to initialise\n");
        return 3;
    }
    if (argc >= 2 && strcmp(argv[1], "providers") == 0)
        return cmd_providers(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (argc < 2 || (strcmp(argv[1], "--help") != 0 && strcmp(argv[1], "-h") != 0)) {
        fprintf(stderr, "zks-loadgen: expected a command, providers or run (zks-loadgen --help)\n");
        return 2;
    }
    printf("usage: zks-loadgen providers --providers N --out DIR\n"
           "       zks-loadgen run --providers-file FILE --vkey verification_key.json [--ingest HOST:PORT]\n"
           "                       [--kafka-brokers B] [--users U] [--traces-per-pair T] [--raw-every N] ...\n"
           "  `zks-loadgen <command> --help` lists every option (flags or ZKS_* environment variables).\n"
           "exit: 0 every invariant holds, 1 one failed or the wait timed out, 2 bad input, 3 environment/I-O\n");
    return 0;
}
