#include "batch_store.h"

#include "lua_scripts.h"

#include <hiredis/hiredis.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SCRIPT_ADD, SCRIPT_SEAL, SCRIPT_READ, SCRIPT_ANNOUNCED, SCRIPT_PROVED, SCRIPT_COUNT };
enum { KEY_CAP = 192 };

struct batch_store {
    zks_redis *redis;  /* borrowed: owned by the service's main */
    zks_redis_script scripts[SCRIPT_COUNT];
    char error[256];
};

static int fail(batch_store *bs, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(bs->error, sizeof bs->error, fmt, ap);
    va_end(ap);
    return -1;
}

const char *batch_store_error(const batch_store *bs) { return bs->error; }

const char *add_result_name(add_result r)
{
    static const char *const names[] = {"stored", "duplicate", "conflict", "replay"};
    return names[r];
}

batch_store *batch_store_new(zks_redis *redis)
{
    batch_store *bs = calloc(1, sizeof *bs);
    if (bs == NULL)
        return NULL;
    bs->redis = redis;
    zks_redis_script_init(&bs->scripts[SCRIPT_ADD], zks_lua_add_trace);
    zks_redis_script_init(&bs->scripts[SCRIPT_SEAL], zks_lua_seal_batch);
    zks_redis_script_init(&bs->scripts[SCRIPT_READ], zks_lua_read_pending);
    zks_redis_script_init(&bs->scripts[SCRIPT_ANNOUNCED], zks_lua_mark_announced);
    zks_redis_script_init(&bs->scripts[SCRIPT_PROVED], zks_lua_mark_proved);
    return bs;
}

void batch_store_free(batch_store *bs) { free(bs); }

/* Error replies become failures here so callers only see well-formed data. */
static redisReply *checked(batch_store *bs, redisReply *r, const char *what)
{
    if (r == NULL) {
        fail(bs, "redis %s: %s", what, zks_redis_error(bs->redis));
        return NULL;
    }
    if (zks_redis_reply_is_error(r)) {
        fail(bs, "redis %s: %.200s", what, r->str);
        freeReplyObject(r);
        return NULL;
    }
    return r;
}

#define command(bs, ...) checked((bs), zks_redis_command((bs)->redis, __VA_ARGS__), "command")

static redisReply *run_script(batch_store *bs, int which, int nkeys, const char **keys, int nargs,
                              const char **args, const size_t *arglens)
{
    int argc = nkeys + nargs;
    const char **argv = malloc((size_t)argc * sizeof *argv);
    size_t *lens = malloc((size_t)argc * sizeof *lens);
    redisReply *r = NULL;
    if (argv == NULL || lens == NULL) {
        fail(bs, "out of memory");
    } else {
        for (int i = 0; i < nkeys; i++) {
            argv[i] = keys[i];
            lens[i] = strlen(keys[i]);
        }
        for (int i = 0; i < nargs; i++) {
            argv[nkeys + i] = args[i];
            lens[nkeys + i] = arglens ? arglens[i] : strlen(args[i]);
        }
        r = checked(bs, zks_redis_eval(bs->redis, &bs->scripts[which], nkeys, argc, argv, lens), "script");
    }
    free(argv);
    free(lens);
    return r;
}

static void pair_key(char out[KEY_CAP], const trace_pair *pair, const char *suffix)
{
    char tag[TRACE_PAIR_TAG_LEN + 1];
    trace_pair_tag(pair, tag);
    snprintf(out, KEY_CAP, "zks:%s:%s", tag, suffix);
}

static void batch_key(char out[KEY_CAP], const trace_pair *pair, const uint8_t id[BATCH_ID_LEN])
{
    char hex[2 * BATCH_ID_LEN + 1], suffix[2 * BATCH_ID_LEN + 8];
    trace_hex(id, BATCH_ID_LEN, hex);
    snprintf(suffix, sizeof suffix, "batch:%s", hex);
    pair_key(out, pair, suffix);
}

static int read_summary(batch_store *bs, redisReply *r, const char **status, pair_summary *s)
{
    if (r->type != REDIS_REPLY_ARRAY || r->elements != 3 ||
        (r->element[0]->type != REDIS_REPLY_STRING && r->element[0]->type != REDIS_REPLY_STATUS) ||
        r->element[1]->type != REDIS_REPLY_INTEGER || r->element[2]->type != REDIS_REPLY_INTEGER)
        return fail(bs, "redis script: unexpected reply shape");
    *status = r->element[0]->str;
    s->pending = r->element[1]->integer;
    s->oldest_ms = r->element[2]->integer;
    return 0;
}

int batch_store_add(batch_store *bs, const trace_pair *pair, const trace_record *rec, uint64_t now_ms,
                    int partition, add_result *result, pair_summary *summary)
{
    char k[5][KEY_CAP];
    pair_key(k[0], pair, "pending");
    pair_key(k[1], pair, "arrivals");
    pair_key(k[2], pair, "seen");
    pair_key(k[3], pair, "wm");
    pair_key(k[4], pair, "meta");
    const char *keys[5] = {k[0], k[1], k[2], k[3], k[4]};
    char nonce[TRACE_NONCE_KEY_LEN + 1], now[24], part[16];
    uint8_t record[TRACE_RECORD_LEN];
    trace_nonce_key(rec->nonce, nonce);
    trace_record_encode(rec, record);
    snprintf(now, sizeof now, "%" PRIu64, now_ms);
    snprintf(part, sizeof part, "%d", partition);
    const char *args[4] = {nonce, (const char *)record, now, part};
    size_t lens[4] = {TRACE_NONCE_KEY_LEN, TRACE_RECORD_LEN, strlen(now), strlen(part)};
    redisReply *r = run_script(bs, SCRIPT_ADD, 5, keys, 4, args, lens);
    if (r == NULL)
        return -1;
    const char *status = "";
    int rc = read_summary(bs, r, &status, summary);
    if (rc == 0) {
        if (strcmp(status, "stored") == 0)
            *result = ADD_STORED;
        else if (strcmp(status, "duplicate") == 0)
            *result = ADD_DUPLICATE;
        else if (strcmp(status, "conflict") == 0)
            *result = ADD_CONFLICT;
        else if (strcmp(status, "replay") == 0)
            *result = ADD_REPLAY;
        else
            rc = fail(bs, "add_trace: unknown result %s", status);
    }
    freeReplyObject(r);
    return rc;
}

int batch_store_read_pending(batch_store *bs, const trace_pair *pair, pending_trace **out, size_t *n)
{
    char k[2][KEY_CAP];
    pair_key(k[0], pair, "pending");
    pair_key(k[1], pair, "arrivals");
    const char *keys[2] = {k[0], k[1]};
    redisReply *r = run_script(bs, SCRIPT_READ, 2, keys, 0, NULL, NULL);
    if (r == NULL)
        return -1;
    int rc = 0;
    *out = NULL;
    *n = 0;
    if (r->type != REDIS_REPLY_ARRAY || r->elements % 3 != 0) {
        rc = fail(bs, "read_pending: unexpected reply shape");
        goto done;
    }
    size_t count = r->elements / 3;
    pending_trace *list = count ? calloc(count, sizeof *list) : NULL;
    if (count && list == NULL) {
        rc = fail(bs, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        redisReply *rec = r->element[3 * i + 1], *at = r->element[3 * i + 2];
        if (rec->type != REDIS_REPLY_STRING || at->type != REDIS_REPLY_INTEGER ||
            !trace_record_decode((const uint8_t *)rec->str, rec->len, &list[i].rec)) {
            free(list);
            rc = fail(bs, "read_pending: corrupt record");
            goto done;
        }
        list[i].arrived_ms = at->integer < 0 ? 0 : (uint64_t)at->integer;
    }
    *out = list;
    *n = count;
done:
    freeReplyObject(r);
    return rc;
}

int batch_store_seal(batch_store *bs, const trace_pair *pair, const pending_trace *pending, const batch_plan *plan,
                     uint64_t now_ms, uint64_t retention_ms, seal_result *result, pair_summary *summary)
{
    char k[8][KEY_CAP];
    pair_key(k[0], pair, "pending");
    pair_key(k[1], pair, "arrivals");
    pair_key(k[2], pair, "seen");
    pair_key(k[3], pair, "wm");
    batch_key(k[4], pair, plan->id);
    pair_key(k[5], pair, "sealed");
    pair_key(k[6], pair, "batches");
    pair_key(k[7], pair, "seen_at");
    const char *keys[8];
    for (int i = 0; i < 8; i++)
        keys[i] = k[i];

    size_t nargs = 4 + 2 * plan->count;
    const char **args = malloc(nargs * sizeof *args);
    size_t *lens = malloc(nargs * sizeof *lens);
    char (*nonces)[TRACE_NONCE_KEY_LEN + 1] = malloc(plan->count * sizeof *nonces);
    uint8_t (*records)[TRACE_RECORD_LEN] = malloc(plan->count * sizeof *records);
    int rc = -1;
    if (args == NULL || lens == NULL || nonces == NULL || records == NULL) {
        fail(bs, "out of memory");
        goto out;
    }
    char id[2 * BATCH_ID_LEN + 1], now[24], retention[24];
    trace_hex(plan->id, BATCH_ID_LEN, id);
    snprintf(now, sizeof now, "%" PRIu64, now_ms);
    snprintf(retention, sizeof retention, "%" PRIu64, retention_ms);
    args[0] = id;
    args[1] = now;
    args[2] = plan->reason;
    args[3] = retention;
    for (size_t i = 0; i < 4; i++)
        lens[i] = strlen(args[i]);
    for (size_t i = 0; i < plan->count; i++) {
        trace_nonce_key(pending[i].rec.nonce, nonces[i]);
        trace_record_encode(&pending[i].rec, records[i]);
        args[4 + 2 * i] = nonces[i];
        lens[4 + 2 * i] = TRACE_NONCE_KEY_LEN;
        args[5 + 2 * i] = (const char *)records[i];
        lens[5 + 2 * i] = TRACE_RECORD_LEN;
    }
    redisReply *r = run_script(bs, SCRIPT_SEAL, 8, keys, (int)nargs, args, lens);
    if (r == NULL)
        goto out;
    const char *status = "";
    rc = read_summary(bs, r, &status, summary);
    if (rc == 0) {
        if (strcmp(status, "sealed") == 0)
            *result = SEAL_SEALED;
        else if (strcmp(status, "exists") == 0)
            *result = SEAL_EXISTS;
        else if (strcmp(status, "stale") == 0)
            *result = SEAL_STALE;
        else
            rc = fail(bs, "seal_batch: unknown result %s", status);
    }
    freeReplyObject(r);
out:
    free(args);
    free(lens);
    free(nonces);
    free(records);
    return rc;
}

static bool parse_id(const char *hex, size_t len, uint8_t id[BATCH_ID_LEN])
{
    if (len != 2 * BATCH_ID_LEN)
        return false;
    for (size_t i = 0; i < BATCH_ID_LEN; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            return false;
        id[i] = (uint8_t)v;
    }
    return true;
}

int batch_store_unannounced(batch_store *bs, const trace_pair *pair, uint8_t (**ids)[BATCH_ID_LEN], size_t *n)
{
    char k[KEY_CAP];
    pair_key(k, pair, "sealed");
    redisReply *r = command(bs, "SMEMBERS %s", k);
    if (r == NULL)
        return -1;
    *ids = NULL;
    *n = 0;
    if (r->type != REDIS_REPLY_ARRAY) {
        freeReplyObject(r);
        return fail(bs, "SMEMBERS: unexpected reply");
    }
    if (r->elements) {
        *ids = malloc(r->elements * sizeof **ids);
        if (*ids == NULL) {
            freeReplyObject(r);
            return fail(bs, "out of memory");
        }
    }
    for (size_t i = 0; i < r->elements; i++)
        if (r->element[i]->type == REDIS_REPLY_STRING && parse_id(r->element[i]->str, r->element[i]->len, (*ids)[*n]))
            (*n)++;
    freeReplyObject(r);
    return 0;
}

int batch_store_mark_announced(batch_store *bs, const trace_pair *pair, const uint8_t id[BATCH_ID_LEN],
                               uint64_t now_ms, char state_out[16])
{
    char k[2][KEY_CAP];
    batch_key(k[0], pair, id);
    pair_key(k[1], pair, "sealed");
    const char *keys[2] = {k[0], k[1]};
    char hex[2 * BATCH_ID_LEN + 1], now[24];
    trace_hex(id, BATCH_ID_LEN, hex);
    snprintf(now, sizeof now, "%" PRIu64, now_ms);
    const char *args[2] = {hex, now};
    redisReply *r = run_script(bs, SCRIPT_ANNOUNCED, 2, keys, 2, args, NULL);
    if (r == NULL)
        return -1;
    int rc = 0;
    if (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_STATUS)
        rc = fail(bs, "mark_announced: unexpected reply");
    else if (state_out)
        snprintf(state_out, 16, "%s", r->str);
    freeReplyObject(r);
    return rc;
}

void stored_batch_free(stored_batch *b)
{
    free(b->traces);
    free(b->settlement);
    memset(b, 0, sizeof *b);
}

int batch_store_load(batch_store *bs, const trace_pair *pair, const uint8_t id[BATCH_ID_LEN], stored_batch *out,
                     bool *found)
{
    char k[KEY_CAP];
    batch_key(k, pair, id);
    memset(out, 0, sizeof *out);
    *found = false;
    redisReply *r = command(bs, "HMGET %s state traces sealed_at settlement reason", k);
    if (r == NULL)
        return -1;
    int rc = 0;
    if (r->type != REDIS_REPLY_ARRAY || r->elements != 5) {
        rc = fail(bs, "HMGET: unexpected reply");
        goto done;
    }
    redisReply *state = r->element[0], *traces = r->element[1], *sealed = r->element[2], *settle = r->element[3];
    if (state->type != REDIS_REPLY_STRING)
        goto done; /* no such batch (expired or never sealed) */
    if (traces->type != REDIS_REPLY_STRING || traces->len == 0 || traces->len % TRACE_RECORD_LEN != 0) {
        rc = fail(bs, "batch %s: corrupt traces field", k);
        goto done;
    }
    snprintf(out->state, sizeof out->state, "%s", state->str);
    out->count = traces->len / TRACE_RECORD_LEN;
    out->traces = malloc(out->count * sizeof *out->traces);
    if (out->traces == NULL) {
        rc = fail(bs, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < out->count; i++)
        trace_record_decode((const uint8_t *)traces->str + i * TRACE_RECORD_LEN, TRACE_RECORD_LEN, &out->traces[i]);
    if (r->element[4]->type == REDIS_REPLY_STRING)
        snprintf(out->reason, sizeof out->reason, "%s", r->element[4]->str);
    if (sealed->type == REDIS_REPLY_STRING)
        out->sealed_at_ms = strtoull(sealed->str, NULL, 10);
    if (settle->type == REDIS_REPLY_STRING && settle->len > 0) {
        out->settlement = malloc(settle->len);
        if (out->settlement == NULL) {
            stored_batch_free(out);
            rc = fail(bs, "out of memory");
            goto done;
        }
        memcpy(out->settlement, settle->str, settle->len);
        out->settlement_len = settle->len;
    }
    *found = true;
done:
    freeReplyObject(r);
    return rc;
}

int batch_store_mark_proved(batch_store *bs, const trace_pair *pair, const uint8_t id[BATCH_ID_LEN],
                            const uint8_t *settlement, size_t len, uint64_t now_ms, long ttl_s,
                            proved_result *result)
{
    char k[3][KEY_CAP];
    batch_key(k[0], pair, id);
    pair_key(k[1], pair, "sealed");
    pair_key(k[2], pair, "batches");
    const char *keys[3] = {k[0], k[1], k[2]};
    char hex[2 * BATCH_ID_LEN + 1], now[24], ttl[24];
    trace_hex(id, BATCH_ID_LEN, hex);
    snprintf(now, sizeof now, "%" PRIu64, now_ms);
    snprintf(ttl, sizeof ttl, "%ld", ttl_s);
    const char *args[4] = {hex, (const char *)settlement, now, ttl};
    size_t lens[4] = {strlen(hex), len, strlen(now), strlen(ttl)};
    redisReply *r = run_script(bs, SCRIPT_PROVED, 3, keys, 4, args, lens);
    if (r == NULL)
        return -1;
    int rc = 0;
    if (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_STATUS)
        rc = fail(bs, "mark_proved: unexpected reply");
    else if (strcmp(r->str, "proved") == 0)
        *result = PROVED_NOW;
    else if (strcmp(r->str, "already") == 0)
        *result = PROVED_ALREADY;
    else
        *result = PROVED_MISSING;
    freeReplyObject(r);
    return rc;
}

static void index_key(char out[KEY_CAP], const char *topic, int partition)
{
    snprintf(out, KEY_CAP, "zks:part:%s:%d:pairs", topic, partition);
}

int batch_store_index_update(batch_store *bs, const char *topic, int partition, const trace_pair *pair,
                             const pair_summary *summary)
{
    char k[KEY_CAP], tag[TRACE_PAIR_TAG_LEN + 1];
    index_key(k, topic, partition);
    trace_pair_tag(pair, tag);
    redisReply *r = summary->pending > 0 ? command(bs, "ZADD %s %lld %s", k, summary->oldest_ms, tag)
                                         : command(bs, "ZREM %s %s", k, tag);
    if (r == NULL)
        return -1;
    freeReplyObject(r);
    return 0;
}

static int collect_pairs(batch_store *bs, redisReply *list, size_t skip_suffix, trace_pair **pairs, size_t *n,
                         size_t *cap)
{
    for (size_t i = 0; i < list->elements; i++) {
        redisReply *e = list->element[i];
        if (e->type != REDIS_REPLY_STRING)
            continue;
        /* "zks:" + tag + suffix, or the bare tag (skip_suffix = 0 and no prefix) */
        const char *s = e->str;
        size_t len = e->len;
        if (skip_suffix) {
            if (len < 4 + TRACE_PAIR_TAG_LEN + skip_suffix)
                continue;
            s += 4;
            len = TRACE_PAIR_TAG_LEN;
        }
        trace_pair p;
        if (!trace_pair_from_tag(s, len, &p))
            continue;
        bool dup = false;
        for (size_t j = 0; j < *n && !dup; j++)
            dup = memcmp(&(*pairs)[j], &p, sizeof p) == 0;
        if (dup)
            continue;
        if (*n == *cap) {
            size_t nc = *cap ? 2 * *cap : 16;
            trace_pair *grown = realloc(*pairs, nc * sizeof *grown);
            if (grown == NULL)
                return fail(bs, "out of memory");
            *pairs = grown;
            *cap = nc;
        }
        (*pairs)[(*n)++] = p;
    }
    return 0;
}

int batch_store_index_due(batch_store *bs, const char *topic, int partition, uint64_t before_ms, size_t limit,
                          trace_pair **pairs, size_t *n)
{
    char k[KEY_CAP];
    index_key(k, topic, partition);
    *pairs = NULL;
    *n = 0;
    redisReply *r = command(bs, "ZRANGEBYSCORE %s -inf %llu LIMIT 0 %llu", k, (unsigned long long)before_ms,
                            (unsigned long long)limit);
    if (r == NULL)
        return -1;
    size_t cap = 0;
    int rc = r->type == REDIS_REPLY_ARRAY ? collect_pairs(bs, r, 0, pairs, n, &cap)
                                          : fail(bs, "ZRANGEBYSCORE: unexpected reply");
    freeReplyObject(r);
    return rc;
}

int batch_store_scan_pairs(batch_store *bs, trace_pair **pairs, size_t *n)
{
    static const char *const patterns[] = {"zks:{*}:pending", "zks:{*}:sealed"};
    static const size_t suffix_len[] = {sizeof ":pending" - 1, sizeof ":sealed" - 1};
    size_t cap = 0;
    *pairs = NULL;
    *n = 0;
    for (size_t pi = 0; pi < 2; pi++) {
        char cursor[32] = "0";
        do {
            redisReply *r = command(bs, "SCAN %s MATCH %s COUNT 1000", cursor, patterns[pi]);
            if (r == NULL)
                return -1;
            if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 || r->element[0]->type != REDIS_REPLY_STRING ||
                r->element[1]->type != REDIS_REPLY_ARRAY) {
                freeReplyObject(r);
                return fail(bs, "SCAN: unexpected reply");
            }
            snprintf(cursor, sizeof cursor, "%s", r->element[0]->str);
            int rc = collect_pairs(bs, r->element[1], suffix_len[pi], pairs, n, &cap);
            freeReplyObject(r);
            if (rc != 0)
                return rc;
        } while (strcmp(cursor, "0") != 0);
    }
    return 0;
}

int batch_store_pair_partition(batch_store *bs, const trace_pair *pair, int *partition)
{
    char k[KEY_CAP];
    pair_key(k, pair, "meta");
    redisReply *r = command(bs, "HGET %s part", k);
    if (r == NULL)
        return -1;
    *partition = r->type == REDIS_REPLY_STRING ? atoi(r->str) : -1;
    freeReplyObject(r);
    return 0;
}
