#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ledger_init(lg_ledger *l)
{
    memset(l, 0, sizeof *l);
}

void ledger_free(lg_ledger *l)
{
    free(l->batch_ids);
    memset(l, 0, sizeof *l);
}

bool ledger_add_batch(lg_ledger *l, const uint8_t id[32])
{
    /* a linear scan: a run has at most a few thousand batches */
    for (size_t i = 0; i < l->batches; i++)
        if (memcmp(l->batch_ids[i], id, 32) == 0)
            return false;
    if (l->batches == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        uint8_t(*bigger)[32] = realloc(l->batch_ids, cap * sizeof *bigger);
        if (bigger == NULL) {
            ledger_violation(l, "out of memory recording batch ids");
            return true;
        }
        l->batch_ids = bigger;
        l->cap = cap;
    }
    memcpy(l->batch_ids[l->batches++], id, 32);
    return true;
}

void ledger_violation(lg_ledger *l, const char *fmt, ...)
{
    if (l->violations++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(l->first_violation, sizeof l->first_violation, fmt, ap);
        va_end(ap);
    }
}

void ledger_tally(const lg_population *pop, lg_tally *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < pop->n_traces; i++) {
        const lg_trace *tr = &pop->traces[i];
        if (!tr->accepted)
            continue;
        t->accepted++;
        t->accepted_fees += tr->fee;
        if (tr->settlements == 0)
            t->unsettled++;
        else if (tr->settlements == 1)
            t->settled_once++;
        else
            t->settled_twice++;
    }
}

void u128_to_dec(char out[40], unsigned __int128 v)
{
    char tmp[40];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v != 0);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

bool ledger_verdict(lg_ledger *l, const lg_population *pop)
{
    lg_tally t;
    ledger_tally(pop, &t);
    if (t.unsettled)
        ledger_violation(l, "%zu accepted traces never settled", t.unsettled);
    if (t.settled_twice)
        ledger_violation(l, "%zu accepted traces settled in more than one batch", t.settled_twice);
    if (l->settled_traces != t.accepted)
        ledger_violation(l, "settlements cover %zu traces, %zu were accepted", l->settled_traces, t.accepted);
    if (l->settled_fees != t.accepted_fees) {
        char a[40], b[40];
        u128_to_dec(a, l->settled_fees);
        u128_to_dec(b, t.accepted_fees);
        ledger_violation(l, "settled fees %s != accepted fees %s", a, b);
    }
    return l->violations == 0;
}
