/* hiredis client with reconnect/backoff and cached Lua scripts; see redis_client.h. */
#include "service/redis_client.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

struct zks_redis {
    zks_redis_options opt;
    char *host;      /* NULL for a unix socket */
    char *path;      /* unix socket path */
    int port;
    redisContext *ctx;
    zks_metrics *metrics;
    const zks_logger *log;
    char error[256];
};

static void count_error(zks_redis *r, const char *op)
{
    zks_metric_inc(r->metrics, ZKS_M_REDIS_ERRORS_TOTAL, ZKS_LABELS(op));
}

static int parse_address(zks_redis *r, const char *a, char *err, size_t errlen)
{
    if (strncmp(a, "unix:", 5) == 0 || a[0] == '/') {
        r->path = strdup(a[0] == '/' ? a : a + 5);
        if (!r->path || !r->path[0]) {
            snprintf(err, errlen, "redis address '%s': empty socket path", a);
            return -1;
        }
        return 0;
    }
    const char *colon = strrchr(a, ':');
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || colon == a || !end || *end || end == colon + 1 || port <= 0 || port > 65535) {
        snprintf(err, errlen, "redis address '%s': expected host:port, unix:/path or /path", a);
        return -1;
    }
    r->host = strndup(a, (size_t)(colon - a));
    r->port = (int)port;
    return r->host ? 0 : -1;
}

zks_redis *zks_redis_new(const zks_redis_options *opt, zks_metrics *metrics, const zks_logger *log, char *err,
                         size_t errlen)
{
    zks_redis *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    r->opt = *opt;
    if (!r->opt.connect_timeout_ms)
        r->opt.connect_timeout_ms = 2000;
    if (!r->opt.command_timeout_ms)
        r->opt.command_timeout_ms = 5000;
    if (!r->opt.retry_ms)
        r->opt.retry_ms = 10000;
    if (!r->opt.backoff_initial_ms)
        r->opt.backoff_initial_ms = 50;
    if (!r->opt.backoff_max_ms)
        r->opt.backoff_max_ms = 2000;
    r->metrics = metrics;
    r->log = log;
    if (!opt->address || parse_address(r, opt->address, err, errlen) != 0) {
        if (!opt->address)
            snprintf(err, errlen, "redis address missing");
        zks_redis_free(r);
        return NULL;
    }
    r->opt.address = NULL; /* not kept: the caller's string may not outlive us */
    return r;
}

void zks_redis_free(zks_redis *r)
{
    if (!r)
        return;
    if (r->ctx)
        redisFree(r->ctx);
    free(r->host);
    free(r->path);
    free(r);
}

static struct timeval tv_of(int ms)
{
    return (struct timeval){.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
}

static void drop(zks_redis *r)
{
    if (r->ctx) {
        redisFree(r->ctx);
        r->ctx = NULL;
    }
}

static int connect_once(zks_redis *r)
{
    struct timeval ct = tv_of(r->opt.connect_timeout_ms);
    redisContext *c = r->path ? redisConnectUnixWithTimeout(r->path, ct) : redisConnectWithTimeout(r->host, r->port, ct);
    if (!c || c->err) {
        snprintf(r->error, sizeof r->error, "redis connect %s%s%d: %s", r->path ? r->path : r->host, r->path ? "" : ":",
                 r->path ? 0 : r->port, c ? c->errstr : "out of memory");
        if (r->path) /* no port to print for a socket */
            snprintf(r->error, sizeof r->error, "redis connect %s: %s", r->path, c ? c->errstr : "out of memory");
        if (c)
            redisFree(c);
        return -1;
    }
    redisSetTimeout(c, tv_of(r->opt.command_timeout_ms));
    if (!r->path)
        redisEnableKeepAlive(c);
    r->ctx = c;
    return 0;
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int zks_redis_connect(zks_redis *r)
{
    if (r->ctx)
        return 0;
    long long deadline = now_ms() + r->opt.retry_ms;
    int backoff = r->opt.backoff_initial_ms;
    for (int attempt = 0;; attempt++) {
        if (connect_once(r) == 0) {
            if (attempt > 0)
                zks_log(r->log, ZKS_LOG_INFO, "redis reconnected", ZKS_LF_INT("attempts", attempt + 1));
            return 0;
        }
        count_error(r, "connect");
        long long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        if (attempt == 0)
            zks_log(r->log, ZKS_LOG_WARN, "redis unreachable, retrying", ZKS_LF_STR("error", r->error));
        int pause = backoff < left ? backoff : (int)left;
        struct timespec ts = {pause / 1000, (long)(pause % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        backoff = backoff * 2 > r->opt.backoff_max_ms ? r->opt.backoff_max_ms : backoff * 2;
    }
}

bool zks_redis_connected(const zks_redis *r)
{
    return r->ctx != NULL;
}

const char *zks_redis_error(const zks_redis *r)
{
    return r->error[0] ? r->error : "no error";
}

/*
 * hiredis writes with write(2): a peer that went away would raise SIGPIPE and
 * kill the process. Block it in this thread around the I/O and swallow one that
 * became pending, leaving the process's signal dispositions alone.
 */
typedef struct {
    sigset_t old;
    bool was_pending;
} sigpipe_guard;

static void sigpipe_block(sigpipe_guard *g)
{
    sigset_t pipe_set, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigpending(&pending);
    g->was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &g->old);
}

static void sigpipe_restore(sigpipe_guard *g)
{
    sigset_t pipe_set, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigpending(&pending);
    if (!g->was_pending && sigismember(&pending, SIGPIPE)) {
        const struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &g->old, NULL);
}

/* One attempt; NULL and the context dropped on an I/O or protocol failure. */
static redisReply *run_argv(zks_redis *r, int argc, const char **argv, const size_t *lens)
{
    if (zks_redis_connect(r) != 0)
        return NULL;
    sigpipe_guard g;
    sigpipe_block(&g);
    redisReply *rep = redisCommandArgv(r->ctx, argc, argv, lens);
    sigpipe_restore(&g);
    if (!rep) {
        snprintf(r->error, sizeof r->error, "redis %s: %s", argc > 0 ? argv[0] : "?", r->ctx->errstr);
        count_error(r, "command");
        drop(r);
    }
    return rep;
}

redisReply *zks_redis_command_argv(zks_redis *r, int argc, const char **argv, const size_t *argv_len)
{
    redisReply *rep = run_argv(r, argc, argv, argv_len);
    if (!rep) /* the connection broke: reconnect (with backoff) and retry once */
        rep = run_argv(r, argc, argv, argv_len);
    return rep;
}

redisReply *zks_redis_command(zks_redis *r, const char *fmt, ...)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        if (zks_redis_connect(r) != 0)
            return NULL;
        va_list ap;
        va_start(ap, fmt);
        sigpipe_guard g;
        sigpipe_block(&g);
        redisReply *rep = redisvCommand(r->ctx, fmt, ap);
        sigpipe_restore(&g);
        va_end(ap);
        if (rep)
            return rep;
        snprintf(r->error, sizeof r->error, "redis command: %s", r->ctx->errstr);
        count_error(r, "command");
        drop(r);
    }
    return NULL;
}

void zks_redis_script_init(zks_redis_script *s, const char *source)
{
    s->source = source;
    s->sha[0] = '\0';
}

int zks_redis_script_load(zks_redis *r, zks_redis_script *s)
{
    const char *argv[] = {"SCRIPT", "LOAD", s->source};
    redisReply *rep = zks_redis_command_argv(r, 3, argv, NULL);
    if (!rep)
        return -1;
    int rc = -1;
    if (rep->type == REDIS_REPLY_STRING && rep->len == 40) {
        memcpy(s->sha, rep->str, 40);
        s->sha[40] = '\0';
        rc = 0;
    } else {
        snprintf(r->error, sizeof r->error, "redis SCRIPT LOAD: %s", rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
        count_error(r, "script");
    }
    freeReplyObject(rep);
    return rc;
}

/* {cmd, script-or-sha, nkeys, argv...}: one allocation for EVAL and EVALSHA. */
static redisReply *eval_with(zks_redis *r, const char *cmd, const char *head, int nkeys, int argc, const char **argv,
                             const size_t *argv_len)
{
    char nk[16];
    snprintf(nk, sizeof nk, "%d", nkeys);
    size_t total = (size_t)argc + 3;
    const char **av = malloc(total * sizeof *av);
    size_t *al = malloc(total * sizeof *al);
    redisReply *rep = NULL;
    if (av && al) {
        av[0] = cmd;
        av[1] = head;
        av[2] = nk;
        al[0] = strlen(cmd);
        al[1] = strlen(head);
        al[2] = strlen(nk);
        for (int i = 0; i < argc; i++) {
            av[3 + i] = argv[i];
            al[3 + i] = argv_len ? argv_len[i] : strlen(argv[i]);
        }
        rep = zks_redis_command_argv(r, (int)total, av, al);
    }
    free(av);
    free(al);
    return rep;
}

redisReply *zks_redis_eval(zks_redis *r, zks_redis_script *s, int nkeys, int argc, const char **argv,
                           const size_t *argv_len)
{
    if (!s->sha[0] && zks_redis_script_load(r, s) != 0)
        return eval_with(r, "EVAL", s->source, nkeys, argc, argv, argv_len);
    redisReply *rep = eval_with(r, "EVALSHA", s->sha, nkeys, argc, argv, argv_len);
    if (rep && rep->type == REDIS_REPLY_ERROR && strncmp(rep->str, "NOSCRIPT", 8) == 0) {
        /* The server lost its script cache (restart, SCRIPT FLUSH, failover): EVAL caches it again. */
        freeReplyObject(rep);
        zks_log(r->log, ZKS_LOG_INFO, "redis script cache miss, using EVAL", ZKS_LF_STR("sha", s->sha));
        rep = eval_with(r, "EVAL", s->source, nkeys, argc, argv, argv_len);
    }
    if (rep && rep->type == REDIS_REPLY_ERROR)
        count_error(r, "script");
    return rep;
}

bool zks_redis_reply_is_error(const redisReply *rep)
{
    return !rep || rep->type == REDIS_REPLY_ERROR;
}

int zks_redis_reply_int(const redisReply *rep, long long *out)
{
    if (!rep)
        return -1;
    if (rep->type == REDIS_REPLY_INTEGER) {
        *out = rep->integer;
        return 0;
    }
    if (rep->type == REDIS_REPLY_STRING || rep->type == REDIS_REPLY_STATUS) {
        char *end;
        long long v = strtoll(rep->str, &end, 10);
        if (end == rep->str || *end)
            return -1;
        *out = v;
        return 0;
    }
    return -1;
}

const char *zks_redis_reply_str(const redisReply *rep, size_t *len)
{
    if (!rep || (rep->type != REDIS_REPLY_STRING && rep->type != REDIS_REPLY_STATUS))
        return NULL;
    if (len)
        *len = rep->len;
    return rep->str;
}

size_t zks_redis_pair_key(char *out, size_t cap, const uint8_t user[20], const uint8_t provider[20], const char *suffix)
{
    static const char HEX[] = "0123456789abcdef";
    char tag[82];
    for (int i = 0; i < 20; i++) {
        tag[2 * i] = HEX[user[i] >> 4];
        tag[2 * i + 1] = HEX[user[i] & 15];
        tag[41 + 2 * i] = HEX[provider[i] >> 4];
        tag[41 + 2 * i + 1] = HEX[provider[i] & 15];
    }
    tag[40] = ':';
    tag[81] = '\0';
    int n = snprintf(out, cap, "zks:{%s}:%s", tag, suffix ? suffix : "");
    if (n < 0 || (size_t)n >= cap) {
        if (cap)
            out[0] = '\0';
        return 0;
    }
    return (size_t)n;
}
