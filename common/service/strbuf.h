/* Growable text buffer for building log lines and exposition text (internal to zks_service). */
#ifndef ZKS_SERVICE_STRBUF_H
#define ZKS_SERVICE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *data;   /* NUL-terminated while !failed */
    size_t len;
    size_t cap;
    bool failed;  /* an allocation failed; later appends are ignored */
} zks_strbuf;

void zks_strbuf_init(zks_strbuf *b);
void zks_strbuf_free(zks_strbuf *b);
void zks_strbuf_append(zks_strbuf *b, const char *s, size_t n);
void zks_strbuf_puts(zks_strbuf *b, const char *s);
void zks_strbuf_putc(zks_strbuf *b, char c);
void zks_strbuf_printf(zks_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as the inside of a JSON string (quotes not included). */
void zks_strbuf_json_escape(zks_strbuf *b, const char *s);
/* Hands the buffer to the caller (NULL if an allocation failed); b is left empty. */
char *zks_strbuf_take(zks_strbuf *b, size_t *len);

#endif
