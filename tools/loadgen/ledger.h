/*
 * What the load generator has seen come back: settlements (by batch id, so a
 * re-delivered settlement counts once) and DLQ records, and every broken
 * invariant with the first one's description. ledger_verdict checks the end
 * state: every accepted trace in exactly one settlement, fees conserved.
 */
#ifndef ZKS_LOADGEN_LEDGER_H
#define ZKS_LOADGEN_LEDGER_H

#include "population.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t (*batch_ids)[32];
    size_t batches, cap;
    size_t redeliveries;       /* settlements whose batch id was already seen */
    size_t proofs_verified;
    size_t settled_traces;     /* sum of settlement counts over distinct batches */
    unsigned __int128 settled_fees;
    size_t dlq_records;
    size_t violations;
    char first_violation[256];
} lg_ledger;

void ledger_init(lg_ledger *l);
void ledger_free(lg_ledger *l);

/* true when id was not seen before (and records it). */
bool ledger_add_batch(lg_ledger *l, const uint8_t id[32]);

void ledger_violation(lg_ledger *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Traces accepted and how many of them are settled exactly once. */
typedef struct {
    size_t accepted, settled_once, unsettled, settled_twice;
    unsigned __int128 accepted_fees;
} lg_tally;

void ledger_tally(const lg_population *pop, lg_tally *t);

/* Records a violation for every broken end-state invariant; true when none (ever) was recorded. */
bool ledger_verdict(lg_ledger *l, const lg_population *pop);

/* u128 as decimal into out[40]. */
void u128_to_dec(char out[40], unsigned __int128 v);

#endif
