/*
 * The one list of every metric the fleet exports. Services look metrics up by
 * id in a registry built from this table; deploy dashboards and alerts are
 * written against the same names, so a name changes here or nowhere.
 *
 * Label values the services use (keep dashboards in sync):
 *   zks_ingest_traces_total{source}        http | kafka
 *   zks_ingest_traces_total{result}        accepted | rejected
 *   zks_ingest_traces_total{reason}        "" when accepted, else a DLQ/HTTP reason code
 *                                          (bad_json, bad_signature, wrong_provider,
 *                                          unknown_field, truncated, too_large, ...)
 *   zks_kafka_produce_total{result}        ok | error
 *   zks_aggregator_traces_total{result}    stored | duplicate | conflict | replay | invalid
 *   zks_aggregator_batches_sealed_total{reason}  full | age
 *   zks_worker_proofs_total{result}        ok | failed | republished
 *   zks_redis_errors_total{op}             connect | command | script | reply
 */
#ifndef ZKS_SERVICE_METRICS_CATALOG_H
#define ZKS_SERVICE_METRICS_CATALOG_H

#include <stddef.h>

typedef enum {
    ZKS_METRIC_COUNTER,
    ZKS_METRIC_GAUGE,
    ZKS_METRIC_HISTOGRAM,
} zks_metric_type;

enum { ZKS_METRIC_MAX_LABELS = 4, ZKS_METRIC_MAX_BUCKETS = 24 };

/* A metric family: its exposition name, type, help text, label names and,
 * for histograms, the upper bounds of its buckets in ascending order (the
 * +Inf bucket is implicit). */
typedef struct {
    const char *name;
    zks_metric_type type;
    const char *help;
    size_t label_count;
    const char *labels[ZKS_METRIC_MAX_LABELS];
    size_t bucket_count;
    const double *buckets;
} zks_metric_desc;

/* Ids index zks_metric_catalog[]; keep the order of the table in metrics_catalog.c. */
typedef enum {
    ZKS_M_INGEST_TRACES_TOTAL,                  /* counter {source,result,reason} */
    ZKS_M_INGEST_HTTP_REQUESTS_TOTAL,           /* counter {code} */
    ZKS_M_INGEST_HTTP_REQUEST_DURATION_SECONDS, /* histogram */
    ZKS_M_KAFKA_PRODUCE_TOTAL,                  /* counter {topic,result} */
    ZKS_M_AGGREGATOR_TRACES_TOTAL,              /* counter {result} */
    ZKS_M_AGGREGATOR_BATCHES_SEALED_TOTAL,      /* counter {reason} */
    ZKS_M_AGGREGATOR_PENDING_TRACES,            /* gauge */
    ZKS_M_AGGREGATOR_OLDEST_PENDING_AGE_SECONDS,/* gauge */
    ZKS_M_WORKER_PROOFS_TOTAL,                  /* counter {result} */
    ZKS_M_WORKER_PROOF_DURATION_SECONDS,        /* histogram */
    ZKS_M_WORKER_BATCH_AGE_SECONDS,             /* histogram, seal -> settle */
    ZKS_M_SETTLEMENTS_PUBLISHED_TOTAL,          /* counter */
    ZKS_M_DLQ_RECORDS_TOTAL,                    /* counter {reason} */
    ZKS_M_KAFKA_CONSUMER_LAG,                   /* gauge {group,topic,partition} */
    ZKS_M_REDIS_ERRORS_TOTAL,                   /* counter {op} */
    ZKS_M_BUILD_INFO,                           /* gauge {version}, always 1 */
    ZKS_M__COUNT
} zks_metric_id;

extern const zks_metric_desc zks_metric_catalog[ZKS_M__COUNT];

#endif
