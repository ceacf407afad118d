/*
 * zks lag: consumer lag of a group per topic and partition (high watermark
 * minus committed offset), as a table or JSON. Exit 0, 2 on bad usage, 3 if
 * the broker cannot be reached.
 */
#include "commands.h"
#include "service/config.h"
#include "service/kafka_config.h"
#include "service/kafka_lag.h"

#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const zks_config_option LAG_OPTIONS[] = {
    {"brokers", "127.0.0.1:9092", "Kafka bootstrap servers", false},
    {"group", NULL, "consumer group", false},
    {"topic", NULL, "only this topic (default: every topic the group committed on)", false},
    {"json", "false", "print JSON instead of a table", true},
    {"timeout-ms", "10000", "give up reaching the broker after this long", false},
};

/* librdkafka's own log lines would break the one-line-error rule. */
static void quiet_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    (void)rk;
    (void)level;
    (void)fac;
    (void)buf;
}

static void print_json(const char *group, const zks_lag_row *rows, long n)
{
    json_t *arr = json_array();
    long long total = 0;
    for (long i = 0; i < n; i++) {
        json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:I, s:I, s:I, s:I}", "group", group, "topic",
                                             rows[i].topic, "partition", (int)rows[i].partition, "committed",
                                             (json_int_t)rows[i].committed, "low", (json_int_t)rows[i].low, "high",
                                             (json_int_t)rows[i].high, "lag", (json_int_t)rows[i].lag));
        total += rows[i].lag;
    }
    json_t *doc = json_pack("{s:s, s:I, s:o}", "group", group, "total_lag", (json_int_t)total, "partitions", arr);
    char *s = json_dumps(doc, JSON_COMPACT);
    if (s)
        printf("%s\n", s);
    free(s);
    json_decref(doc);
}

static void print_table(const char *group, const zks_lag_row *rows, long n)
{
    printf("%-24s %-24s %9s %12s %12s %10s\n", "GROUP", "TOPIC", "PARTITION", "COMMITTED", "HIGH", "LAG");
    for (long i = 0; i < n; i++) {
        char committed[24];
        if (rows[i].committed >= 0)
            snprintf(committed, sizeof committed, "%lld", (long long)rows[i].committed);
        else
            snprintf(committed, sizeof committed, "-");
        printf("%-24s %-24s %9d %12s %12lld %10lld\n", group, rows[i].topic, (int)rows[i].partition, committed,
               (long long)rows[i].high, (long long)rows[i].lag);
    }
}

int cmd_lag(int argc, char **argv)
{
    zks_config *cfg = zks_config_new();
    if (!cfg || zks_config_add_options(cfg, LAG_OPTIONS, sizeof LAG_OPTIONS / sizeof LAG_OPTIONS[0]) != 0) {
        fprintf(stderr, "zks lag: out of memory\n");
        zks_config_free(cfg);
        return 3;
    }
    int rc = 2;
    /* No environment here: an operator's shell variables should not change what a one-off command asks. */
    int parsed = zks_config_parse(cfg, argc, argv, NULL);
    const char *brokers, *group;
    long long timeout_ms;
    bool json;
    if (parsed == 1) {
        printf("usage: zks lag --brokers HOST:PORT --group GROUP [--topic TOPIC] [--json]\n");
        zks_config_usage(cfg, stdout);
        zks_config_free(cfg);
        return 0;
    }
    if (parsed != 0 || zks_config_require_str(cfg, "brokers", &brokers) != 0 ||
        zks_config_require_str(cfg, "group", &group) != 0 || zks_config_bool(cfg, "json", &json) != 0 ||
        zks_config_int(cfg, "timeout-ms", 100, 600000, &timeout_ms) != 0) {
        fprintf(stderr, "zks lag: %s\n", zks_config_error(cfg));
        zks_config_free(cfg);
        return 2;
    }
    const char *topic = zks_config_str(cfg, "topic");
    const char *const defaults[] = {"bootstrap.servers", brokers, "group.id", group, NULL};
    char err[512];
    rd_kafka_conf_t *conf = zks_kafka_conf_new(cfg, defaults, err, sizeof err);
    if (!conf) {
        fprintf(stderr, "zks lag: %s\n", err);
        zks_config_free(cfg);
        return 2;
    }
    rd_kafka_conf_set_log_cb(conf, quiet_log);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) {
        fprintf(stderr, "zks lag: %s\n", err);
        rd_kafka_conf_destroy(conf);
        zks_config_free(cfg);
        return 2;
    }
    zks_lag_row *rows = NULL;
    long n = zks_lag_query(rk, topic, (int)timeout_ms, &rows, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "zks lag: %s\n", err);
        rc = 3;
    } else {
        if (json)
            print_json(group, rows, n);
        else
            print_table(group, rows, n);
        rc = 0;
    }
    free(rows);
    rd_kafka_destroy(rk);
    zks_config_free(cfg);
    return rc;
}
