/*
 * Redis client over hiredis (synchronous; one per thread). Connects to
 * host:port, unix:/path or /path (a unix socket). When the connection breaks
 * it reconnects with exponential backoff (backoff_initial_ms doubling to
 * backoff_max_ms, for at most retry_ms) and retries the failed command once:
 * pass only idempotent commands and scripts (the fleet's scripts are).
 *
 * Lua scripts: zks_redis_eval() uses EVALSHA with the script's cached SHA1 and
 * falls back to EVAL on NOSCRIPT (script cache flushed, a fresh or failed-over
 * server), which also re-caches it.
 *
 * Redis Cluster: every key of one pair carries the hash tag {user:provider}
 * (zks_redis_pair_key), so a script's keys are in one slot. This client talks
 * to one node and does not follow MOVED redirections.
 */
#ifndef ZKS_SERVICE_REDIS_CLIENT_H
#define ZKS_SERVICE_REDIS_CLIENT_H

#include "service/log.h"
#include "service/metrics.h"

#include <hiredis/hiredis.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct zks_redis zks_redis;

typedef struct {
    const char *address;       /* host:port, unix:/path or /path */
    int connect_timeout_ms;    /* 0: 2000 */
    int command_timeout_ms;    /* 0: 5000 */
    int retry_ms;              /* how long to keep reconnecting before a command fails; 0: 10000 */
    int backoff_initial_ms;    /* 0: 50 */
    int backoff_max_ms;        /* 0: 2000 */
} zks_redis_options;

typedef struct {
    const char *source;
    char sha[41];              /* hex SHA1, "" until loaded */
} zks_redis_script;

/* Does not connect yet (zks_redis_connect or the first command does). metrics/log may be NULL.
 * Counts zks_redis_errors_total{op}. NULL on bad options (message in err). */
zks_redis *zks_redis_new(const zks_redis_options *opt, zks_metrics *metrics, const zks_logger *log, char *err,
                         size_t errlen);
void zks_redis_free(zks_redis *r);

/* Connects (with backoff for up to retry_ms): 0, or -1 (zks_redis_error). */
int zks_redis_connect(zks_redis *r);
bool zks_redis_connected(const zks_redis *r);
/* One line describing the last failure. */
const char *zks_redis_error(const zks_redis *r);

/* Runs a command; NULL on I/O failure after the retry. A Redis error reply
 * (REDIS_REPLY_ERROR) is returned as a reply: check it. Free with freeReplyObject. */
redisReply *zks_redis_command(zks_redis *r, const char *fmt, ...);
redisReply *zks_redis_command_argv(zks_redis *r, int argc, const char **argv, const size_t *argv_len);

/* Script: set source; SHA is learned by SCRIPT LOAD. */
void zks_redis_script_init(zks_redis_script *s, const char *source);
int zks_redis_script_load(zks_redis *r, zks_redis_script *s);
/* EVALSHA sha nkeys keys... args... ; on NOSCRIPT: EVAL source (and reload). argv holds keys then args. */
redisReply *zks_redis_eval(zks_redis *r, zks_redis_script *s, int nkeys, int argc, const char **argv,
                           const size_t *argv_len);

/* Reply helpers: 0 ok, -1 wrong type. */
bool zks_redis_reply_is_error(const redisReply *rep);
int zks_redis_reply_int(const redisReply *rep, long long *out);   /* integer, or a decimal string */
/* A string or status reply: pointer into rep (not NUL-safe for binary; use *len). */
const char *zks_redis_reply_str(const redisReply *rep, size_t *len);

/* "zks:{<user hex>:<provider hex>}:<suffix>" (lower-case hex, 40 digits each).
 * Writes a NUL-terminated key into out; returns its length, or 0 if cap is too small. */
enum { ZKS_REDIS_PAIR_KEY_MAX = 100 + 64 };
size_t zks_redis_pair_key(char *out, size_t cap, const uint8_t user[20], const uint8_t provider[20], const char *suffix);

#endif
