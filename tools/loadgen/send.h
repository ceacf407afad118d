/*
 * Hands the population's traces to the fleet: pairs marked LG_VIA_HTTP go to
 * ingest's POST /v1/traces (one request per provider per round, that
 * provider's bearer token), LG_VIA_RAW pairs go to the raw topic as protobuf
 * SignedTrace with key user||provider. Round k sends every pair's k-th trace,
 * so a pair's nonces reach ingest in increasing order.
 *
 * Then the probes: inputs the fleet must reject, each with the answer it must give.
 */
#ifndef ZKS_LOADGEN_SEND_H
#define ZKS_LOADGEN_SEND_H

#include "population.h"

#include "service/kafka_producer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *host;
    int port;
    int timeout_ms;
    zks_producer *producer;
    const char *raw_topic;
    const eddsa_ctx *eddsa;
    double rate; /* traces per second to aim at; 0: as fast as ingest takes them */
} lg_sender;

typedef struct {
    size_t http_requests, http_retries;
    size_t http_accepted, raw_accepted; /* traces */
    size_t failures;                    /* traces the fleet should have taken and did not */
    char first_failure[256];
} lg_send_stats;

#define LG_PROBE_MAX 8

/* One input the fleet must reject. Raw probes are settled when their DLQ record arrives. */
typedef struct {
    const char *name;      /* e.g. "http bad signature" */
    const char *expect;    /* what rejection looks like, for the report */
    bool via_raw;
    const char *dlq_reason; /* raw: the DLQ reason code expected */
    uint8_t *payload;      /* raw: the bytes sent, matched against DlqRecord.payload */
    size_t payload_len;
    bool rejected;         /* the expected rejection was observed */
    char got[160];         /* what was observed */
} lg_probe;

typedef struct {
    lg_probe items[LG_PROBE_MAX];
    size_t count;
} lg_probes;

/* Sends every trace; marks accepted and sent_ms. 0 when every trace was
 * accepted, 1 when some were not (stats says which first), 3 when ingest or
 * the broker is unreachable. */
int send_traces(const lg_sender *s, lg_population *pop, lg_send_stats *stats);

/* Sends the probes (bad signature over HTTP and raw, wrong provider, unknown
 * token). HTTP probes are decided here; raw ones when the DLQ record is seen. */
void send_probes(const lg_sender *s, const lg_population *pop, lg_probes *probes);
void probes_free(lg_probes *probes);

int64_t lg_now_ms(void);

#endif
