/*
 * The dead-letter record every service writes for input it cannot use:
 * the original payload, a reason code (the label of zks_dlq_records_total),
 * a one-line message, and where the input was consumed from.
 */
#ifndef ZKS_SERVICE_DLQ_H
#define ZKS_SERVICE_DLQ_H

#include "service/kafka_consumer.h"

#include <stddef.h>
#include <stdint.h>

/* Returns a malloc'd DlqRecord (protobuf) and its length in *len; NULL when out of memory. */
uint8_t *zks_dlq_encode(const zks_message *m, const char *service, const char *reason, const char *message,
                        uint64_t at_ms, size_t *len);

#endif
