/* Batch planning and ids: pure logic of the aggregator (no Redis). */
#include "batch_plan.h"
#include "check.h"
#include "trace_record.h"

#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

static trace_record make_record(uint64_t nonce, uint8_t signer_byte)
{
    trace_record r;
    memset(&r, 0, sizeof r);
    r.nonce = nonce;
    r.fee[15] = (uint8_t)(nonce * 3);
    r.fee[0] = 0x80;
    memset(r.signer, signer_byte, sizeof r.signer);
    for (size_t i = 0; i < sizeof r.signature; i++)
        r.signature[i] = (uint8_t)(nonce + i);
    return r;
}

static void test_record_layout(void)
{
    trace_record r = make_record(0x0102030405060708ull, 0xaa);
    uint8_t buf[TRACE_RECORD_LEN];
    trace_record_encode(&r, buf);
    /* layout written out by hand from the header's comment */
    static const uint8_t nonce_be[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    CHECK(memcmp(buf, nonce_be, 8) == 0);
    CHECK(buf[8] == 0x80 && buf[23] == (uint8_t)(0x08 * 3));
    CHECK(buf[24] == 0xaa && buf[55] == 0xaa);
    CHECK(buf[56] == 0x08 && buf[119] == (uint8_t)(0x08 + 63));
    trace_record back;
    CHECK(trace_record_decode(buf, sizeof buf, &back));
    CHECK(memcmp(&back, &r, sizeof r) == 0);
    CHECK(!trace_record_decode(buf, sizeof buf - 1, &back));

    char key[TRACE_NONCE_KEY_LEN + 1];
    trace_nonce_key(UINT64_MAX, key);
    CHECK(strcmp(key, "18446744073709551615") == 0);
    trace_nonce_key(7, key);
    CHECK(strcmp(key, "00000000000000000007") == 0);
    uint64_t n;
    CHECK(trace_nonce_parse("18446744073709551615", 20, &n) && n == UINT64_MAX);
    CHECK(!trace_nonce_parse("18446744073709551616", 20, &n));
    CHECK(!trace_nonce_parse("0000000000000000000x", 20, &n));
    /* string order of keys is numeric order, which the Lua scripts rely on */
    char a[21], b[21];
    trace_nonce_key(9, a);
    trace_nonce_key(10, b);
    CHECK(strcmp(a, b) < 0);

    trace_pair p, q;
    memset(p.user, 0xAB, 20);
    memset(p.provider, 0x01, 20);
    char tag[TRACE_PAIR_TAG_LEN + 1];
    trace_pair_tag(&p, tag);
    CHECK(strcmp(tag, "{abababababababababababababababababababab:0101010101010101010101010101010101010101}") == 0);
    CHECK(trace_pair_from_tag(tag, strlen(tag), &q) && memcmp(&p, &q, sizeof p) == 0);
    CHECK(!trace_pair_from_tag(tag + 1, strlen(tag) - 1, &q));
    uint8_t key40[40];
    trace_pair_key(&p, key40);
    CHECK(key40[0] == 0xAB && key40[39] == 0x01);
    CHECK(!trace_pair_from_key(key40, 39, &q));
}

static void test_batch_id(const trace_pair *pair)
{
    trace_record recs[3] = {make_record(5, 1), make_record(6, 1), make_record(9, 1)};
    uint8_t id[BATCH_ID_LEN];
    batch_id_compute(pair, recs, 3, id);

    /* the same hash assembled independently with libsodium's one-shot API */
    uint8_t buf[13 + 40 + 4 + 3 * TRACE_RECORD_LEN];
    size_t off = 0;
    memcpy(buf, "zks.batch.v1", 13);
    off = 13;
    memcpy(buf + off, pair->user, 20);
    memcpy(buf + off + 20, pair->provider, 20);
    off += 40;
    buf[off++] = 0, buf[off++] = 0, buf[off++] = 0, buf[off++] = 3;
    for (int i = 0; i < 3; i++) {
        uint8_t *p = buf + off + i * TRACE_RECORD_LEN;
        for (int j = 0; j < 8; j++)
            p[j] = (uint8_t)(recs[i].nonce >> (56 - 8 * j));
        memcpy(p + 8, recs[i].fee, 16);
        memcpy(p + 24, recs[i].signer, 32);
        memcpy(p + 56, recs[i].signature, 64);
    }
    uint8_t expect[BATCH_ID_LEN];
    crypto_generichash(expect, sizeof expect, buf, sizeof buf, NULL, 0);
    CHECK(memcmp(id, expect, sizeof id) == 0);

    /* order of arrival does not change the id (planning sorts) */
    pending_trace p1[3] = {{recs[2], 10}, {recs[0], 11}, {recs[1], 12}};
    pending_trace p2[3] = {{recs[1], 20}, {recs[2], 21}, {recs[0], 22}};
    batch_plan a, b;
    CHECK(batch_plan_make(pair, p1, 3, 3, 1000, 100, &a));
    CHECK(batch_plan_make(pair, p2, 3, 3, 1000, 100, &b));
    CHECK(a.count == 3 && b.count == 3);
    CHECK(memcmp(a.id, id, sizeof id) == 0 && memcmp(b.id, id, sizeof id) == 0);
    CHECK(strcmp(a.reason, "full") == 0);

    /* any change of content changes the id */
    trace_record other[3] = {recs[0], recs[1], recs[2]};
    other[1].signature[5] ^= 1;
    uint8_t id2[BATCH_ID_LEN];
    batch_id_compute(pair, other, 3, id2);
    CHECK(memcmp(id, id2, sizeof id) != 0);
    trace_pair pair2 = *pair;
    pair2.provider[0] ^= 1;
    batch_id_compute(&pair2, recs, 3, id2);
    CHECK(memcmp(id, id2, sizeof id) != 0);
    batch_id_compute(pair, recs, 2, id2);
    CHECK(memcmp(id, id2, sizeof id) != 0);
}

static void test_plan_rules(const trace_pair *pair)
{
    batch_plan plan;
    pending_trace p[5];
    /* below size and young: nothing due */
    for (int i = 0; i < 3; i++)
        p[i] = (pending_trace){make_record((uint64_t)(10 - i), 1), 1000};
    CHECK(!batch_plan_make(pair, p, 3, 4, 500, 1499, &plan));
    /* old enough: all three sealed by age, lowest nonce first */
    CHECK(batch_plan_make(pair, p, 3, 4, 500, 1500, &plan));
    CHECK(plan.count == 3 && strcmp(plan.reason, "age") == 0);
    CHECK(p[0].rec.nonce == 8 && p[2].rec.nonce == 10);
    /* more than L pending: the L lowest */
    for (int i = 0; i < 5; i++)
        p[i] = (pending_trace){make_record((uint64_t)(50 - i), 1), 1000};
    CHECK(batch_plan_make(pair, p, 5, 4, 500, 1000, &plan));
    CHECK(plan.count == 4 && p[3].rec.nonce == 49 && strcmp(plan.reason, "full") == 0);
    /* a signer change cuts the batch: one signer per proof */
    for (int i = 0; i < 5; i++)
        p[i] = (pending_trace){make_record((uint64_t)(i + 1), i < 2 ? 1 : 2), 1000};
    CHECK(batch_plan_make(pair, p, 5, 4, 500, 1000, &plan));
    CHECK(plan.count == 2);
    /* a clock running behind an arrival time never seals by age */
    p[0] = (pending_trace){make_record(1, 1), 5000};
    CHECK(!batch_plan_make(pair, p, 1, 4, 500, 1000, &plan));
    CHECK(!batch_plan_make(pair, p, 0, 4, 0, 1000, &plan));
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    trace_pair pair;
    for (int i = 0; i < 20; i++) {
        pair.user[i] = (uint8_t)(i + 1);
        pair.provider[i] = (uint8_t)(0xf0 - i);
    }
    test_record_layout();
    test_batch_id(&pair);
    test_plan_rules(&pair);
    return CHECK_EXIT();
}
