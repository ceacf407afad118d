/* Growable text buffer; see strbuf.h. */
#include "service/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void zks_strbuf_init(zks_strbuf *b)
{
    memset(b, 0, sizeof *b);
}

void zks_strbuf_free(zks_strbuf *b)
{
    free(b->data);
    zks_strbuf_init(b);
}

static bool reserve(zks_strbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void zks_strbuf_append(zks_strbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void zks_strbuf_puts(zks_strbuf *b, const char *s)
{
    zks_strbuf_append(b, s, strlen(s));
}

void zks_strbuf_putc(zks_strbuf *b, char c)
{
    zks_strbuf_append(b, &c, 1);
}

void zks_strbuf_printf(zks_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void zks_strbuf_json_escape(zks_strbuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': zks_strbuf_puts(b, "\\\""); break;
        case '\\': zks_strbuf_puts(b, "\\\\"); break;
        case '\n': zks_strbuf_puts(b, "\\n"); break;
        case '\r': zks_strbuf_puts(b, "\\r"); break;
        case '\t': zks_strbuf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                zks_strbuf_printf(b, "\\u%04x", *p);
            else
                zks_strbuf_putc(b, (char)*p);
        }
    }
}

char *zks_strbuf_take(zks_strbuf *b, size_t *len)
{
    if (b->failed) {
        zks_strbuf_free(b);
        return NULL;
    }
    if (!b->data && !reserve(b, 0))
        return NULL;
    if (b->len == 0)
        b->data[0] = '\0';
    char *out = b->data;
    if (len)
        *len = b->len;
    zks_strbuf_init(b);
    return out;
}
