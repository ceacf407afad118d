/*
 * Driver for the Kafka integration tests: our producer and consumer
 * (common/service) against `zks devbroker`, checked by the shell scripts
 * with kcat and `zks lag`.
 *
 *   itest_kafka produce --topic T --count N [--start S] [--interval-us U] [service flags...]
 *       sends values "msg-<i>" for i in [S, S+N) with the 40-byte key
 *       "user-<i%7>" || "provider" (padded); waits for every delivery report;
 *       prints "delivered D failed F"; exit 0 only if F == 0.
 *   itest_kafka consume --group G --topic T --max M [--idle-ms I] [--interval-us U] [service flags...]
 *       consumes up to M messages (stops after I ms idle, pausing U after each), marks each done and
 *       commits after each; prints one value per line, then "lag <sum of
 *       zks_kafka_consumer_lag>" for the assigned partitions and
 *       "commit_failures <n>" (commits refused during a rebalance).
 *       With --drain-ms D, an idle consumer stops only once the group's committed offsets reach the
 *       end of every partition of T (group lag 0, as `zks lag` reads it); if that has not happened
 *       D ms after start it says so and exits 4. A test whose members crash and rejoin uses it: the
 *       partitions of a dead member reach a live one only after the broker's session timeout.
 *       With --leave-when-joined 1 it stops as soon as the group has accepted it (the rebalance
 *       protocol is known) and before any message, to close a member that was never assigned.
 *
 * Service flags are the common options (--kafka-brokers, --kafka-prop k=v, ...).
 */
#include "service/config.h"
#include "service/kafka_config.h"
#include "service/kafka_consumer.h"
#include "service/kafka_lag.h"
#include "service/kafka_producer.h"
#include "service/log.h"
#include "service/metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const zks_config_option ITEST_OPTIONS[] = {
    {"topic", "itest", "topic", false},
    {"count", "10", "messages to produce", false},
    {"start", "0", "first message number", false},
    {"interval-us", "0", "pause between sends", false},
    {"group", "itest-group", "consumer group", false},
    {"max", "10", "messages to consume", false},
    {"idle-ms", "15000", "consume: stop after this long without a message", false},
    {"drain-ms", "0", "consume: when idle, wait for group lag 0 up to this long after start (0: do not)", false},
    {"leave-when-joined", "0", "consume: 1 = stop once the group has accepted this member", false},
};

static void make_key(uint8_t key[ZKS_PAIR_KEY_LEN], long long i)
{
    char user[21] = {0}, provider[21] = {0};
    snprintf(user, sizeof user, "user-%-15lld", i % 7);
    snprintf(provider, sizeof provider, "%-20s", "provider");
    zks_pair_key(key, (const uint8_t *)user, (const uint8_t *)provider);
}

static int produce(zks_config *cfg, zks_metrics *m, const zks_logger *lg)
{
    long long count, start, interval;
    if (zks_config_int(cfg, "count", 0, 10000000, &count) || zks_config_int(cfg, "start", 0, 1LL << 40, &start) ||
        zks_config_int(cfg, "interval-us", 0, 1000000, &interval)) {
        fprintf(stderr, "itest_kafka: %s\n", zks_config_error(cfg));
        return 2;
    }
    const char *topic = zks_config_str(cfg, "topic");
    char err[512];
    zks_producer *p = zks_producer_new(cfg, m, lg, err, sizeof err);
    if (!p) {
        fprintf(stderr, "itest_kafka: %s\n", err);
        return 3;
    }
    rd_kafka_resp_err_t *results = calloc((size_t)count + 1, sizeof *results);
    zks_delivery d;
    zks_delivery_init(&d);
    long long not_queued = 0;
    for (long long i = 0; i < count; i++) {
        uint8_t key[ZKS_PAIR_KEY_LEN];
        make_key(key, start + i);
        char value[32];
        int n = snprintf(value, sizeof value, "msg-%lld", start + i);
        if (zks_producer_send(p, topic, key, sizeof key, value, (size_t)n, &d, &results[i]))
            not_queued++;
        if (interval)
            usleep((useconds_t)interval);
    }
    int waited = zks_delivery_wait(&d, 120000);
    long long delivered = 0;
    for (long long i = 0; i < count; i++)
        delivered += results[i] == RD_KAFKA_RESP_ERR_NO_ERROR;
    printf("delivered %lld failed %lld\n", delivered, count - delivered);
    fflush(stdout);
    if (waited == 0)
        zks_delivery_destroy(&d);
    zks_producer_free(p, 10000);
    free(results);
    return waited == 0 && delivered == count && not_queued == 0 ? 0 : 1;
}

static long long elapsed_ms(const struct timespec *from, const struct timespec *to)
{
    return (long long)(to->tv_sec - from->tv_sec) * 1000 + (to->tv_nsec - from->tv_nsec) / 1000000;
}

/* Sum of the group's lag over every partition of topic, or -1 if the broker did not answer. */
static long long group_lag(zks_consumer *c, const char *topic)
{
    zks_lag_row *rows = NULL;
    char err[256];
    long n = zks_lag_query(zks_consumer_handle(c), topic, 2000, &rows, err, sizeof err);
    long long sum = n < 0 ? -1 : 0;
    for (long i = 0; i < n; i++)
        sum += rows[i].lag;
    free(rows);
    return sum;
}

static int consume(zks_config *cfg, zks_metrics *m, const zks_logger *lg)
{
    long long max, idle_ms, interval, drain_ms, leave_when_joined;
    if (zks_config_int(cfg, "max", 0, 10000000, &max) || zks_config_int(cfg, "idle-ms", 100, 600000, &idle_ms) ||
        zks_config_int(cfg, "interval-us", 0, 1000000, &interval) ||
        zks_config_int(cfg, "drain-ms", 0, 600000, &drain_ms) ||
        zks_config_int(cfg, "leave-when-joined", 0, 1, &leave_when_joined)) {
        fprintf(stderr, "itest_kafka: %s\n", zks_config_error(cfg));
        return 2;
    }
    const char *topic = zks_config_str(cfg, "topic"), *group = zks_config_str(cfg, "group");
    char err[512];
    zks_consumer *c = zks_consumer_new(cfg, group, &topic, 1, NULL, m, lg, err, sizeof err);
    if (!c) {
        fprintf(stderr, "itest_kafka: %s\n", err);
        return 3;
    }
    long long got = 0, commit_failures = 0;
    struct timespec start, last, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    last = start;
    int rc = 0;
    while (got < max) {
        zks_message msg;
        int r = zks_consumer_poll(c, leave_when_joined ? 20 : 200, &msg);
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (r < 0) {
            rc = 3;
            break;
        }
        if (leave_when_joined && strcmp(rd_kafka_rebalance_protocol(zks_consumer_handle(c)), "NONE") != 0) {
            fprintf(stderr, "itest_kafka: joined (%s), leaving\n", rd_kafka_rebalance_protocol(zks_consumer_handle(c)));
            if (r == 1)
                zks_message_release(&msg); /* not processed: the next owner reads it */
            break;
        }
        if (r == 0) {
            if (elapsed_ms(&last, &now) <= idle_ms)
                continue;
            if (drain_ms == 0)
                break;
            long long lag = group_lag(c, topic);
            if (lag == 0)
                break;
            if (elapsed_ms(&start, &now) > drain_ms) {
                fprintf(stderr, "itest_kafka: group %s still lags %lld (-1: lag unreadable) on %s after %lld ms\n",
                        group, lag, topic, drain_ms);
                rc = 4;
                break;
            }
            continue;
        }
        last = now;
        printf("%.*s\n", (int)msg.value_len, (const char *)msg.value);
        fflush(stdout);
        if (interval) /* slow processing, so that a rebalance happens mid-stream */
            usleep((useconds_t)interval);
        /* the "side effect" (printing) is done: mark and commit */
        /* A commit refused during a rebalance is not fatal: at-least-once, the next owner re-reads. */
        if (zks_consumer_mark_done(c, &msg) || zks_consumer_commit(c))
            commit_failures++;
        zks_message_release(&msg);
        got++;
    }
    zks_consumer_update_lag(c);
    char *text = zks_metrics_render(m, NULL);
    double lag = 0;
    /* sum the lag gauge series of this group from the exposition text */
    for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n"))
        if (strncmp(line, "zks_kafka_consumer_lag{", 23) == 0)
            lag += strtod(strrchr(line, ' ') + 1, NULL);
    free(text);
    printf("lag %.0f\ncommit_failures %lld\n", lag, commit_failures);
    fflush(stdout);
    zks_consumer_close(c);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "produce") != 0 && strcmp(argv[1], "consume") != 0)) {
        fprintf(stderr, "usage: itest_kafka produce|consume [flags]\n");
        return 2;
    }
    zks_config *cfg = zks_config_new();
    zks_config_add_options(cfg, zks_config_common_options, zks_config_common_option_count);
    zks_config_add_options(cfg, ITEST_OPTIONS, sizeof ITEST_OPTIONS / sizeof ITEST_OPTIONS[0]);
    if (zks_config_parse(cfg, argc - 1, argv + 1, environ) != 0) {
        fprintf(stderr, "itest_kafka: %s\n", zks_config_error(cfg));
        zks_config_free(cfg);
        return 2;
    }
    zks_logger lg;
    zks_logger_init(&lg, "itest_kafka", ZKS_LOG_INFO, stderr);
    zks_metrics *m = zks_metrics_new(zks_metric_catalog, ZKS_M__COUNT);
    int rc = strcmp(argv[1], "produce") == 0 ? produce(cfg, m, &lg) : consume(cfg, m, &lg);
    zks_metrics_free(m);
    zks_config_free(cfg);
    return rc;
}
