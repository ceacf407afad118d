/*
 * Service configuration from command-line flags and ZKS_* environment
 * variables. Precedence: flag > environment > default.
 *
 * Every option has a name such as "kafka-brokers": the flag is
 * `--kafka-brokers VALUE` or `--kafka-brokers=VALUE`, the environment variable
 * is ZKS_KAFKA_BROKERS (upper case, '-' -> '_'). Switch options (is_switch) also
 * accept a bare `--name` meaning "true".
 *
 * librdkafka pass-through (any property of librdkafka 2.0.2's CONFIGURATION.md):
 *   --kafka-prop key=value                 repeatable, e.g. --kafka-prop linger.ms=5
 *   ZKS_KAFKA_PROP_<KEY>=value             KEY upper-cased with '.' written as '_'
 *                                          and a literal '_' written as "__":
 *                                          ZKS_KAFKA_PROP_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION=1
 *                                          -> max.in.flight.requests.per.connection=1
 * A flag property overrides the environment's value of the same key.
 *
 * The config is an object owned by main; getters validate and, on bad input,
 * leave a one-line message in zks_config_error() (the service prints it and
 * exits 2). Error messages quote the bad value, so read secret options (tokens)
 * with zks_config_str/zks_config_require_str only; every value is wiped with
 * sodium_memzero when the config is freed.
 */
#ifndef ZKS_SERVICE_CONFIG_H
#define ZKS_SERVICE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
    const char *name;          /* flag name without "--" */
    const char *default_value; /* NULL: no default */
    const char *help;
    bool is_switch;            /* boolean flag: bare --name means "true" */
} zks_config_option;

typedef struct zks_config zks_config;

/* Options every service understands (Kafka, Redis, topics, logging, HTTP):
 *   kafka-brokers (127.0.0.1:9092), redis (127.0.0.1:6379; host:port, unix:/path or /path),
 *   topic-traces-raw (zks.traces.raw), topic-traces (zks.traces), topic-dlq (zks.traces.dlq),
 *   topic-batches (zks.batches), topic-settlements (zks.settlements),
 *   log-level (info), http-listen (0.0.0.0:8080), drain-timeout-ms (30000),
 *   lag-interval-ms (10000). */
extern const zks_config_option zks_config_common_options[];
extern const size_t zks_config_common_option_count;

zks_config *zks_config_new(void);
void zks_config_free(zks_config *c);

/* Declare accepted options (may be called several times, before parse). -1 on OOM or a duplicate name. */
int zks_config_add_options(zks_config *c, const zks_config_option *opts, size_t count);

/* Reads envp (NULL-terminated "KEY=VALUE" list, e.g. main's third argument or
 * `environ`) then argv[1..]. Returns 0 ok, 1 if --help/-h was given, -1 on
 * error (unknown flag, missing value, stray argument): see zks_config_error. */
int zks_config_parse(zks_config *c, int argc, char **argv, char **envp);

/* The one-line message of the last failure. */
const char *zks_config_error(const zks_config *c);

/* Prints "  --name VALUE   help (env ZKS_NAME, default X)" per option. */
void zks_config_usage(const zks_config *c, FILE *out);

/* Raw value (flag, else env, else default); NULL if unset or not declared. */
const char *zks_config_str(const zks_config *c, const char *name);
/* "flag", "env", "default" or "unset". */
const char *zks_config_source(const zks_config *c, const char *name);

/* Typed getters: 0 ok, -1 with zks_config_error set ("--name: ..."). An unset
 * option without default is an error for these. */
int zks_config_require_str(zks_config *c, const char *name, const char **out);
int zks_config_int(zks_config *c, const char *name, long long min, long long max, long long *out);
int zks_config_bool(zks_config *c, const char *name, bool *out); /* true/false/1/0/yes/no/on/off */
/* "host:port" or "[v6]:port"; host copied into host[host_cap]. */
int zks_config_host_port(zks_config *c, const char *name, char *host, size_t host_cap, int *port);

/* librdkafka pass-through properties, flags after env, in order given. */
size_t zks_config_kafka_prop_count(const zks_config *c);
void zks_config_kafka_prop(const zks_config *c, size_t i, const char **key, const char **value);

#endif
