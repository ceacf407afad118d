/*
 * One-line structured JSON logs on stderr:
 *   {"ts":"2026-11-24T02:51:18.123Z","level":"info","service":"ingest","msg":"started","port":8080}
 * Fields are typed key/value pairs. Never pass secrets (private keys, bearer
 * tokens) as fields. The logger is a plain struct owned by main; lines are
 * written whole, so threads may share it.
 *
 *   zks_logger lg; zks_logger_init(&lg, "ingest", ZKS_LOG_INFO, stderr);
 *   zks_log(&lg, ZKS_LOG_INFO, "listening", ZKS_LF_INT("port", port), ZKS_LF_STR("addr", host));
 *   zks_log_msg(&lg, ZKS_LOG_WARN, "redis reconnecting");
 */
#ifndef ZKS_SERVICE_LOG_H
#define ZKS_SERVICE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum { ZKS_LOG_DEBUG, ZKS_LOG_INFO, ZKS_LOG_WARN, ZKS_LOG_ERROR } zks_log_level;

typedef struct {
    const char *service;
    zks_log_level min_level;
    FILE *out;
} zks_logger;

typedef enum { ZKS_LF_KIND_STR, ZKS_LF_KIND_INT, ZKS_LF_KIND_UINT, ZKS_LF_KIND_DOUBLE, ZKS_LF_KIND_BOOL } zks_log_field_kind;

typedef struct {
    const char *key;
    zks_log_field_kind kind;
    union {
        const char *s;
        long long i;
        unsigned long long u;
        double d;
        bool b;
    } v;
} zks_log_field;

#define ZKS_LF_STR(k, x) ((zks_log_field){.key = (k), .kind = ZKS_LF_KIND_STR, .v.s = (x)})
#define ZKS_LF_INT(k, x) ((zks_log_field){.key = (k), .kind = ZKS_LF_KIND_INT, .v.i = (long long)(x)})
#define ZKS_LF_UINT(k, x) ((zks_log_field){.key = (k), .kind = ZKS_LF_KIND_UINT, .v.u = (unsigned long long)(x)})
#define ZKS_LF_DOUBLE(k, x) ((zks_log_field){.key = (k), .kind = ZKS_LF_KIND_DOUBLE, .v.d = (double)(x)})
#define ZKS_LF_BOOL(k, x) ((zks_log_field){.key = (k), .kind = ZKS_LF_KIND_BOOL, .v.b = (x)})

void zks_logger_init(zks_logger *lg, const char *service, zks_log_level min_level, FILE *out);
/* "debug" | "info" | "warn" | "error" -> 0, else -1. */
int zks_log_level_parse(const char *s, zks_log_level *out);

void zks_log_fields(const zks_logger *lg, zks_log_level level, const char *msg, const zks_log_field *fields, size_t count);
void zks_log_msg(const zks_logger *lg, zks_log_level level, const char *msg);

/* At least one field; use zks_log_msg for none. */
#define zks_log(lg, level, msg, ...)                                                                  \
    zks_log_fields((lg), (level), (msg), (const zks_log_field[]){__VA_ARGS__},                       \
                   sizeof((const zks_log_field[]){__VA_ARGS__}) / sizeof(zks_log_field))

#endif
