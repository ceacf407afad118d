/*
 * Metrics registry: counters, gauges and histograms with labels, rendered in
 * the Prometheus text exposition format (version 0.0.4). A registry is an
 * object owned by the service's main (no globals); every operation is
 * thread-safe.
 *
 * Usage:
 *   zks_metrics *m = zks_metrics_new(zks_metric_catalog, ZKS_M__COUNT);
 *   zks_metric_inc(m, ZKS_M_INGEST_TRACES_TOTAL, ZKS_LABELS("http", "accepted", ""));
 *   zks_metric_observe(m, ZKS_M_WORKER_PROOF_DURATION_SECONDS, NULL, 4.2);
 *   char *text = zks_metrics_render(m, NULL);   free(text);
 *
 * Label values are passed as an array with exactly the family's label count
 * (NULL for a family without labels). A family's series are created on first
 * use. Ids are indices into the descriptor table given at creation.
 */
#ifndef ZKS_SERVICE_METRICS_H
#define ZKS_SERVICE_METRICS_H

#include "service/metrics_catalog.h"

#include <stddef.h>

typedef struct zks_metrics zks_metrics;

/* Builds label-value arrays inline: ZKS_LABELS("http", "accepted", ""). */
#define ZKS_LABELS(...) ((const char *const[]){__VA_ARGS__})

/* descs must outlive the registry (the catalog is static). NULL on allocation failure. */
zks_metrics *zks_metrics_new(const zks_metric_desc *descs, size_t count);
void zks_metrics_free(zks_metrics *m);

/* Counters only go up: negative v is ignored. Return 0, or -1 for a bad id,
 * wrong type, or out of memory (no crash on misuse). */
int zks_metric_add(zks_metrics *m, int id, const char *const *labels, double v);
int zks_metric_inc(zks_metrics *m, int id, const char *const *labels);
/* Gauges. */
int zks_metric_set(zks_metrics *m, int id, const char *const *labels, double v);
int zks_metric_gauge_add(zks_metrics *m, int id, const char *const *labels, double v);
/* Histograms. */
int zks_metric_observe(zks_metrics *m, int id, const char *const *labels, double v);

/* Drops one series (a consumer lag gauge of a partition no longer assigned). */
int zks_metric_remove(zks_metrics *m, int id, const char *const *labels);

/* Current value of a counter or gauge series (0 if it does not exist); for tests and readiness logic. */
double zks_metric_value(zks_metrics *m, int id, const char *const *labels);

/* Prometheus text exposition, NUL-terminated, malloc'd (caller frees). len may be NULL. */
char *zks_metrics_render(zks_metrics *m, size_t *len);

/* The content type /metrics answers with. */
#define ZKS_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

#endif
