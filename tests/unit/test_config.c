/* Config: flags > environment > defaults; typed getters reject bad values with one line; kafka pass-through. */
#include "check.h"
#include "service/config.h"

#include <string.h>

CHECK_MAIN_STATE

static const zks_config_option OPTS[] = {
    {"kafka-brokers", "127.0.0.1:9092", "brokers", false},
    {"batch-size", "16", "traces per batch", false},
    {"seal-after-ms", NULL, "age limit", false},
    {"verbose", "false", "switch", true},
    {"http-listen", "0.0.0.0:8080", "listen", false},
};

static zks_config *make(int argc, char **argv, char **envp, int want_rc)
{
    zks_config *c = zks_config_new();
    CHECK(c && zks_config_add_options(c, OPTS, sizeof OPTS / sizeof OPTS[0]) == 0);
    int rc = zks_config_parse(c, argc, argv, envp);
    CHECK_MSG(rc == want_rc, "parse rc %d, want %d (%s)", rc, want_rc, zks_config_error(c));
    return c;
}

static void test_precedence(void)
{
    char *argv[] = {"svc", "--kafka-brokers", "flag:1", "--batch-size=32", NULL};
    char *envp[] = {"ZKS_KAFKA_BROKERS=env:1", "ZKS_BATCH_SIZE=8", "ZKS_SEAL_AFTER_MS=500", "PATH=/bin",
                    "ZKS_UNRELATED=1", NULL};
    zks_config *c = make(4, argv, envp, 0);
    CHECK(strcmp(zks_config_str(c, "kafka-brokers"), "flag:1") == 0);
    CHECK(strcmp(zks_config_source(c, "kafka-brokers"), "flag") == 0);
    long long v = 0;
    CHECK(zks_config_int(c, "batch-size", 1, 64, &v) == 0 && v == 32);
    CHECK(zks_config_int(c, "seal-after-ms", 0, 100000, &v) == 0 && v == 500);
    CHECK(strcmp(zks_config_source(c, "seal-after-ms"), "env") == 0);
    CHECK(strcmp(zks_config_str(c, "http-listen"), "0.0.0.0:8080") == 0);
    CHECK(strcmp(zks_config_source(c, "http-listen"), "default") == 0);
    char host[64];
    int port = -1;
    CHECK(zks_config_host_port(c, "http-listen", host, sizeof host, &port) == 0 && strcmp(host, "0.0.0.0") == 0 &&
          port == 8080);
    zks_config_free(c);

    /* environment alone beats the default */
    char *argv2[] = {"svc", NULL};
    c = make(1, argv2, envp, 0);
    CHECK(strcmp(zks_config_str(c, "kafka-brokers"), "env:1") == 0);
    CHECK(zks_config_int(c, "batch-size", 1, 64, &v) == 0 && v == 8);
    zks_config_free(c);

    /* neither: defaults; an option without default is unset and required getters fail */
    c = make(1, argv2, NULL, 0);
    CHECK(strcmp(zks_config_str(c, "kafka-brokers"), "127.0.0.1:9092") == 0);
    CHECK(zks_config_str(c, "seal-after-ms") == NULL);
    CHECK(zks_config_int(c, "seal-after-ms", 0, 10, &v) == -1);
    CHECK(strstr(zks_config_error(c), "ZKS_SEAL_AFTER_MS") != NULL);
    zks_config_free(c);
}

static void test_bad_values(void)
{
    char *envp[] = {"ZKS_BATCH_SIZE=12x", NULL};
    char *argv[] = {"svc", NULL};
    zks_config *c = make(1, argv, envp, 0);
    long long v = 0;
    CHECK(zks_config_int(c, "batch-size", 1, 64, &v) == -1);
    const char *e = zks_config_error(c);
    CHECK_MSG(strstr(e, "ZKS_BATCH_SIZE") && strstr(e, "12x") && !strchr(e, '\n'), "%s", e);
    zks_config_free(c);

    char *argv2[] = {"svc", "--batch-size", "65", "--http-listen", "host-without-port", NULL};
    c = make(5, argv2, NULL, 0);
    CHECK(zks_config_int(c, "batch-size", 1, 64, &v) == -1 && strstr(zks_config_error(c), "--batch-size"));
    char host[64];
    int port;
    CHECK(zks_config_host_port(c, "http-listen", host, sizeof host, &port) == -1);
    zks_config_free(c);

    char *argv3[] = {"svc", "--http-listen", "h:70000", "--verbose=maybe", NULL};
    c = make(3, argv3, NULL, 0);
    CHECK(zks_config_host_port(c, "http-listen", host, sizeof host, &port) == -1);
    zks_config_free(c);
    c = make(4, argv3, NULL, 0);
    bool b;
    CHECK(zks_config_bool(c, "verbose", &b) == -1 && strstr(zks_config_error(c), "maybe"));
    zks_config_free(c);

    char *unknown[] = {"svc", "--no-such-option", "1", NULL};
    c = make(3, unknown, NULL, -1);
    CHECK(strstr(zks_config_error(c), "--no-such-option") != NULL);
    zks_config_free(c);

    char *missing[] = {"svc", "--batch-size", NULL};
    c = make(2, missing, NULL, -1);
    zks_config_free(c);

    char *stray[] = {"svc", "positional", NULL};
    c = make(2, stray, NULL, -1);
    zks_config_free(c);

    char *help[] = {"svc", "--help", NULL};
    c = make(2, help, NULL, 1);
    zks_config_free(c);

    char *badprop[] = {"svc", "--kafka-prop", "no-equals", NULL};
    c = make(3, badprop, NULL, -1);
    zks_config_free(c);
}

static void test_switch_and_props(void)
{
    char *argv[] = {"svc", "--verbose", "--kafka-prop", "linger.ms=7", "--kafka-prop=acks=1", NULL};
    char *envp[] = {"ZKS_KAFKA_PROP_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION=1", "ZKS_KAFKA_PROP_LINGER_MS=99",
                    "ZKS_KAFKA_PROP_SOME__UNDER_SCORE=x", NULL};
    zks_config *c = make(5, argv, envp, 0);
    bool b = false;
    CHECK(zks_config_bool(c, "verbose", &b) == 0 && b);
    size_t n = zks_config_kafka_prop_count(c);
    CHECK_MSG(n == 4, "props %zu", n);
    bool saw_inflight = false, saw_linger = false, saw_acks = false, saw_under = false;
    for (size_t i = 0; i < n; i++) {
        const char *k, *v;
        zks_config_kafka_prop(c, i, &k, &v);
        if (strcmp(k, "max.in.flight.requests.per.connection") == 0)
            saw_inflight = strcmp(v, "1") == 0;
        else if (strcmp(k, "linger.ms") == 0)
            saw_linger = strcmp(v, "7") == 0; /* the flag overrides the environment */
        else if (strcmp(k, "acks") == 0)
            saw_acks = strcmp(v, "1") == 0;
        else if (strcmp(k, "some_under.score") == 0)
            saw_under = strcmp(v, "x") == 0;
        else
            CHECK_MSG(0, "unexpected property %s", k);
    }
    CHECK(saw_inflight && saw_linger && saw_acks && saw_under);
    zks_config_free(c);
}

static void test_common_options(void)
{
    zks_config *c = zks_config_new();
    CHECK(zks_config_add_options(c, zks_config_common_options, zks_config_common_option_count) == 0);
    /* declaring a name twice is a programming error that is reported, not ignored */
    CHECK(zks_config_add_options(c, zks_config_common_options, 1) == -1);
    char *argv[] = {"svc", "--topic-traces", "t.custom", NULL};
    CHECK(zks_config_parse(c, 3, argv, NULL) == 0);
    CHECK(strcmp(zks_config_str(c, "topic-traces"), "t.custom") == 0);
    CHECK(strcmp(zks_config_str(c, "topic-dlq"), "zks.traces.dlq") == 0);
    CHECK(strcmp(zks_config_str(c, "topic-batches"), "zks.batches") == 0);
    zks_config_free(c);
}

int main(void)
{
    test_precedence();
    test_bad_values();
    test_switch_and_props();
    test_common_options();
    return CHECK_EXIT();
}
