/*
 * Shared Kafka set-up: a librdkafka configuration from the service config
 * (bootstrap.servers from --kafka-brokers, then every pass-through property,
 * see config.h), topic names, and the 40-byte pair key.
 */
#ifndef ZKS_SERVICE_KAFKA_CONFIG_H
#define ZKS_SERVICE_KAFKA_CONFIG_H

#include "service/config.h"
#include "service/log.h"

#include <librdkafka/rdkafka.h>
#include <stddef.h>
#include <stdint.h>

/* Topic names, from topic-* options (defaults zks.traces.raw, zks.traces, zks.traces.dlq, zks.batches, zks.settlements). */
typedef struct {
    const char *traces_raw;
    const char *traces;
    const char *dlq;
    const char *batches;
    const char *settlements;
} zks_topics;

void zks_topics_from_config(const zks_config *c, zks_topics *out);

/* Applies "key=value" settings in order; the first failure is reported in err
 * ("kafka property linger.ms: ..."). 0 ok, -1 error. */
int zks_kafka_conf_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *err, size_t errlen);

/* A new librdkafka conf: `defaults` (NULL-terminated key, value, key, value, ... list,
 * may be NULL), then bootstrap.servers from the config's kafka-brokers, then the
 * pass-through properties (which therefore win). NULL with err on failure. */
rd_kafka_conf_t *zks_kafka_conf_new(const zks_config *c, const char *const *defaults, char *err, size_t errlen);

/* Log level of a librdkafka syslog level (0..7). Producer and consumer route
 * librdkafka's own log lines through zks_log with facility and client name as fields. */
zks_log_level zks_kafka_log_level(int syslog_level);
void zks_kafka_log_line(const zks_logger *log, int syslog_level, const char *fac, const char *client, const char *line);

/* Key of every pair-scoped message: user (20 bytes) || provider (20 bytes). */
enum { ZKS_PAIR_KEY_LEN = 40 };
void zks_pair_key(uint8_t out[ZKS_PAIR_KEY_LEN], const uint8_t user[20], const uint8_t provider[20]);

#endif
