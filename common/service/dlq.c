#include "service/dlq.h"

#include "zks.pb-c.h"

#include <stdlib.h>

uint8_t *zks_dlq_encode(const zks_message *m, const char *service, const char *reason, const char *message,
                        uint64_t at_ms, size_t *len)
{
    Zks__V1__DlqRecord r = ZKS__V1__DLQ_RECORD__INIT;
    r.version = 1;
    r.payload = (ProtobufCBinaryData){m->value_len, (uint8_t *)m->value};
    r.reason = (char *)reason;
    r.message = (char *)message;
    r.source_topic = (char *)m->topic;
    r.source_partition = m->partition;
    r.source_offset = m->offset;
    r.at_ms = at_ms;
    r.service = (char *)service;
    *len = zks__v1__dlq_record__get_packed_size(&r);
    uint8_t *buf = malloc(*len ? *len : 1);
    if (buf != NULL)
        zks__v1__dlq_record__pack(&r, buf);
    return buf;
}
