#include "batch_plan.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static int by_nonce(const void *a, const void *b)
{
    uint64_t x = ((const pending_trace *)a)->rec.nonce, y = ((const pending_trace *)b)->rec.nonce;
    return (x > y) - (x < y);
}

bool batch_plan_make(const trace_pair *pair, pending_trace *pending, size_t n, size_t max_batch,
                     uint64_t max_wait_ms, uint64_t now_ms, batch_plan *plan)
{
    if (n == 0 || max_batch == 0)
        return false;
    qsort(pending, n, sizeof *pending, by_nonce);

    size_t run = 1;
    while (run < n && run < max_batch && memcmp(pending[run].rec.signer, pending[0].rec.signer, 32) == 0)
        run++;

    uint64_t oldest = pending[0].arrived_ms;
    for (size_t i = 1; i < n; i++)
        if (pending[i].arrived_ms < oldest)
            oldest = pending[i].arrived_ms;

    /* n >= max_batch with a shorter run means the signer changed: that run can
     * never grow to max_batch, so it is as full as it will get. */
    if (n >= max_batch)
        plan->reason = "full";
    else if (oldest <= now_ms && now_ms - oldest >= max_wait_ms)
        plan->reason = "age";
    else
        return false;

    plan->count = run;
    trace_record *recs = malloc(run * sizeof *recs);
    if (recs == NULL)
        return false;
    for (size_t i = 0; i < run; i++)
        recs[i] = pending[i].rec;
    batch_id_compute(pair, recs, run, plan->id);
    free(recs);
    return true;
}

void batch_id_compute(const trace_pair *pair, const trace_record *recs, size_t n, uint8_t id[BATCH_ID_LEN])
{
    static const char domain[] = "zks.batch.v1"; /* hashed with its NUL */
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, BATCH_ID_LEN);
    crypto_generichash_update(&st, (const unsigned char *)domain, sizeof domain);
    crypto_generichash_update(&st, pair->user, TRACE_ADDRESS_LEN);
    crypto_generichash_update(&st, pair->provider, TRACE_ADDRESS_LEN);
    uint8_t cnt[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
    crypto_generichash_update(&st, cnt, sizeof cnt);
    for (size_t i = 0; i < n; i++) {
        uint8_t buf[TRACE_RECORD_LEN];
        trace_record_encode(&recs[i], buf);
        crypto_generichash_update(&st, buf, sizeof buf);
    }
    crypto_generichash_final(&st, id, BATCH_ID_LEN);
}
