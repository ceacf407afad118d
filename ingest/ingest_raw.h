/* The zks.traces.raw consumer: providers publishing protobuf SignedTrace directly. */
#ifndef ZKS_INGEST_INGEST_RAW_H
#define ZKS_INGEST_INGEST_RAW_H

#include "crypto/eddsa.h"
#include "service/kafka_config.h"
#include "service/kafka_consumer.h"
#include "service/kafka_producer.h"
#include "service/metrics.h"

/* Validates one raw record; publishes it to zks.traces (key user||provider) or
 * its DlqRecord to the DLQ, and waits for the broker's confirmation. 0 when
 * the record's outcome is durable (mark it done), -1 to retry it later. */
int ingest_raw_handle(const eddsa_ctx *ctx, zks_producer *producer, zks_metrics *metrics, const zks_topics *topics,
                      const zks_message *m);

#endif
