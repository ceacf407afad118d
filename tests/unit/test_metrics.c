/*
 * Metrics registry: the exposition text parses back (an independent small
 * parser of the 0.0.4 text format written here from the format's spec at
 * https://prometheus.io/docs/instrumenting/exposition_formats/), counters add
 * up across threads, histogram buckets are cumulative with +Inf == _count,
 * label values with quotes, backslashes and newlines survive escaping.
 */
#include "check.h"
#include "service/metrics.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

CHECK_MAIN_STATE

typedef struct {
    char name[128];
    int label_count;
    char keys[6][32];
    char values[6][128];
    double value;
} sample;

/* Parses `name{k="v",...} value`; returns 0 or -1 if the line is malformed. */
static int parse_sample(const char *line, sample *s)
{
    memset(s, 0, sizeof *s);
    size_t n = 0;
    while (*line && *line != '{' && *line != ' ' && n + 1 < sizeof s->name)
        s->name[n++] = *line++;
    if (n == 0)
        return -1;
    if (*line == '{') {
        line++;
        while (*line != '}') {
            if (s->label_count == 6)
                return -1;
            size_t k = 0;
            while (*line && *line != '=' && k + 1 < 32)
                s->keys[s->label_count][k++] = *line++;
            if (line[0] != '=' || line[1] != '"')
                return -1;
            line += 2;
            size_t v = 0;
            while (*line && *line != '"') {
                char c = *line++;
                if (c == '\\') {
                    c = *line++;
                    if (c == 'n')
                        c = '\n';
                    else if (c != '\\' && c != '"')
                        return -1;
                }
                if (v + 1 >= 128)
                    return -1;
                s->values[s->label_count][v++] = c;
            }
            if (*line != '"')
                return -1;
            line++;
            s->label_count++;
            if (*line == ',')
                line++;
            else if (*line != '}')
                return -1;
        }
        line++;
    }
    if (*line != ' ')
        return -1;
    line++;
    if (strcmp(line, "+Inf") == 0)
        s->value = INFINITY;
    else {
        char *end;
        s->value = strtod(line, &end);
        if (end == line || *end)
            return -1;
    }
    return 0;
}

static const char *label(const sample *s, const char *key)
{
    for (int i = 0; i < s->label_count; i++)
        if (strcmp(s->keys[i], key) == 0)
            return s->values[i];
    return NULL;
}

static const double BUCKETS[] = {0.1, 1, 10};
static const zks_metric_desc DESCS[] = {
    {"t_requests_total", ZKS_METRIC_COUNTER, "Requests.\nSecond line with \\ backslash.", 2, {"code", "path"}, 0, NULL},
    {"t_temperature", ZKS_METRIC_GAUGE, "A gauge.", 0, {0}, 0, NULL},
    {"t_latency_seconds", ZKS_METRIC_HISTOGRAM, "Latency.", 1, {"route"}, 3, BUCKETS},
};

typedef struct {
    zks_metrics *m;
} worker_arg;

static void *hammer(void *p)
{
    worker_arg *a = p;
    for (int i = 0; i < 10000; i++) {
        zks_metric_inc(a->m, 0, ZKS_LABELS("200", "/v1/traces"));
        zks_metric_observe(a->m, 2, ZKS_LABELS("r"), 0.5);
    }
    return NULL;
}

static void test_exposition(void)
{
    zks_metrics *m = zks_metrics_new(DESCS, 3);
    CHECK(m != NULL);
    const char *nasty = "a\"b\\c\nd";
    CHECK(zks_metric_add(m, 0, ZKS_LABELS("500", nasty), 3) == 0);
    CHECK(zks_metric_add(m, 0, ZKS_LABELS("500", nasty), -1) == -1); /* counters never go down */
    CHECK(zks_metric_set(m, 0, ZKS_LABELS("500", nasty), 1) == -1);  /* wrong type */
    CHECK(zks_metric_inc(m, 7, NULL) == -1);                          /* bad id */
    CHECK(zks_metric_set(m, 1, NULL, -2.5) == 0);
    CHECK(zks_metric_gauge_add(m, 1, NULL, 1) == 0);
    /* values on bucket bounds belong to that bucket (le is "less or equal") */
    const double obs[] = {0.05, 0.1, 0.7, 1, 5, 20, 1000};
    for (size_t i = 0; i < sizeof obs / sizeof obs[0]; i++)
        CHECK(zks_metric_observe(m, 2, ZKS_LABELS("x"), obs[i]) == 0);

    pthread_t th[4];
    worker_arg a = {m};
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, hammer, &a);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);

    size_t len = 0;
    char *text = zks_metrics_render(m, &len);
    CHECK(text != NULL && strlen(text) == len);
    if (!text)
        return;

    bool saw_help0 = false, saw_type_hist = false, saw_nasty = false, saw_ok = false, saw_gauge = false;
    double bucket_x[4] = {-1, -1, -1, -1}, count_x = -1, sum_x = -1, inf_r = -1, count_r = -1;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "# HELP t_requests_total ", 24) == 0) {
            /* the newline in the help text is escaped, so the help stays on this line */
            saw_help0 = strcmp(line + 24, "Requests.\\nSecond line with \\\\ backslash.") == 0;
            continue;
        }
        if (strcmp(line, "# TYPE t_latency_seconds histogram") == 0) {
            saw_type_hist = true;
            continue;
        }
        if (line[0] == '#')
            continue;
        sample s;
        CHECK_MSG(parse_sample(line, &s) == 0, "unparsable line: %s", line);
        if (strcmp(s.name, "t_requests_total") == 0) {
            const char *path = label(&s, "path");
            if (path && strcmp(path, nasty) == 0)
                saw_nasty = s.value == 3 && strcmp(label(&s, "code"), "500") == 0;
            if (path && strcmp(path, "/v1/traces") == 0)
                saw_ok = s.value == 40000;
        } else if (strcmp(s.name, "t_temperature") == 0) {
            saw_gauge = s.label_count == 0 && s.value == -1.5;
        } else if (strcmp(s.name, "t_latency_seconds_bucket") == 0) {
            const char *le = label(&s, "le"), *route = label(&s, "route");
            CHECK(le && route);
            if (!le || !route)
                continue;
            int idx = strcmp(le, "0.1") == 0 ? 0 : strcmp(le, "1") == 0 ? 1 : strcmp(le, "10") == 0 ? 2
                    : strcmp(le, "+Inf") == 0 ? 3 : -1;
            CHECK_MSG(idx >= 0, "le=%s", le);
            if (idx >= 0 && strcmp(route, "x") == 0)
                bucket_x[idx] = s.value;
            if (idx == 3 && strcmp(route, "r") == 0)
                inf_r = s.value;
        } else if (strcmp(s.name, "t_latency_seconds_count") == 0) {
            if (strcmp(label(&s, "route"), "x") == 0)
                count_x = s.value;
            else
                count_r = s.value;
        } else if (strcmp(s.name, "t_latency_seconds_sum") == 0) {
            if (strcmp(label(&s, "route"), "x") == 0)
                sum_x = s.value;
        }
    }
    CHECK(saw_help0 && saw_type_hist && saw_nasty && saw_gauge);
    CHECK_MSG(saw_ok, "4 threads x 10000 increments did not add up to 40000");
    /* cumulative: le=0.1 holds 0.05 and 0.1; le=1 adds 0.7 and 1; le=10 adds 5; +Inf adds 20 and 1000 */
    CHECK_MSG(bucket_x[0] == 2 && bucket_x[1] == 4 && bucket_x[2] == 5 && bucket_x[3] == 7, "%g %g %g %g", bucket_x[0],
              bucket_x[1], bucket_x[2], bucket_x[3]);
    CHECK(count_x == 7);
    CHECK(fabs(sum_x - 1026.85) < 1e-9);
    CHECK(inf_r == 40000 && count_r == 40000);
    free(text);

    CHECK(zks_metric_value(m, 0, ZKS_LABELS("200", "/v1/traces")) == 40000);
    CHECK(zks_metric_remove(m, 0, ZKS_LABELS("200", "/v1/traces")) == 0);
    CHECK(zks_metric_value(m, 0, ZKS_LABELS("200", "/v1/traces")) == 0);
    text = zks_metrics_render(m, NULL);
    CHECK(text && !strstr(text, "/v1/traces"));
    free(text);
    zks_metrics_free(m);
}

/* The catalog: unique names, ascending buckets, names and labels in Prometheus's allowed alphabet. */
static void test_catalog(void)
{
    for (int i = 0; i < ZKS_M__COUNT; i++) {
        const zks_metric_desc *d = &zks_metric_catalog[i];
        CHECK_MSG(d->name && strncmp(d->name, "zks_", 4) == 0, "entry %d", i);
        if (!d->name)
            continue;
        CHECK_MSG(strspn(d->name, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(d->name), "%s", d->name);
        for (int j = 0; j < i; j++)
            CHECK_MSG(strcmp(d->name, zks_metric_catalog[j].name) != 0, "%s twice", d->name);
        if (d->type == ZKS_METRIC_COUNTER)
            CHECK_MSG(strlen(d->name) > 6 && strcmp(d->name + strlen(d->name) - 6, "_total") == 0, "%s", d->name);
        CHECK((d->type == ZKS_METRIC_HISTOGRAM) == (d->bucket_count > 0));
        for (size_t b = 1; b < d->bucket_count; b++)
            CHECK_MSG(d->buckets[b] > d->buckets[b - 1], "%s buckets", d->name);
        for (size_t l = 0; l < d->label_count; l++)
            CHECK(d->labels[l] && strcmp(d->labels[l], "le") != 0);
    }
    zks_metrics *m = zks_metrics_new(zks_metric_catalog, ZKS_M__COUNT);
    CHECK(zks_metric_inc(m, ZKS_M_INGEST_TRACES_TOTAL, ZKS_LABELS("http", "accepted", "")) == 0);
    CHECK(zks_metric_set(m, ZKS_M_BUILD_INFO, ZKS_LABELS("0.1.0"), 1) == 0);
    char *text = zks_metrics_render(m, NULL);
    CHECK(text && strstr(text, "zks_ingest_traces_total{source=\"http\",result=\"accepted\",reason=\"\"} 1\n"));
    CHECK(text && strstr(text, "# TYPE zks_worker_proof_duration_seconds histogram\n"));
    CHECK(text && strstr(text, "zks_worker_proof_duration_seconds_bucket{le=\"+Inf\"} 0\n"));
    free(text);
    zks_metrics_free(m);
}

int main(void)
{
    test_exposition();
    test_catalog();
    return CHECK_EXIT();
}
