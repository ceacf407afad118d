/* Configuration from flags and ZKS_* environment variables; see config.h. */
#include "service/config.h"

#include <ctype.h>
#include <sodium.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const zks_config_option zks_config_common_options[] = {
    {"kafka-brokers", "127.0.0.1:9092", "Kafka bootstrap servers, host:port[,host:port]", false},
    {"redis", "127.0.0.1:6379", "Redis address: host:port, unix:/path or /path", false},
    {"topic-traces-raw", "zks.traces.raw", "topic of raw traces from providers", false},
    {"topic-traces", "zks.traces", "topic of accepted traces (key user||provider)", false},
    {"topic-dlq", "zks.traces.dlq", "dead-letter topic", false},
    {"topic-batches", "zks.batches", "topic of sealed batch announcements", false},
    {"topic-settlements", "zks.settlements", "topic of proved settlements", false},
    {"log-level", "info", "debug, info, warn or error", false},
    {"http-listen", "0.0.0.0:8080", "HTTP listen address host:port (port 0: ephemeral)", false},
    {"drain-timeout-ms", "30000", "how long a graceful shutdown may take", false},
    {"lag-interval-ms", "10000", "how often consumer lag gauges are refreshed", false},
};
const size_t zks_config_common_option_count = sizeof zks_config_common_options / sizeof zks_config_common_options[0];

typedef enum { SRC_UNSET, SRC_DEFAULT, SRC_ENV, SRC_FLAG } value_source;

typedef struct {
    zks_config_option opt;
    char *env_value;
    char *flag_value;
} entry;

typedef struct {
    char *key;
    char *value;
} kv;

struct zks_config {
    entry *entries;
    size_t entry_count, entry_cap;
    kv *env_props, *flag_props;
    size_t env_prop_count, flag_prop_count;
    kv *props;          /* merged view: env props overridden by flag props */
    size_t prop_count;
    char error[512];
};

static void set_error(zks_config *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_error(zks_config *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->error, sizeof c->error, fmt, ap);
    va_end(ap);
    /* one line, whatever the value contained */
    for (char *p = c->error; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

zks_config *zks_config_new(void)
{
    return calloc(1, sizeof(zks_config));
}

/* Values may be secrets (bearer tokens, SASL passwords in kafka props): wiped before free. */
static void free_secret(char *s)
{
    if (s) {
        sodium_memzero(s, strlen(s));
        free(s);
    }
}

static void free_kvs(kv *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].key);
        free_secret(list[i].value);
    }
    free(list);
}

void zks_config_free(zks_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->entry_count; i++) {
        free_secret(c->entries[i].env_value);
        free_secret(c->entries[i].flag_value);
    }
    free(c->entries);
    free_kvs(c->env_props, c->env_prop_count);
    free_kvs(c->flag_props, c->flag_prop_count);
    free(c->props); /* shares strings with the lists above */
    free(c);
}

static entry *find(const zks_config *c, const char *name, size_t name_len)
{
    for (size_t i = 0; i < c->entry_count; i++)
        if (strlen(c->entries[i].opt.name) == name_len && memcmp(c->entries[i].opt.name, name, name_len) == 0)
            return &c->entries[i];
    return NULL;
}

int zks_config_add_options(zks_config *c, const zks_config_option *opts, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (find(c, opts[i].name, strlen(opts[i].name)) || strcmp(opts[i].name, "kafka-prop") == 0) {
            set_error(c, "option --%s declared twice", opts[i].name);
            return -1;
        }
        if (c->entry_count == c->entry_cap) {
            size_t cap = c->entry_cap ? c->entry_cap * 2 : 16;
            entry *p = realloc(c->entries, cap * sizeof *p);
            if (!p) {
                set_error(c, "out of memory");
                return -1;
            }
            c->entries = p;
            c->entry_cap = cap;
        }
        c->entries[c->entry_count++] = (entry){.opt = opts[i]};
    }
    return 0;
}

/* ZKS_KAFKA_BROKERS for kafka-brokers. */
static void env_name(const char *name, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "ZKS_");
    for (const char *p = name; *p && n + 1 < cap; p++)
        out[n++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
    out[n] = '\0';
}

static int push_kv(kv **list, size_t *n, const char *key, size_t key_len, const char *value)
{
    kv *p = realloc(*list, (*n + 1) * sizeof *p);
    if (!p)
        return -1;
    *list = p;
    p[*n].key = strndup(key, key_len);
    p[*n].value = strdup(value);
    if (!p[*n].key || !p[*n].value) {
        free(p[*n].key);
        free(p[*n].value);
        return -1;
    }
    (*n)++;
    return 0;
}

/* ZKS_KAFKA_PROP_MAX_IN_FLIGHT -> max.in.flight; "__" -> "_". */
static int env_prop(zks_config *c, const char *suffix, size_t len, const char *value)
{
    char key[256];
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < sizeof key; i++) {
        if (suffix[i] == '_' && i + 1 < len && suffix[i + 1] == '_') {
            key[n++] = '_';
            i++;
        } else if (suffix[i] == '_') {
            key[n++] = '.';
        } else {
            key[n++] = (char)tolower((unsigned char)suffix[i]);
        }
    }
    if (n == 0) {
        set_error(c, "ZKS_KAFKA_PROP_: empty property name");
        return -1;
    }
    return push_kv(&c->env_props, &c->env_prop_count, key, n, value);
}

static int flag_prop(zks_config *c, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg) {
        set_error(c, "--kafka-prop: expected key=value, got '%s'", arg);
        return -1;
    }
    return push_kv(&c->flag_props, &c->flag_prop_count, arg, (size_t)(eq - arg), eq + 1);
}

static int merge_props(zks_config *c)
{
    free(c->props);
    c->prop_count = 0;
    size_t total = c->env_prop_count + c->flag_prop_count;
    c->props = calloc(total ? total : 1, sizeof *c->props);
    if (!c->props)
        return -1;
    for (size_t i = 0; i < c->env_prop_count; i++) {
        bool overridden = false;
        for (size_t j = 0; j < c->flag_prop_count && !overridden; j++)
            overridden = strcmp(c->env_props[i].key, c->flag_props[j].key) == 0;
        if (!overridden)
            c->props[c->prop_count++] = c->env_props[i];
    }
    for (size_t j = 0; j < c->flag_prop_count; j++)
        c->props[c->prop_count++] = c->flag_props[j];
    return 0;
}

static int replace(char **slot, const char *value)
{
    char *v = strdup(value);
    if (!v)
        return -1;
    free_secret(*slot);
    *slot = v;
    return 0;
}

int zks_config_parse(zks_config *c, int argc, char **argv, char **envp)
{
    static const char PROP_PREFIX[] = "ZKS_KAFKA_PROP_";
    for (char **e = envp; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq || strncmp(*e, "ZKS_", 4) != 0)
            continue;
        size_t name_len = (size_t)(eq - *e);
        if (name_len > sizeof PROP_PREFIX - 1 && strncmp(*e, PROP_PREFIX, sizeof PROP_PREFIX - 1) == 0) {
            if (env_prop(c, *e + sizeof PROP_PREFIX - 1, name_len - (sizeof PROP_PREFIX - 1), eq + 1) != 0)
                return -1;
            continue;
        }
        /* Other ZKS_* variables that name no option (ZKS_BIN in tests, ...) are not ours to reject. */
        for (size_t i = 0; i < c->entry_count; i++) {
            char want[128];
            env_name(c->entries[i].opt.name, want, sizeof want);
            if (strlen(want) == name_len && memcmp(want, *e, name_len) == 0 &&
                replace(&c->entries[i].env_value, eq + 1) != 0) {
                set_error(c, "out of memory");
                return -1;
            }
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
            return 1;
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            set_error(c, "unexpected argument '%s'", arg);
            return -1;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
        const char *value = eq ? eq + 1 : NULL;
        bool is_prop = name_len == 10 && memcmp(name, "kafka-prop", 10) == 0;
        entry *e = is_prop ? NULL : find(c, name, name_len);
        if (!is_prop && !e) {
            set_error(c, "unknown option --%.*s (--help lists them)", (int)name_len, name);
            return -1;
        }
        if (!value) {
            if (e && e->opt.is_switch) {
                value = "true";
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                set_error(c, "--%.*s needs a value", (int)name_len, name);
                return -1;
            }
        }
        if (is_prop) {
            if (flag_prop(c, value) != 0) {
                if (!c->error[0])
                    set_error(c, "out of memory");
                return -1;
            }
        } else if (replace(&e->flag_value, value) != 0) {
            set_error(c, "out of memory");
            return -1;
        }
    }
    if (merge_props(c) != 0) {
        set_error(c, "out of memory");
        return -1;
    }
    return 0;
}

const char *zks_config_error(const zks_config *c)
{
    return c->error[0] ? c->error : "no error";
}

void zks_config_usage(const zks_config *c, FILE *out)
{
    for (size_t i = 0; i < c->entry_count; i++) {
        const zks_config_option *o = &c->entries[i].opt;
        char env[128];
        env_name(o->name, env, sizeof env);
        fprintf(out, "  --%-22s %s (env %s%s%s)\n", o->name, o->help, env, o->default_value ? ", default " : "",
                o->default_value ? o->default_value : "");
    }
    fprintf(out, "  --%-22s librdkafka property, repeatable (env ZKS_KAFKA_PROP_<KEY>, '.' as '_', '_' as '__')\n",
            "kafka-prop key=value");
}

static value_source lookup(const zks_config *c, const char *name, const char **value)
{
    const entry *e = find(c, name, strlen(name));
    *value = NULL;
    if (!e)
        return SRC_UNSET;
    if (e->flag_value) {
        *value = e->flag_value;
        return SRC_FLAG;
    }
    if (e->env_value) {
        *value = e->env_value;
        return SRC_ENV;
    }
    if (e->opt.default_value) {
        *value = e->opt.default_value;
        return SRC_DEFAULT;
    }
    return SRC_UNSET;
}

const char *zks_config_str(const zks_config *c, const char *name)
{
    const char *v;
    lookup(c, name, &v);
    return v;
}

const char *zks_config_source(const zks_config *c, const char *name)
{
    static const char *const NAMES[] = {"unset", "default", "env", "flag"};
    const char *v;
    return NAMES[lookup(c, name, &v)];
}

/* "--name" or "ZKS_NAME", whichever supplied the value, for error messages. */
static const char *origin(const zks_config *c, const char *name, char *buf, size_t cap)
{
    const char *v;
    if (lookup(c, name, &v) == SRC_ENV)
        env_name(name, buf, cap);
    else
        snprintf(buf, cap, "--%s", name);
    return buf;
}

int zks_config_require_str(zks_config *c, const char *name, const char **out)
{
    if (!find(c, name, strlen(name))) {
        set_error(c, "option --%s is not declared", name);
        return -1;
    }
    *out = zks_config_str(c, name);
    if (!*out || !**out) {
        char env[128];
        env_name(name, env, sizeof env);
        set_error(c, "--%s (or %s) is required", name, env);
        return -1;
    }
    return 0;
}

int zks_config_int(zks_config *c, const char *name, long long min, long long max, long long *out)
{
    const char *v;
    if (zks_config_require_str(c, name, &v) != 0)
        return -1;
    char where[140];
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno || end == v || *end != '\0' || isspace((unsigned char)*v)) {
        set_error(c, "%s: expected an integer, got '%s'", origin(c, name, where, sizeof where), v);
        return -1;
    }
    if (x < min || x > max) {
        set_error(c, "%s: %lld is outside [%lld, %lld]", origin(c, name, where, sizeof where), x, min, max);
        return -1;
    }
    *out = x;
    return 0;
}

int zks_config_bool(zks_config *c, const char *name, bool *out)
{
    static const char *const YES[] = {"true", "1", "yes", "on"};
    static const char *const NO[] = {"false", "0", "no", "off"};
    const char *v;
    if (zks_config_require_str(c, name, &v) != 0)
        return -1;
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, YES[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcasecmp(v, NO[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    char where[140];
    set_error(c, "%s: expected true or false, got '%s'", origin(c, name, where, sizeof where), v);
    return -1;
}

int zks_config_host_port(zks_config *c, const char *name, char *host, size_t host_cap, int *port)
{
    const char *v;
    if (zks_config_require_str(c, name, &v) != 0)
        return -1;
    char where[140];
    const char *host_start = v, *host_end, *colon;
    if (*v == '[') {
        host_start = v + 1;
        host_end = strchr(v, ']');
        colon = host_end ? host_end + 1 : NULL;
        if (!host_end || *colon != ':')
            colon = NULL;
    } else {
        colon = strrchr(v, ':');
        host_end = colon;
    }
    if (!colon || host_end == host_start || (size_t)(host_end - host_start) >= host_cap) {
        set_error(c, "%s: expected host:port, got '%s'", origin(c, name, where, sizeof where), v);
        return -1;
    }
    char *end;
    errno = 0;
    long p = strtol(colon + 1, &end, 10);
    if (errno || end == colon + 1 || *end != '\0' || p < 0 || p > 65535) {
        set_error(c, "%s: port must be 0..65535, got '%s'", origin(c, name, where, sizeof where), colon + 1);
        return -1;
    }
    memcpy(host, host_start, (size_t)(host_end - host_start));
    host[host_end - host_start] = '\0';
    *port = (int)p;
    return 0;
}

size_t zks_config_kafka_prop_count(const zks_config *c)
{
    return c->prop_count;
}

void zks_config_kafka_prop(const zks_config *c, size_t i, const char **key, const char **value)
{
    *key = i < c->prop_count ? c->props[i].key : NULL;
    *value = i < c->prop_count ? c->props[i].value : NULL;
}
