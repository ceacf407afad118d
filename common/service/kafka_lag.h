/*
 * Consumer-group lag as ops see it: for each partition, committed offset of
 * the group vs the partition's high watermark. Used by `zks lag`; it does not
 * join the group (an OffsetFetch only).
 */
#ifndef ZKS_SERVICE_KAFKA_LAG_H
#define ZKS_SERVICE_KAFKA_LAG_H

#include <librdkafka/rdkafka.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char topic[256];
    int32_t partition;
    int64_t committed;  /* -1: nothing committed */
    int64_t low;        /* low watermark */
    int64_t high;       /* high watermark */
    int64_t lag;        /* high - committed, or high - low when nothing is committed */
} zks_lag_row;

/* rk: any handle (a consumer created with the group's group.id). topic NULL:
 * every partition of each topic on which the group has committed at least once. Returns the number of rows (malloc'd in *rows) or -1 with err
 * (broker unreachable within timeout_ms). */
long zks_lag_query(rd_kafka_t *rk, const char *topic, int timeout_ms, zks_lag_row **rows, char *err, size_t errlen);

#endif
