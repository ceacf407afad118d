/*
 * Redis client against a real redis-server (started by redis_client.sh on a
 * private unix socket):
 *   itest_redis SOCKET SCRIPT.lua EXPECTED_SHA1 RESTART_CMD
 * SCRIPT LOAD gives the SHA1 that sha1sum computed; EVALSHA works; after SCRIPT
 * FLUSH the NOSCRIPT fallback still runs the script and re-caches it; after
 * RESTART_CMD (kills redis-server and starts a fresh one a little later) the
 * next command reconnects with backoff and the script runs again (NOSCRIPT on
 * the new server); errors are counted in zks_redis_errors_total.
 */
#include "check.h"
#include "service/log.h"
#include "service/metrics.h"
#include "service/redis_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

CHECK_MAIN_STATE

static long long eval_int(zks_redis *r, zks_redis_script *s, const char *key, const char *arg)
{
    const char *argv[] = {key, arg};
    redisReply *rep = zks_redis_eval(r, s, 1, 2, argv, NULL);
    long long v = -1;
    CHECK_MSG(rep && zks_redis_reply_int(rep, &v) == 0, "eval: %s", rep ? (rep->str ? rep->str : "?") : zks_redis_error(r));
    if (rep)
        freeReplyObject(rep);
    return v;
}

static long long command_int(zks_redis *r, const char *cmd, const char *arg)
{
    redisReply *rep = zks_redis_command(r, "%s %s", cmd, arg);
    long long v = -1;
    CHECK_MSG(rep && zks_redis_reply_int(rep, &v) == 0, "%s", zks_redis_error(r));
    if (rep)
        freeReplyObject(rep);
    return v;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: itest_redis SOCKET SCRIPT.lua EXPECTED_SHA1 RESTART_CMD\n");
        return 2;
    }
    zks_logger lg;
    zks_logger_init(&lg, "itest_redis", ZKS_LOG_INFO, stderr);
    zks_metrics *m = zks_metrics_new(zks_metric_catalog, ZKS_M__COUNT);
    char err[256];
    zks_redis_options opt = {.address = argv[1], .retry_ms = 15000, .backoff_initial_ms = 20, .backoff_max_ms = 400};
    zks_redis *r = zks_redis_new(&opt, m, &lg, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    zks_redis_options bad = {.address = "no-port-here"};
    CHECK(zks_redis_new(&bad, NULL, NULL, err, sizeof err) == NULL);
    if (!r)
        return CHECK_EXIT();
    CHECK_MSG(zks_redis_connect(r) == 0, "%s", zks_redis_error(r));

    const char *source = read_file(argv[2]);
    CHECK(source != NULL);
    zks_redis_script script;
    zks_redis_script_init(&script, source);
    CHECK(zks_redis_script_load(r, &script) == 0);
    CHECK_MSG(strcmp(script.sha, argv[3]) == 0, "SCRIPT LOAD sha %s, sha1sum %s", script.sha, argv[3]);

    uint8_t user[20], provider[20];
    memset(user, 0xab, sizeof user);
    memset(provider, 0x01, sizeof provider);
    char key[ZKS_REDIS_PAIR_KEY_MAX];
    zks_redis_pair_key(key, sizeof key, user, provider, "counter");

    CHECK(eval_int(r, &script, key, "5") == 5);
    CHECK(eval_int(r, &script, key, "5") == 10);

    /* the server forgets its scripts: EVALSHA says NOSCRIPT, the fallback EVAL runs and re-caches */
    redisReply *rep = zks_redis_command(r, "SCRIPT FLUSH");
    CHECK(rep && rep->type == REDIS_REPLY_STATUS);
    freeReplyObject(rep);
    rep = zks_redis_command(r, "SCRIPT EXISTS %s", script.sha);
    CHECK(rep && rep->type == REDIS_REPLY_ARRAY && rep->elements == 1 && rep->element[0]->integer == 0);
    freeReplyObject(rep);
    CHECK(eval_int(r, &script, key, "1") == 11);
    rep = zks_redis_command(r, "SCRIPT EXISTS %s", script.sha);
    CHECK(rep && rep->type == REDIS_REPLY_ARRAY && rep->elements == 1 && rep->element[0]->integer == 1);
    freeReplyObject(rep);

    /* a Redis error is a reply, not a transport failure */
    rep = zks_redis_command(r, "INCR %s", "zks:not-a-number");
    freeReplyObject(rep);
    rep = zks_redis_command(r, "SET %s %s", "zks:not-a-number", "abc");
    freeReplyObject(rep);
    rep = zks_redis_command(r, "INCR %s", "zks:not-a-number");
    CHECK(rep && zks_redis_reply_is_error(rep));
    freeReplyObject(rep);

    /* restart the server (a fresh one comes up a little later, empty): reconnect with backoff */
    CHECK(system(argv[4]) == 0);
    CHECK(eval_int(r, &script, key, "2") == 2);
    CHECK(command_int(r, "GET", key) == 2);
    CHECK(zks_redis_connected(r));
    double connect_errors = zks_metric_value(m, ZKS_M_REDIS_ERRORS_TOTAL, ZKS_LABELS("connect"));
    CHECK_MSG(connect_errors >= 1, "connect errors counted: %g", connect_errors);

    zks_redis_free(r);
    zks_metrics_free(m);
    return CHECK_EXIT();
}
