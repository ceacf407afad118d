/* Committed offset vs high watermark per partition for one group; see kafka_lag.h. */
#include "service/kafka_lag.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parts are sorted by topic; true if the group committed on any partition of topic. */
static bool group_uses_topic(const rd_kafka_topic_partition_list_t *parts, const char *topic)
{
    for (int i = 0; i < parts->cnt; i++)
        if (strcmp(parts->elems[i].topic, topic) == 0 && parts->elems[i].offset >= 0)
            return true;
    return false;
}

long zks_lag_query(rd_kafka_t *rk, const char *topic, int timeout_ms, zks_lag_row **rows, char *err, size_t errlen)
{
    *rows = NULL;
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_topic_t *only = topic ? rd_kafka_topic_new(rk, topic, NULL) : NULL;
    rd_kafka_resp_err_t e = rd_kafka_metadata(rk, only ? 0 : 1, only, &md, timeout_ms);
    if (only)
        rd_kafka_topic_destroy(only);
    if (e) {
        snprintf(err, errlen, "kafka metadata: %s", rd_kafka_err2str(e));
        return -1;
    }
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(16);
    for (int t = 0; t < md->topic_cnt; t++) {
        const struct rd_kafka_metadata_topic *mt = &md->topics[t];
        if (topic && strcmp(mt->topic, topic) != 0)
            continue;
        if (mt->err) {
            snprintf(err, errlen, "topic %s: %s", mt->topic, rd_kafka_err2str(mt->err));
            rd_kafka_topic_partition_list_destroy(parts);
            rd_kafka_metadata_destroy(md);
            return -1;
        }
        if (strncmp(mt->topic, "__", 2) == 0) /* internal topics (__consumer_offsets) */
            continue;
        for (int p = 0; p < mt->partition_cnt; p++)
            rd_kafka_topic_partition_list_add(parts, mt->topic, mt->partitions[p].id);
    }
    rd_kafka_metadata_destroy(md);
    rd_kafka_topic_partition_list_sort(parts, NULL, NULL);

    long n = 0;
    if (parts->cnt > 0) {
        e = rd_kafka_committed(rk, parts, timeout_ms);
        if (e) {
            snprintf(err, errlen, "kafka committed offsets: %s", rd_kafka_err2str(e));
            rd_kafka_topic_partition_list_destroy(parts);
            return -1;
        }
        *rows = calloc((size_t)parts->cnt, sizeof **rows);
        if (!*rows) {
            snprintf(err, errlen, "out of memory");
            rd_kafka_topic_partition_list_destroy(parts);
            return -1;
        }
    }
    for (int i = 0; i < parts->cnt; i++) {
        const rd_kafka_topic_partition_t *tp = &parts->elems[i];
        /* Without --topic: every partition of the topics this group has committed on
         * (a partition it never committed on still lags from its low watermark). */
        if (!topic && !group_uses_topic(parts, tp->topic))
            continue;
        zks_lag_row *r = &(*rows)[n];
        int64_t lo = -1, hi = -1;
        e = rd_kafka_query_watermark_offsets(rk, tp->topic, tp->partition, &lo, &hi, timeout_ms);
        if (e) {
            snprintf(err, errlen, "watermarks of %s[%d]: %s", tp->topic, (int)tp->partition, rd_kafka_err2str(e));
            free(*rows);
            *rows = NULL;
            rd_kafka_topic_partition_list_destroy(parts);
            return -1;
        }
        snprintf(r->topic, sizeof r->topic, "%s", tp->topic);
        r->partition = tp->partition;
        r->committed = tp->offset >= 0 ? tp->offset : -1;
        r->low = lo;
        r->high = hi;
        int64_t from = r->committed >= 0 ? r->committed : lo;
        r->lag = hi > from ? hi - from : 0;
        n++;
    }
    rd_kafka_topic_partition_list_destroy(parts);
    return n;
}
