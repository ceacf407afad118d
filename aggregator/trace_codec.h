/*
 * SignedTrace protobuf (proto/zks.proto) <-> the aggregator's pair + record.
 * Used by the aggregator on zks.traces and by ingest on zks.traces.raw.
 */
#ifndef ZKS_AGGREGATOR_TRACE_CODEC_H
#define ZKS_AGGREGATOR_TRACE_CODEC_H

#include "trace_record.h"

#include <stddef.h>
#include <stdint.h>

/* Decodes and checks field widths. Returns NULL on success, else a DLQ reason
 * code (static string): truncated_protobuf (not parseable), unsupported_version,
 * malformed (a field missing or of the wrong width). */
const char *trace_decode(const uint8_t *buf, size_t len, trace_pair *pair, trace_record *rec);

/* Encodes a SignedTrace (version 1). Returns a malloc'd buffer and its length, NULL on OOM. */
uint8_t *trace_encode(const trace_pair *pair, const trace_record *rec, uint64_t received_at_ms, int source,
                      size_t *len);

#endif
