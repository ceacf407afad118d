/* Percentiles of a sample of latencies (nearest-rank method). */
#ifndef ZKS_LOADGEN_LATENCY_H
#define ZKS_LOADGEN_LATENCY_H

#include <stddef.h>
#include <stdint.h>

/* Sorts v in place; returns the p-th percentile (1 <= p <= 100), 0 for an empty sample. */
int64_t latency_percentile(int64_t *v, size_t n, unsigned p);

#endif
