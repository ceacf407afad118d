/*
 * zks devbroker: a Kafka-protocol broker for development and tests, served on
 * loopback by librdkafka's mock cluster (rdkafka_mock.h, librdkafka 2.0.2).
 *
 * The mock binds an ephemeral port per broker (2.0.2 has no API to choose one),
 * so the bootstrap address is printed as the first line of stdout and, with
 * --address-file, written to that file. --port P adds a relay on 127.0.0.1:P to
 * the first broker, for bootstrapping at a fixed address (devbroker_forward.h). The mock has no CreateTopics: topics
 * are created at start (--topics) or with the `topic` command.
 *
 * Fault injection: one command per line on stdin, one answer line ("ok" or
 * "error: ...") on stdout. End of stdin is not a shutdown; SIGTERM/SIGINT or
 * `quit` is.
 */
#include "commands.h"
#include "devbroker_forward.h"
#include "service/shutdown.h"

#include <ctype.h>
#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char DEFAULT_TOPICS[] = "zks.traces.raw,zks.traces,zks.traces.dlq,zks.batches,zks.settlements";

static void usage(FILE *out)
{
    fprintf(out,
            "usage: zks devbroker [--brokers N] [--partitions P] [--topics a,b,c] [--address-file PATH]\n"
            "  Runs a Kafka-protocol broker (librdkafka mock cluster) on 127.0.0.1 until SIGTERM/SIGINT.\n"
            "  --brokers N        brokers in the cluster (1..16, default 1)\n"
            "  --partitions P     partitions of each start-up topic (1..256, default 3)\n"
            "  --topics LIST      comma-separated topics to create (default %s)\n"
            "  --address-file F   also write the bootstrap address to F\n"
            "  --port P           also accept bootstrap connections on 127.0.0.1:P (relayed to broker 1;\n"
            "                     the brokers themselves stay on ephemeral ports, as metadata says)\n"
            "stdout: first line is the bootstrap address (127.0.0.1:P with --port, else the brokers' list).\n"
            "stdin commands (answer 'ok' or 'error: ...' on stdout):\n"
            "  down ID | up ID               take broker ID (1..N) down / bring it up\n"
            "  rtt ID MS                     add MS milliseconds of round-trip time to broker ID\n"
            "  errors API ERR [ERR...]       the next requests of API fail with ERR, in order\n"
            "                                (API: Produce, Fetch, Metadata, OffsetCommit, ... or its number;\n"
            "                                ERR: a Kafka error name such as NOT_LEADER_FOR_PARTITION or its code)\n"
            "  clear API                     drop pending injected errors of API\n"
            "  topic NAME PARTITIONS         create a topic\n"
            "  leader TOPIC PARTITION ID     move a partition's leader (-1: no leader)\n"
            "  quit                          shut down\n",
            DEFAULT_TOPICS);
}

/* Kafka protocol API keys, from https://kafka.apache.org/protocol#protocol_api_keys */
static const struct {
    const char *name;
    int16_t key;
} API_KEYS[] = {
    {"Produce", 0}, {"Fetch", 1}, {"ListOffsets", 2}, {"Metadata", 3}, {"OffsetCommit", 8},
    {"OffsetFetch", 9}, {"FindCoordinator", 10}, {"JoinGroup", 11}, {"Heartbeat", 12},
    {"LeaveGroup", 13}, {"SyncGroup", 14}, {"DescribeGroups", 15}, {"ListGroups", 16},
    {"SaslHandshake", 17}, {"ApiVersions", 18}, {"CreateTopics", 19}, {"InitProducerId", 22},
    {"AddPartitionsToTxn", 24}, {"AddOffsetsToTxn", 25}, {"EndTxn", 26}, {"TxnOffsetCommit", 28},
};

static bool parse_long(const char *s, long min, long max, long *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static bool parse_api(const char *s, int16_t *out)
{
    long v;
    if (parse_long(s, 0, 32767, &v)) {
        *out = (int16_t)v;
        return true;
    }
    for (size_t i = 0; i < sizeof API_KEYS / sizeof API_KEYS[0]; i++)
        if (strcasecmp(s, API_KEYS[i].name) == 0) {
            *out = API_KEYS[i].key;
            return true;
        }
    return false;
}

/* Error names as librdkafka spells them (its own table), with or without the ERR_ prefix. */
static bool parse_err(const char *s, rd_kafka_resp_err_t *out)
{
    long v;
    if (parse_long(s, -200, 1000, &v)) {
        *out = (rd_kafka_resp_err_t)v;
        return true;
    }
    const struct rd_kafka_err_desc *descs;
    size_t n;
    rd_kafka_get_err_descs(&descs, &n);
    if (strncasecmp(s, "ERR_", 4) == 0)
        s += 4;
    for (size_t i = 0; i < n; i++)
        if (descs[i].name && descs[i].code >= 0 && strcasecmp(descs[i].name, s) == 0) {
            *out = descs[i].code;
            return true;
        }
    return false;
}

typedef struct {
    rd_kafka_mock_cluster_t *mc;
    int brokers;
} broker_ctx;

/* Runs one control line; writes the one-line answer into reply. Returns false for quit. */
static bool run_command(broker_ctx *b, char *line, char *reply, size_t cap)
{
    char *argv[40];
    int argc = 0;
    for (char *tok = strtok(line, " \t\r\n"); tok && argc < 40; tok = strtok(NULL, " \t\r\n"))
        argv[argc++] = tok;
    snprintf(reply, cap, "ok");
    if (argc == 0)
        return true;
    long id, n, ms;
    rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR_NO_ERROR;
    const char *cmd = argv[0];
    if (strcmp(cmd, "quit") == 0) {
        return false;
    } else if ((strcmp(cmd, "down") == 0 || strcmp(cmd, "up") == 0) && argc == 2 &&
               parse_long(argv[1], 1, b->brokers, &id)) {
        e = cmd[0] == 'd' ? rd_kafka_mock_broker_set_down(b->mc, (int32_t)id)
                          : rd_kafka_mock_broker_set_up(b->mc, (int32_t)id);
    } else if (strcmp(cmd, "rtt") == 0 && argc == 3 && parse_long(argv[1], 1, b->brokers, &id) &&
               parse_long(argv[2], 0, 600000, &ms)) {
        e = rd_kafka_mock_broker_set_rtt(b->mc, (int32_t)id, (int)ms);
    } else if (strcmp(cmd, "errors") == 0 && argc >= 3) {
        int16_t api;
        rd_kafka_resp_err_t errs[38];
        if (!parse_api(argv[1], &api)) {
            snprintf(reply, cap, "error: unknown API '%s'", argv[1]);
            return true;
        }
        for (int i = 2; i < argc; i++)
            if (!parse_err(argv[i], &errs[i - 2])) {
                snprintf(reply, cap, "error: unknown Kafka error '%s'", argv[i]);
                return true;
            }
        rd_kafka_mock_push_request_errors_array(b->mc, api, (size_t)(argc - 2), errs);
    } else if (strcmp(cmd, "clear") == 0 && argc == 2) {
        int16_t api;
        if (!parse_api(argv[1], &api)) {
            snprintf(reply, cap, "error: unknown API '%s'", argv[1]);
            return true;
        }
        rd_kafka_mock_clear_request_errors(b->mc, api);
    } else if (strcmp(cmd, "topic") == 0 && argc == 3 && parse_long(argv[2], 1, 256, &n)) {
        e = rd_kafka_mock_topic_create(b->mc, argv[1], (int)n, b->brokers < 3 ? b->brokers : 3);
    } else if (strcmp(cmd, "leader") == 0 && argc == 4 && parse_long(argv[2], 0, 100000, &n) &&
               parse_long(argv[3], -1, b->brokers, &id)) {
        e = rd_kafka_mock_partition_set_leader(b->mc, argv[1], (int32_t)n, (int32_t)id);
    } else {
        snprintf(reply, cap, "error: bad command '%s' (zks devbroker --help lists them)", cmd);
        return true;
    }
    if (e)
        snprintf(reply, cap, "error: %s", rd_kafka_err2str(e));
    return true;
}

/* Accumulates stdin bytes and runs each complete line. Returns false on quit. */
static bool serve_stdin(broker_ctx *b, char *buf, size_t cap, size_t *len, bool *eof)
{
    ssize_t got = read(STDIN_FILENO, buf + *len, cap - 1 - *len);
    if (got <= 0) {
        if (got == 0 || (errno != EINTR && errno != EAGAIN))
            *eof = true;
        return true;
    }
    *len += (size_t)got;
    buf[*len] = '\0';
    char *nl;
    while ((nl = memchr(buf, '\n', *len))) {
        *nl = '\0';
        char reply[256];
        bool go_on = run_command(b, buf, reply, sizeof reply);
        size_t used = (size_t)(nl - buf) + 1;
        memmove(buf, nl + 1, *len - used);
        *len -= used;
        if (!go_on)
            return false;
        printf("%s\n", reply);
        fflush(stdout);
    }
    if (*len == cap - 1) /* an over-long line: drop it */
        *len = 0;
    return true;
}

int cmd_devbroker(int argc, char **argv)
{
    long brokers = 1, partitions = 3, port = 0;
    const char *topics = DEFAULT_TOPICS, *address_file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        bool ok = v != NULL;
        if (strcmp(a, "--brokers") == 0)
            ok = ok && parse_long(v, 1, 16, &brokers);
        else if (strcmp(a, "--partitions") == 0)
            ok = ok && parse_long(v, 1, 256, &partitions);
        else if (strcmp(a, "--topics") == 0)
            topics = v;
        else if (strcmp(a, "--address-file") == 0)
            address_file = v;
        else if (strcmp(a, "--port") == 0)
            ok = ok && parse_long(v, 0, 65535, &port);
        else {
            fprintf(stderr, "zks devbroker: unknown option '%s' (zks devbroker --help)\n", a);
            return 2;
        }
        if (!ok) {
            fprintf(stderr, "zks devbroker: bad or missing value for %s\n", a);
            return 2;
        }
        i++;
    }

    zks_shutdown *sd = zks_shutdown_new(); /* before librdkafka starts its threads */
    if (!sd) {
        fprintf(stderr, "zks devbroker: cannot start the signal watcher\n");
        return 3;
    }
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* The handle only hosts the mock; its notices (no bootstrap.servers) are noise. */
    rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof errstr);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) {
        fprintf(stderr, "zks devbroker: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
        zks_shutdown_free(sd);
        return 3;
    }
    broker_ctx b = {.mc = rd_kafka_mock_cluster_new(rk, (int)brokers), .brokers = (int)brokers};
    if (!b.mc) {
        fprintf(stderr, "zks devbroker: cannot start the mock cluster\n");
        rd_kafka_destroy(rk);
        zks_shutdown_free(sd);
        return 3;
    }
    int rc = 0;
    char *list = strdup(topics);
    for (char *t = list ? strtok(list, ",") : NULL; t; t = strtok(NULL, ",")) {
        rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(b.mc, t, (int)partitions, brokers < 3 ? (int)brokers : 3);
        if (e) {
            fprintf(stderr, "zks devbroker: topic %s: %s\n", t, rd_kafka_err2str(e));
            rc = 3;
        }
    }
    free(list);
    const char *bootstrap = rd_kafka_mock_cluster_bootstraps(b.mc);
    char fixed[64];
    devbroker_forward *fwd = NULL;
    if (rc == 0 && port > 0) {
        char first[128];
        snprintf(first, sizeof first, "%s", bootstrap);
        first[strcspn(first, ",")] = '\0';
        fwd = devbroker_forward_start((int)port, first, errstr, sizeof errstr);
        if (!fwd) {
            fprintf(stderr, "zks devbroker: %s\n", errstr);
            rc = 3;
        }
        snprintf(fixed, sizeof fixed, "127.0.0.1:%ld", port);
        bootstrap = fixed;
    }
    if (rc == 0 && address_file) {
        FILE *f = fopen(address_file, "w");
        if (!f || fprintf(f, "%s\n", bootstrap) < 0 || fclose(f) != 0) {
            fprintf(stderr, "zks devbroker: cannot write %s\n", address_file);
            rc = 3;
        }
    }
    if (rc == 0) {
        printf("%s\n", bootstrap);
        fflush(stdout);
        char buf[4096];
        size_t len = 0;
        bool eof = false;
        while (!zks_shutdown_requested(sd)) {
            struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
            if (eof) {
                zks_shutdown_wait(sd, 1000);
                continue;
            }
            if (poll(&pfd, 1, 200) > 0 && !serve_stdin(&b, buf, sizeof buf, &len, &eof))
                break;
        }
    }
    devbroker_forward_stop(fwd);
    rd_kafka_mock_cluster_destroy(b.mc);
    rd_kafka_destroy(rk);
    zks_shutdown_free(sd);
    return rc;
}
