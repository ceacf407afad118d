/* Metrics registry and Prometheus text exposition; see metrics.h. */
#include "service/metrics.h"
#include "service/strbuf.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char **labels;      /* desc->label_count values */
    double value;       /* counter / gauge */
    uint64_t *buckets;  /* histogram: per-bucket (not cumulative) counts, bucket_count + 1 (+Inf) */
    double sum;
    uint64_t count;
} series;

typedef struct {
    const zks_metric_desc *desc;
    pthread_mutex_t lock;
    series *items;
    size_t len, cap;
} family;

struct zks_metrics {
    family *families;
    size_t count;
};

zks_metrics *zks_metrics_new(const zks_metric_desc *descs, size_t count)
{
    zks_metrics *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->families = calloc(count ? count : 1, sizeof *m->families);
    if (!m->families) {
        free(m);
        return NULL;
    }
    m->count = count;
    for (size_t i = 0; i < count; i++) {
        m->families[i].desc = &descs[i];
        pthread_mutex_init(&m->families[i].lock, NULL);
    }
    return m;
}

void zks_metrics_free(zks_metrics *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->count; i++) {
        family *f = &m->families[i];
        for (size_t j = 0; j < f->len; j++) {
            for (size_t k = 0; k < f->desc->label_count; k++)
                free(f->items[j].labels[k]);
            free(f->items[j].labels);
            free(f->items[j].buckets);
        }
        free(f->items);
        pthread_mutex_destroy(&f->lock);
    }
    free(m->families);
    free(m);
}

static family *family_of(zks_metrics *m, int id, zks_metric_type want)
{
    if (!m || id < 0 || (size_t)id >= m->count)
        return NULL;
    family *f = &m->families[id];
    if (f->desc->type != want)
        return NULL;
    return f;
}

static bool labels_equal(const family *f, const series *s, const char *const *labels)
{
    for (size_t k = 0; k < f->desc->label_count; k++)
        if (strcmp(s->labels[k], labels[k] ? labels[k] : "") != 0)
            return false;
    return true;
}

/* Finds or creates the series; call with f->lock held. */
static series *series_of(family *f, const char *const *labels)
{
    size_t n = f->desc->label_count;
    if (n > 0 && !labels)
        return NULL;
    for (size_t i = 0; i < f->len; i++)
        if (labels_equal(f, &f->items[i], labels))
            return &f->items[i];
    if (f->len == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 4;
        series *p = realloc(f->items, cap * sizeof *p);
        if (!p)
            return NULL;
        f->items = p;
        f->cap = cap;
    }
    series s = {0};
    s.labels = calloc(n ? n : 1, sizeof *s.labels);
    if (!s.labels)
        return NULL;
    for (size_t k = 0; k < n; k++) {
        s.labels[k] = strdup(labels[k] ? labels[k] : "");
        if (!s.labels[k])
            goto oom;
    }
    if (f->desc->type == ZKS_METRIC_HISTOGRAM) {
        s.buckets = calloc(f->desc->bucket_count + 1, sizeof *s.buckets);
        if (!s.buckets)
            goto oom;
    }
    f->items[f->len] = s;
    return &f->items[f->len++];
oom:
    for (size_t k = 0; k < n; k++)
        free(s.labels[k]);
    free(s.labels);
    return NULL;
}

typedef enum { OP_ADD, OP_SET } scalar_op;

static int scalar_update(zks_metrics *m, int id, zks_metric_type type, const char *const *labels, double v, scalar_op op)
{
    family *f = family_of(m, id, type);
    if (!f)
        return -1;
    pthread_mutex_lock(&f->lock);
    series *s = series_of(f, labels);
    if (s) {
        if (op == OP_SET)
            s->value = v;
        else
            s->value += v;
    }
    pthread_mutex_unlock(&f->lock);
    return s ? 0 : -1;
}

int zks_metric_add(zks_metrics *m, int id, const char *const *labels, double v)
{
    if (!(v >= 0)) /* counters never go down; also rejects NaN */
        return -1;
    return scalar_update(m, id, ZKS_METRIC_COUNTER, labels, v, OP_ADD);
}

int zks_metric_inc(zks_metrics *m, int id, const char *const *labels)
{
    return zks_metric_add(m, id, labels, 1.0);
}

int zks_metric_set(zks_metrics *m, int id, const char *const *labels, double v)
{
    return scalar_update(m, id, ZKS_METRIC_GAUGE, labels, v, OP_SET);
}

int zks_metric_gauge_add(zks_metrics *m, int id, const char *const *labels, double v)
{
    return scalar_update(m, id, ZKS_METRIC_GAUGE, labels, v, OP_ADD);
}

int zks_metric_observe(zks_metrics *m, int id, const char *const *labels, double v)
{
    family *f = family_of(m, id, ZKS_METRIC_HISTOGRAM);
    if (!f || isnan(v))
        return -1;
    pthread_mutex_lock(&f->lock);
    series *s = series_of(f, labels);
    if (s) {
        size_t b = 0;
        while (b < f->desc->bucket_count && v > f->desc->buckets[b])
            b++;
        s->buckets[b]++;
        s->sum += v;
        s->count++;
    }
    pthread_mutex_unlock(&f->lock);
    return s ? 0 : -1;
}

double zks_metric_value(zks_metrics *m, int id, const char *const *labels)
{
    if (!m || id < 0 || (size_t)id >= m->count || m->families[id].desc->type == ZKS_METRIC_HISTOGRAM)
        return 0;
    family *f = &m->families[id];
    double v = 0;
    pthread_mutex_lock(&f->lock);
    if (f->desc->label_count == 0 || labels)
        for (size_t i = 0; i < f->len; i++)
            if (labels_equal(f, &f->items[i], labels)) {
                v = f->items[i].value;
                break;
            }
    pthread_mutex_unlock(&f->lock);
    return v;
}

int zks_metric_remove(zks_metrics *m, int id, const char *const *labels)
{
    if (!m || id < 0 || (size_t)id >= m->count || (m->families[id].desc->label_count > 0 && !labels))
        return -1;
    family *f = &m->families[id];
    int rc = -1;
    pthread_mutex_lock(&f->lock);
    for (size_t i = 0; i < f->len; i++) {
        if (!labels_equal(f, &f->items[i], labels))
            continue;
        for (size_t k = 0; k < f->desc->label_count; k++)
            free(f->items[i].labels[k]);
        free(f->items[i].labels);
        free(f->items[i].buckets);
        f->items[i] = f->items[--f->len];
        rc = 0;
        break;
    }
    pthread_mutex_unlock(&f->lock);
    return rc;
}

/* Shortest decimal that reads back as the same double; Prometheus spells infinities +Inf/-Inf. */
static void put_number(zks_strbuf *b, double v)
{
    if (isnan(v)) {
        zks_strbuf_puts(b, "NaN");
        return;
    }
    if (isinf(v)) {
        zks_strbuf_puts(b, v > 0 ? "+Inf" : "-Inf");
        return;
    }
    char tmp[40];
    if (v == floor(v) && fabs(v) < 1e15) { /* integers as integers: "10", not "1e+01" */
        snprintf(tmp, sizeof tmp, "%.0f", v);
        zks_strbuf_puts(b, tmp);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    zks_strbuf_puts(b, tmp);
}

/* Label values escape backslash, double quote and newline (exposition format 0.0.4). */
static void put_label_value(zks_strbuf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            zks_strbuf_puts(b, "\\\\");
        else if (*s == '"')
            zks_strbuf_puts(b, "\\\"");
        else if (*s == '\n')
            zks_strbuf_puts(b, "\\n");
        else
            zks_strbuf_putc(b, *s);
    }
}

/* HELP text escapes backslash and newline only. */
static void put_help(zks_strbuf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            zks_strbuf_puts(b, "\\\\");
        else if (*s == '\n')
            zks_strbuf_puts(b, "\\n");
        else
            zks_strbuf_putc(b, *s);
    }
}

/* {a="x",b="y"[,le="..."]} or nothing when there are no labels. */
static void put_labels(zks_strbuf *b, const zks_metric_desc *d, char *const *values, const char *le)
{
    if (d->label_count == 0 && !le)
        return;
    zks_strbuf_putc(b, '{');
    for (size_t k = 0; k < d->label_count; k++) {
        if (k)
            zks_strbuf_putc(b, ',');
        zks_strbuf_printf(b, "%s=\"", d->labels[k]);
        put_label_value(b, values[k]);
        zks_strbuf_putc(b, '"');
    }
    if (le) {
        if (d->label_count)
            zks_strbuf_putc(b, ',');
        zks_strbuf_printf(b, "le=\"%s\"", le);
    }
    zks_strbuf_putc(b, '}');
}

static void render_series(zks_strbuf *b, const zks_metric_desc *d, const series *s)
{
    if (d->type != ZKS_METRIC_HISTOGRAM) {
        zks_strbuf_puts(b, d->name);
        put_labels(b, d, s->labels, NULL);
        zks_strbuf_putc(b, ' ');
        put_number(b, s->value);
        zks_strbuf_putc(b, '\n');
        return;
    }
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= d->bucket_count; i++) {
        cumulative += s->buckets[i];
        zks_strbuf tmp;
        zks_strbuf_init(&tmp);
        if (i < d->bucket_count)
            put_number(&tmp, d->buckets[i]);
        else
            zks_strbuf_puts(&tmp, "+Inf");
        zks_strbuf_printf(b, "%s_bucket", d->name);
        put_labels(b, d, s->labels, tmp.data ? tmp.data : "+Inf");
        zks_strbuf_free(&tmp);
        zks_strbuf_printf(b, " %llu\n", (unsigned long long)cumulative);
    }
    zks_strbuf_printf(b, "%s_sum", d->name);
    put_labels(b, d, s->labels, NULL);
    zks_strbuf_putc(b, ' ');
    put_number(b, s->sum);
    zks_strbuf_printf(b, "\n%s_count", d->name);
    put_labels(b, d, s->labels, NULL);
    zks_strbuf_printf(b, " %llu\n", (unsigned long long)s->count);
}

char *zks_metrics_render(zks_metrics *m, size_t *len)
{
    static const char *const TYPE_NAMES[] = {"counter", "gauge", "histogram"};
    zks_strbuf b;
    zks_strbuf_init(&b);
    for (size_t i = 0; m && i < m->count; i++) {
        family *f = &m->families[i];
        const zks_metric_desc *d = f->desc;
        zks_strbuf_printf(&b, "# HELP %s ", d->name);
        put_help(&b, d->help);
        zks_strbuf_printf(&b, "\n# TYPE %s %s\n", d->name, TYPE_NAMES[d->type]);
        pthread_mutex_lock(&f->lock);
        /* A family without labels always shows its one series, zero until used. */
        if (d->label_count == 0 && f->len == 0)
            series_of(f, NULL);
        for (size_t j = 0; j < f->len; j++)
            render_series(&b, d, &f->items[j]);
        pthread_mutex_unlock(&f->lock);
    }
    return zks_strbuf_take(&b, len);
}
