/* The fleet's metric table; see metrics_catalog.h. */
#include "service/metrics_catalog.h"

/* Request latencies: 1 ms .. 10 s. */
static const double HTTP_SECONDS[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
/* Groth16 proving: a fraction of a second (small L) to ten minutes (L = 40 on a slow node). */
static const double PROOF_SECONDS[] = {0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600};
/* Seal -> settle: queueing plus proving, up to an hour behind. */
static const double BATCH_AGE_SECONDS[] = {1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const zks_metric_desc zks_metric_catalog[ZKS_M__COUNT] = {
    [ZKS_M_INGEST_TRACES_TOTAL] = {"zks_ingest_traces_total", ZKS_METRIC_COUNTER,
        "Signed traces seen by ingest, by source, result and reject reason.", 3, {"source", "result", "reason"}, 0, NULL},
    [ZKS_M_INGEST_HTTP_REQUESTS_TOTAL] = {"zks_ingest_http_requests_total", ZKS_METRIC_COUNTER,
        "HTTP requests answered by ingest, by status code.", 1, {"code"}, 0, NULL},
    [ZKS_M_INGEST_HTTP_REQUEST_DURATION_SECONDS] = {"zks_ingest_http_request_duration_seconds", ZKS_METRIC_HISTOGRAM,
        "Time from request to response in ingest, including Kafka delivery.", 0, {0}, COUNT(HTTP_SECONDS), HTTP_SECONDS},
    [ZKS_M_KAFKA_PRODUCE_TOTAL] = {"zks_kafka_produce_total", ZKS_METRIC_COUNTER,
        "Kafka delivery reports, by topic and result.", 2, {"topic", "result"}, 0, NULL},
    [ZKS_M_AGGREGATOR_TRACES_TOTAL] = {"zks_aggregator_traces_total", ZKS_METRIC_COUNTER,
        "Traces handled by the aggregator, by result.", 1, {"result"}, 0, NULL},
    [ZKS_M_AGGREGATOR_BATCHES_SEALED_TOTAL] = {"zks_aggregator_batches_sealed_total", ZKS_METRIC_COUNTER,
        "Batches sealed, by reason (full or age).", 1, {"reason"}, 0, NULL},
    [ZKS_M_AGGREGATOR_PENDING_TRACES] = {"zks_aggregator_pending_traces", ZKS_METRIC_GAUGE,
        "Traces stored and not yet sealed, on this aggregator's partitions.", 0, {0}, 0, NULL},
    [ZKS_M_AGGREGATOR_OLDEST_PENDING_AGE_SECONDS] = {"zks_aggregator_oldest_pending_age_seconds", ZKS_METRIC_GAUGE,
        "Age of the oldest pending trace on this aggregator's partitions.", 0, {0}, 0, NULL},
    [ZKS_M_WORKER_PROOFS_TOTAL] = {"zks_worker_proofs_total", ZKS_METRIC_COUNTER,
        "Batches handled by the worker, by result.", 1, {"result"}, 0, NULL},
    [ZKS_M_WORKER_PROOF_DURATION_SECONDS] = {"zks_worker_proof_duration_seconds", ZKS_METRIC_HISTOGRAM,
        "Time to prove and self-verify one batch.", 0, {0}, COUNT(PROOF_SECONDS), PROOF_SECONDS},
    [ZKS_M_WORKER_BATCH_AGE_SECONDS] = {"zks_worker_batch_age_seconds", ZKS_METRIC_HISTOGRAM,
        "Time from sealing a batch to publishing its settlement.", 0, {0}, COUNT(BATCH_AGE_SECONDS), BATCH_AGE_SECONDS},
    [ZKS_M_SETTLEMENTS_PUBLISHED_TOTAL] = {"zks_settlements_published_total", ZKS_METRIC_COUNTER,
        "Settlements published to Kafka.", 0, {0}, 0, NULL},
    [ZKS_M_DLQ_RECORDS_TOTAL] = {"zks_dlq_records_total", ZKS_METRIC_COUNTER,
        "Records sent to the dead-letter topic, by reason.", 1, {"reason"}, 0, NULL},
    [ZKS_M_KAFKA_CONSUMER_LAG] = {"zks_kafka_consumer_lag", ZKS_METRIC_GAUGE,
        "High watermark minus committed offset, per assigned partition.", 3, {"group", "topic", "partition"}, 0, NULL},
    [ZKS_M_REDIS_ERRORS_TOTAL] = {"zks_redis_errors_total", ZKS_METRIC_COUNTER,
        "Redis failures, by operation.", 1, {"op"}, 0, NULL},
    [ZKS_M_BUILD_INFO] = {"zks_build_info", ZKS_METRIC_GAUGE,
        "Always 1; the label says which build is running.", 1, {"version"}, 0, NULL},
};
