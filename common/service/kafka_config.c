/* librdkafka configuration from the service config; topics; pair keys. See kafka_config.h. */
#include "service/kafka_config.h"

#include <stdio.h>
#include <string.h>

void zks_topics_from_config(const zks_config *c, zks_topics *out)
{
    const char *v;
    out->traces_raw = (v = zks_config_str(c, "topic-traces-raw")) ? v : "zks.traces.raw";
    out->traces = (v = zks_config_str(c, "topic-traces")) ? v : "zks.traces";
    out->dlq = (v = zks_config_str(c, "topic-dlq")) ? v : "zks.traces.dlq";
    out->batches = (v = zks_config_str(c, "topic-batches")) ? v : "zks.batches";
    out->settlements = (v = zks_config_str(c, "topic-settlements")) ? v : "zks.settlements";
}

int zks_kafka_conf_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *err, size_t errlen)
{
    char why[256];
    if (rd_kafka_conf_set(conf, key, value, why, sizeof why) != RD_KAFKA_CONF_OK) {
        snprintf(err, errlen, "kafka property %s: %s", key, why);
        return -1;
    }
    return 0;
}

rd_kafka_conf_t *zks_kafka_conf_new(const zks_config *c, const char *const *defaults, char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (!conf) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (size_t i = 0; defaults && defaults[i]; i += 2)
        if (zks_kafka_conf_set(conf, defaults[i], defaults[i + 1], err, errlen) != 0)
            goto fail;
    const char *brokers = c ? zks_config_str(c, "kafka-brokers") : NULL;
    if (brokers && zks_kafka_conf_set(conf, "bootstrap.servers", brokers, err, errlen) != 0)
        goto fail;
    for (size_t i = 0; c && i < zks_config_kafka_prop_count(c); i++) {
        const char *k, *v;
        zks_config_kafka_prop(c, i, &k, &v);
        if (zks_kafka_conf_set(conf, k, v, err, errlen) != 0)
            goto fail;
    }
    return conf;
fail:
    rd_kafka_conf_destroy(conf);
    return NULL;
}

void zks_pair_key(uint8_t out[ZKS_PAIR_KEY_LEN], const uint8_t user[20], const uint8_t provider[20])
{
    memcpy(out, user, 20);
    memcpy(out + 20, provider, 20);
}

zks_log_level zks_kafka_log_level(int syslog_level)
{
    if (syslog_level <= 3)
        return ZKS_LOG_ERROR;
    if (syslog_level == 4)
        return ZKS_LOG_WARN;
    return syslog_level == 7 ? ZKS_LOG_DEBUG : ZKS_LOG_INFO;
}

void zks_kafka_log_line(const zks_logger *log, int syslog_level, const char *fac, const char *client, const char *line)
{
    zks_log(log, zks_kafka_log_level(syslog_level), line, ZKS_LF_STR("component", "librdkafka"), ZKS_LF_STR("facility", fac),
            ZKS_LF_STR("client", client));
}
