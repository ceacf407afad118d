#include "ingest_raw.h"

#include "trace_codec.h"
#include "validate.h"
#include "zks.pb-c.h"

#include <stdlib.h>
#include <time.h>

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int send_confirmed(zks_producer *p, const char *topic, const void *key, size_t klen, const void *v, size_t len)
{
    zks_delivery d;
    rd_kafka_resp_err_t res = RD_KAFKA_RESP_ERR_UNKNOWN;
    zks_delivery_init(&d);
    int rc = -1;
    if (zks_producer_send(p, topic, key, klen, v, len, &d, &res) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        zks_delivery_wait(&d, -1);
        rc = res == RD_KAFKA_RESP_ERR_NO_ERROR ? 0 : -1;
    }
    zks_delivery_destroy(&d);
    return rc;
}

int ingest_raw_handle(const eddsa_ctx *ctx, zks_producer *producer, zks_metrics *metrics, const zks_topics *topics,
                      const zks_message *m)
{
    trace_pair pair;
    trace_record rec;
    const char *reason = ingest_check_raw(ctx, m->value, m->value_len, &pair, &rec);
    if (reason == NULL) {
        size_t len;
        uint8_t *buf = trace_encode(&pair, &rec, now_ms(), 2 /* SOURCE_KAFKA */, &len);
        uint8_t key[TRACE_PAIR_KEY_LEN];
        trace_pair_key(&pair, key);
        int rc = buf ? send_confirmed(producer, topics->traces, key, sizeof key, buf, len) : -1;
        free(buf);
        if (rc == 0)
            zks_metric_inc(metrics, ZKS_M_INGEST_TRACES_TOTAL, ZKS_LABELS("kafka", "accepted", ""));
        return rc;
    }
    Zks__V1__DlqRecord r = ZKS__V1__DLQ_RECORD__INIT;
    r.version = 1;
    r.payload = (ProtobufCBinaryData){m->value_len, (uint8_t *)m->value};
    r.reason = (char *)reason;
    r.message = (char *)"rejected by ingest";
    r.source_topic = (char *)m->topic;
    r.source_partition = m->partition;
    r.source_offset = m->offset;
    r.at_ms = now_ms();
    r.service = "ingest";
    size_t len = zks__v1__dlq_record__get_packed_size(&r);
    uint8_t *buf = malloc(len ? len : 1);
    if (buf == NULL)
        return -1;
    zks__v1__dlq_record__pack(&r, buf);
    int rc = send_confirmed(producer, topics->dlq, m->key, m->key_len, buf, len);
    free(buf);
    if (rc == 0) {
        zks_metric_inc(metrics, ZKS_M_INGEST_TRACES_TOTAL, ZKS_LABELS("kafka", "rejected", reason));
        zks_metric_inc(metrics, ZKS_M_DLQ_RECORDS_TOTAL, ZKS_LABELS(reason));
    }
    return rc;
}
