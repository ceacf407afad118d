/* One-line JSON logs; see log.h. */
#include "service/log.h"
#include "service/strbuf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const LEVEL_NAMES[] = {"debug", "info", "warn", "error"};

void zks_logger_init(zks_logger *lg, const char *service, zks_log_level min_level, FILE *out)
{
    lg->service = service;
    lg->min_level = min_level;
    lg->out = out ? out : stderr;
}

int zks_log_level_parse(const char *s, zks_log_level *out)
{
    for (int i = 0; i < 4; i++)
        if (s && strcmp(s, LEVEL_NAMES[i]) == 0) {
            *out = (zks_log_level)i;
            return 0;
        }
    return -1;
}

static void put_string(zks_strbuf *b, const char *s)
{
    zks_strbuf_putc(b, '"');
    zks_strbuf_json_escape(b, s ? s : "");
    zks_strbuf_putc(b, '"');
}

void zks_log_fields(const zks_logger *lg, zks_log_level level, const char *msg, const zks_log_field *fields, size_t count)
{
    if (!lg || level < lg->min_level)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[40];
    size_t n = strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(when + n, sizeof when - n, ".%03ldZ", ts.tv_nsec / 1000000);

    zks_strbuf b;
    zks_strbuf_init(&b);
    zks_strbuf_printf(&b, "{\"ts\":\"%s\",\"level\":\"%s\",\"service\":", when, LEVEL_NAMES[level & 3]);
    put_string(&b, lg->service);
    zks_strbuf_puts(&b, ",\"msg\":");
    put_string(&b, msg);
    for (size_t i = 0; i < count; i++) {
        zks_strbuf_putc(&b, ',');
        put_string(&b, fields[i].key);
        zks_strbuf_putc(&b, ':');
        switch (fields[i].kind) {
        case ZKS_LF_KIND_STR: put_string(&b, fields[i].v.s); break;
        case ZKS_LF_KIND_INT: zks_strbuf_printf(&b, "%lld", fields[i].v.i); break;
        case ZKS_LF_KIND_UINT: zks_strbuf_printf(&b, "%llu", fields[i].v.u); break;
        case ZKS_LF_KIND_DOUBLE:
            /* JSON has no NaN/Inf */
            if (isfinite(fields[i].v.d))
                zks_strbuf_printf(&b, "%.17g", fields[i].v.d);
            else
                zks_strbuf_puts(&b, "null");
            break;
        case ZKS_LF_KIND_BOOL: zks_strbuf_puts(&b, fields[i].v.b ? "true" : "false"); break;
        }
    }
    zks_strbuf_puts(&b, "}\n");
    size_t len;
    char *line = zks_strbuf_take(&b, &len);
    if (!line)
        return;
    /* One fwrite under the stream lock keeps concurrent lines whole. */
    flockfile(lg->out);
    fwrite(line, 1, len, lg->out);
    fflush(lg->out);
    funlockfile(lg->out);
    free(line);
}

void zks_log_msg(const zks_logger *lg, zks_log_level level, const char *msg)
{
    zks_log_fields(lg, level, msg, NULL, 0);
}
