/*
 * The aggregator's Redis scripts against a real redis-server (address in argv[1]):
 * dedup, conflict, replay, sealing by content id, idempotent re-seal,
 * compare-and-set against a concurrent change, announce/proved state changes.
 * Expected Redis contents are read back with plain commands, not through the store.
 */
#include "batch_plan.h"
#include "batch_store.h"
#include "check.h"

#include <hiredis/hiredis.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

CHECK_MAIN_STATE

static trace_record rec(uint64_t nonce, uint8_t sig)
{
    trace_record r;
    memset(&r, 0, sizeof r);
    r.nonce = nonce;
    r.fee[15] = (uint8_t)nonce;
    memset(r.signer, 7, 32);
    memset(r.signature, sig, 64);
    return r;
}

static redisReply *cmd(zks_redis *r, const char *fmt, const char *arg)
{
    redisReply *rep = zks_redis_command(r, fmt, arg);
    if (rep == NULL) {
        fprintf(stderr, "redis: %s\n", zks_redis_error(r));
        exit(3);
    }
    return rep;
}

static void key(char *out, const trace_pair *p, const char *suffix)
{
    char tag[TRACE_PAIR_TAG_LEN + 1];
    trace_pair_tag(p, tag);
    sprintf(out, "zks:%s:%s", tag, suffix);
}

int main(int argc, char **argv)
{
    if (argc != 2 || sodium_init() < 0)
        return 2;
    char err[256];
    zks_redis_options opt = {.address = argv[1]};
    zks_redis *redis = zks_redis_new(&opt, NULL, NULL, err, sizeof err);
    if (redis == NULL || zks_redis_connect(redis) != 0) {
        fprintf(stderr, "cannot connect to %s\n", argv[1]);
        return 3;
    }
    batch_store *bs = batch_store_new(redis);
    trace_pair pair;
    memset(pair.user, 0x11, 20);
    memset(pair.provider, 0x22, 20);
    char k[256];

    add_result res;
    pair_summary sum;
    for (uint64_t n = 5; n >= 1; n--) {
        trace_record r = rec(n, 1);
        CHECK(batch_store_add(bs, &pair, &r, 1000 + n, 0, &res, &sum) == 0 && res == ADD_STORED);
    }
    CHECK(sum.pending == 5 && sum.oldest_ms == 1001);
    trace_record dup = rec(3, 1), conflict = rec(3, 9);
    CHECK(batch_store_add(bs, &pair, &dup, 2000, 0, &res, &sum) == 0 && res == ADD_DUPLICATE && sum.pending == 5);
    CHECK(batch_store_add(bs, &pair, &conflict, 2000, 0, &res, &sum) == 0 && res == ADD_CONFLICT && sum.pending == 5);
    key(k, &pair, "pending");
    redisReply *rep = cmd(redis, "HGET %s 00000000000000000003", k);
    uint8_t want[TRACE_RECORD_LEN];
    trace_record_encode(&dup, want);
    CHECK(rep->type == REDIS_REPLY_STRING && rep->len == TRACE_RECORD_LEN && memcmp(rep->str, want, TRACE_RECORD_LEN) == 0);
    freeReplyObject(rep);

    /* seal the 4 lowest */
    pending_trace *pending;
    size_t n;
    CHECK(batch_store_read_pending(bs, &pair, &pending, &n) == 0 && n == 5);
    batch_plan plan;
    CHECK(batch_plan_make(&pair, pending, n, 4, 60000, 2000, &plan) && plan.count == 4);
    seal_result sr;
    CHECK(batch_store_seal(bs, &pair, pending, &plan, 3000, 86400000, &sr, &sum) == 0 && sr == SEAL_SEALED);
    CHECK(sum.pending == 1 && sum.oldest_ms == 1005);
    /* re-running the same seal is a no-op with the same id */
    CHECK(batch_store_seal(bs, &pair, pending, &plan, 3001, 86400000, &sr, &sum) == 0 && sr == SEAL_EXISTS);
    CHECK(sum.pending == 1);
    free(pending);

    key(k, &pair, "wm");
    rep = cmd(redis, "GET %s", k);
    CHECK(rep->type == REDIS_REPLY_STRING && strcmp(rep->str, "00000000000000000004") == 0);
    freeReplyObject(rep);
    char hex[65], bkey[256], suffix[80];
    trace_hex(plan.id, 32, hex);
    sprintf(suffix, "batch:%s", hex);
    key(bkey, &pair, suffix);
    rep = cmd(redis, "HGET %s state", bkey);
    CHECK(rep->type == REDIS_REPLY_STRING && strcmp(rep->str, "sealed") == 0);
    freeReplyObject(rep);
    rep = cmd(redis, "HGET %s traces", bkey);
    CHECK(rep->type == REDIS_REPLY_STRING && rep->len == 4 * TRACE_RECORD_LEN);
    if (rep->type == REDIS_REPLY_STRING && rep->len == 4 * TRACE_RECORD_LEN)
        for (uint64_t i = 0; i < 4; i++) {
            trace_record r = rec(i + 1, 1);
            trace_record_encode(&r, want);
            CHECK(memcmp(rep->str + i * TRACE_RECORD_LEN, want, TRACE_RECORD_LEN) == 0);
        }
    freeReplyObject(rep);

    /* after sealing: a re-delivered sealed trace is a duplicate, a new one at
     * or below the watermark a replay, a different one for a sealed nonce a conflict */
    trace_record again = rec(2, 1), replay = rec(0, 1), sealed_conflict = rec(4, 5);
    CHECK(batch_store_add(bs, &pair, &again, 4000, 0, &res, &sum) == 0 && res == ADD_DUPLICATE);
    CHECK(batch_store_add(bs, &pair, &replay, 4000, 0, &res, &sum) == 0 && res == ADD_REPLAY);
    CHECK(batch_store_add(bs, &pair, &sealed_conflict, 4000, 0, &res, &sum) == 0 && res == ADD_CONFLICT);
    CHECK(sum.pending == 1);

    /* compare-and-set: a plan made from a stale read does not seal */
    trace_record six = rec(6, 1);
    CHECK(batch_store_add(bs, &pair, &six, 4100, 0, &res, &sum) == 0 && res == ADD_STORED);
    CHECK(batch_store_read_pending(bs, &pair, &pending, &n) == 0 && n == 2);
    CHECK(batch_plan_make(&pair, pending, n, 4, 100, 5000, &plan) && plan.count == 2 && strcmp(plan.reason, "age") == 0);
    key(k, &pair, "pending");
    rep = cmd(redis, "HDEL %s 00000000000000000006", k);
    freeReplyObject(rep);
    CHECK(batch_store_seal(bs, &pair, pending, &plan, 5000, 86400000, &sr, &sum) == 0 && sr == SEAL_STALE);
    CHECK(sum.pending == 1);
    free(pending);

    /* announce and proved transitions, settlement kept for re-delivery */
    uint8_t (*ids)[BATCH_ID_LEN];
    CHECK(batch_store_unannounced(bs, &pair, &ids, &n) == 0 && n == 1);
    char state[16];
    CHECK(batch_store_mark_announced(bs, &pair, ids[0], 6000, state) == 0 && strcmp(state, "announced") == 0);
    CHECK(batch_store_mark_announced(bs, &pair, ids[0], 6001, state) == 0 && strcmp(state, "announced") == 0);
    proved_result pr;
    const uint8_t settlement[3] = {0, 1, 2};
    CHECK(batch_store_mark_proved(bs, &pair, ids[0], settlement, 3, 7000, 3600, &pr) == 0 && pr == PROVED_NOW);
    CHECK(batch_store_mark_proved(bs, &pair, ids[0], (const uint8_t *)"x", 1, 7001, 3600, &pr) == 0 && pr == PROVED_ALREADY);
    stored_batch b;
    bool found;
    CHECK(batch_store_load(bs, &pair, ids[0], &b, &found) == 0 && found);
    CHECK(strcmp(b.state, "proved") == 0 && b.count == 4 && b.settlement_len == 3 && memcmp(b.settlement, settlement, 3) == 0);
    CHECK(b.traces[0].nonce == 1 && b.traces[3].nonce == 4 && b.sealed_at_ms == 3000 && strcmp(b.reason, "full") == 0);
    stored_batch_free(&b);
    rep = cmd(redis, "TTL %s", bkey);
    CHECK(rep->type == REDIS_REPLY_INTEGER && rep->integer > 0 && rep->integer <= 3600);
    freeReplyObject(rep);
    CHECK(batch_store_unannounced(bs, &pair, &ids, &n) == 0 && n == 0);
    free(ids);
    uint8_t none[32] = {0};
    CHECK(batch_store_load(bs, &pair, none, &b, &found) == 0 && !found);

    /* partition hint index and the recovery scan */
    CHECK(batch_store_index_update(bs, "zks.traces", 2, &pair, &sum) == 0);
    trace_pair *pairs;
    CHECK(batch_store_index_due(bs, "zks.traces", 2, 1005, 10, &pairs, &n) == 0 && n == 1 && memcmp(&pairs[0], &pair, sizeof pair) == 0);
    free(pairs);
    CHECK(batch_store_index_due(bs, "zks.traces", 2, 1004, 10, &pairs, &n) == 0 && n == 0);
    free(pairs);
    CHECK(batch_store_scan_pairs(bs, &pairs, &n) == 0 && n == 1 && memcmp(&pairs[0], &pair, sizeof pair) == 0);
    free(pairs);
    int part;
    CHECK(batch_store_pair_partition(bs, &pair, &part) == 0 && part == 0);

    /* NOSCRIPT fallback after the server forgot the scripts */
    rep = cmd(redis, "SCRIPT FLUSH%s", "");
    freeReplyObject(rep);
    CHECK(batch_store_add(bs, &pair, &again, 8000, 0, &res, &sum) == 0 && res == ADD_DUPLICATE);

    batch_store_free(bs);
    zks_redis_free(redis);
    return CHECK_EXIT();
}
