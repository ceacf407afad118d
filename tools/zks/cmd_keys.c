/*
 * zks keygen / sign / verify-sig: BabyJubJub EdDSA-Poseidon keys and request
 * signatures in circomlibjs's conventions (DESIGN §3).
 * Exit status: 0 ok, 1 a signature does not verify, 2 bad input or usage, 3 I/O.
 */
#include "commands.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/eddsa.h"
#include "wire/hex.h"
#include "wire/request_json.h"

enum { EXIT_OK = 0, EXIT_NEGATIVE = 1, EXIT_USAGE = 2, EXIT_ENV = 3 };

#define MAX_INPUT_BYTES ((size_t)256 << 20)

/* ---- private keys ---- */

/* One line of 0x + 64 hex digits, surrounding whitespace allowed. */
static bool parse_private_key_text(uint8_t prv[32], const char *text)
{
    char buf[67];
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    size_t n = strcspn(text, " \t\r\n");
    const char *rest = text + n;
    while (*rest == ' ' || *rest == '\t' || *rest == '\n' || *rest == '\r')
        rest++;
    bool ok = n == 66 && *rest == '\0';
    if (ok) {
        memcpy(buf, text, n);
        buf[n] = '\0';
        ok = hex_decode_0x(prv, 32, buf);
    }
    sodium_memzero(buf, sizeof buf);
    return ok;
}

/* A key file holds the hex key alone, or keygen's JSON output ("privateKey"). */
static int load_key_file(uint8_t prv[32], const char *cmd, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "zks %s: cannot open key file %s: %s\n", cmd, path, strerror(errno));
        return EXIT_ENV;
    }
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    bool too_big = !feof(f);
    bool io_error = ferror(f);
    fclose(f);
    buf[n] = '\0';
    int rc = EXIT_OK;
    if (io_error) {
        fprintf(stderr, "zks %s: cannot read key file %s\n", cmd, path);
        rc = EXIT_ENV;
    } else if (too_big) {
        fprintf(stderr, "zks %s: key file %s is too large to be a key\n", cmd, path);
        rc = EXIT_USAGE;
    } else if (!parse_private_key_text(prv, buf)) {
        json_t *obj = json_loads(buf, 0, NULL);
        const json_t *k = obj ? json_object_get(obj, "privateKey") : NULL;
        if (!json_is_string(k) || !hex_decode_0x(prv, 32, json_string_value(k))) {
            fprintf(stderr, "zks %s: key file %s holds neither 0x + 64 hex digits nor {\"privateKey\": ...}\n", cmd,
                    path);
            rc = EXIT_USAGE;
        }
        json_decref(obj);
    }
    sodium_memzero(buf, sizeof buf);
    return rc;
}

/*
 * Private key from --private-key, --key-file or ZKS_PRIVATE_KEY (exactly one).
 * *have is false when none was given.
 */
static int get_private_key(uint8_t prv[32], bool *have, const char *cmd, const char *arg_key, const char *key_file)
{
    const char *env = getenv("ZKS_PRIVATE_KEY");
    if (env && !*env)
        env = NULL;
    int sources = (arg_key != NULL) + (key_file != NULL) + (env != NULL && !arg_key && !key_file ? 1 : 0);
    if (arg_key && key_file) {
        fprintf(stderr, "zks %s: give either --private-key or --key-file, not both\n", cmd);
        return EXIT_USAGE;
    }
    *have = sources > 0;
    if (!*have)
        return EXIT_OK;
    if (key_file)
        return load_key_file(prv, cmd, key_file);
    const char *text = arg_key ? arg_key : env;
    if (!parse_private_key_text(prv, text)) {
        fprintf(stderr, "zks %s: %s must be 0x followed by 64 hex digits\n", cmd,
                arg_key ? "--private-key" : "ZKS_PRIVATE_KEY");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* ---- options ---- */

typedef struct {
    const char *private_key;
    const char *key_file;
    bool help;
} key_options;

/* Accepts --opt VALUE and --opt=VALUE for the options allowed by mask. */
enum { OPT_PRIVATE_KEY = 1, OPT_KEY_FILE = 2 };

static int parse_options(key_options *o, const char *cmd, int argc, char **argv, unsigned allowed)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = true;
            continue;
        }
        const char **slot = NULL;
        const char *name = NULL;
        if ((allowed & OPT_PRIVATE_KEY) && strncmp(a, "--private-key", 13) == 0 && (a[13] == '\0' || a[13] == '=')) {
            slot = &o->private_key;
            name = "--private-key";
        } else if ((allowed & OPT_KEY_FILE) && strncmp(a, "--key-file", 10) == 0 && (a[10] == '\0' || a[10] == '=')) {
            slot = &o->key_file;
            name = "--key-file";
        } else {
            fprintf(stderr, "zks %s: unknown argument '%s' (zks %s --help)\n", cmd, a, cmd);
            return EXIT_USAGE;
        }
        const char *eq = strchr(a, '=');
        if (eq) {
            *slot = eq + 1;
        } else if (i + 1 < argc) {
            *slot = argv[++i];
        } else {
            fprintf(stderr, "zks %s: %s needs a value\n", cmd, name);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

/* ---- stdin ---- */

/* Reads stdin whole; NULL with *rc set on failure. */
static char *read_stdin(size_t *len, int *rc, const char *cmd)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fprintf(stderr, "zks %s: out of memory\n", cmd);
        *rc = EXIT_ENV;
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_INPUT_BYTES) {
                fprintf(stderr, "zks %s: input larger than %zu MiB\n", cmd, MAX_INPUT_BYTES >> 20);
                free(buf);
                *rc = EXIT_USAGE;
                return NULL;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                fprintf(stderr, "zks %s: out of memory\n", cmd);
                free(buf);
                *rc = EXIT_ENV;
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, stdin);
        n += got;
        if (got == 0) {
            if (ferror(stdin)) {
                fprintf(stderr, "zks %s: cannot read stdin: %s\n", cmd, strerror(errno));
                free(buf);
                *rc = EXIT_ENV;
                return NULL;
            }
            break;
        }
    }
    *len = n;
    return buf;
}

/*
 * Parses stdin as one request object or an array of them. Returns the
 * requests (count in *n, *is_array says which shape) or NULL with *rc set.
 */
static zks_request *read_requests(const char *cmd, zks_request_form form, size_t *n, bool *is_array, int *rc)
{
    size_t len = 0;
    char *text = read_stdin(&len, rc, cmd);
    if (!text)
        return NULL;
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (i == len) {
        free(text);
        fprintf(stderr, "zks %s: empty input (expected a request object or an array of them on stdin)\n", cmd);
        *rc = EXIT_USAGE;
        return NULL;
    }
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    free(text);
    if (!root) {
        fprintf(stderr, "zks %s: invalid JSON at line %d column %d: %s\n", cmd, jerr.line, jerr.column, jerr.text);
        *rc = EXIT_USAGE;
        return NULL;
    }
    *is_array = json_is_array(root);
    if (!*is_array && !json_is_object(root)) {
        json_decref(root);
        fprintf(stderr, "zks %s: expected a request object or an array of them\n", cmd);
        *rc = EXIT_USAGE;
        return NULL;
    }
    size_t count = *is_array ? json_array_size(root) : 1;
    zks_request *reqs = calloc(count ? count : 1, sizeof *reqs);
    if (!reqs) {
        json_decref(root);
        fprintf(stderr, "zks %s: out of memory\n", cmd);
        *rc = EXIT_ENV;
        return NULL;
    }
    for (size_t k = 0; k < count; k++) {
        char err[200];
        const json_t *item = *is_array ? json_array_get(root, k) : root;
        if (!zks_request_from_json(&reqs[k], item, form, err, sizeof err)) {
            if (*is_array)
                fprintf(stderr, "zks %s: item %zu: %s\n", cmd, k, err);
            else
                fprintf(stderr, "zks %s: %s\n", cmd, err);
            free(reqs);
            json_decref(root);
            *rc = EXIT_USAGE;
            return NULL;
        }
    }
    json_decref(root);
    *n = count;
    return reqs;
}

static eddsa_ctx *new_ctx(const char *cmd)
{
    eddsa_ctx *ctx = eddsa_ctx_new();
    if (!ctx)
        fprintf(stderr, "zks %s: out of memory\n", cmd);
    return ctx;
}

/* ---- keygen ---- */

int cmd_keygen(int argc, char **argv)
{
    key_options o;
    int rc = parse_options(&o, "keygen", argc, argv, OPT_PRIVATE_KEY | OPT_KEY_FILE);
    if (rc)
        return rc;
    if (o.help) {
        printf("usage: zks keygen [--private-key 0x<64 hex> | --key-file FILE]\n"
               "Makes a BabyJubJub EdDSA key pair from libsodium randomness, or derives the public key of\n"
               "the given private key (also read from ZKS_PRIVATE_KEY), as circomlibjs prv2pub does. Prints\n"
               "{\"privateKey\":\"0x..\",\"publicKey\":\"0x<packed>\",\"signer\":[\"<dec>\",\"<dec>\"]}; signer holds the\n"
               "little-endian integers of packed bytes 0..15 and 16..31 (the circuit's public inputs).\n");
        return EXIT_OK;
    }
    uint8_t prv[32];
    bool have = false;
    if ((rc = get_private_key(prv, &have, "keygen", o.private_key, o.key_file)) != EXIT_OK)
        return rc;
    if (!have)
        eddsa_keygen(prv);
    eddsa_ctx *ctx = new_ctx("keygen");
    if (!ctx) {
        sodium_memzero(prv, sizeof prv);
        return EXIT_ENV;
    }
    uint8_t pub[32];
    eddsa_prv2pub_packed(ctx, pub, prv);
    eddsa_ctx_free(ctx);

    char prv_hex[67], pub_hex[67], s0[40], s1[40];
    hex_encode_0x(prv_hex, prv, 32);
    hex_encode_0x(pub_hex, pub, 32);
    unsigned __int128 lo = 0, hi = 0;
    for (int i = 15; i >= 0; i--) {
        lo = lo << 8 | pub[i];
        hi = hi << 8 | pub[16 + i];
    }
    dec_format_u128(s0, lo);
    dec_format_u128(s1, hi);
    printf("{\"privateKey\":\"%s\",\"publicKey\":\"%s\",\"signer\":[\"%s\",\"%s\"]}\n", prv_hex, pub_hex, s0, s1);
    sodium_memzero(prv, sizeof prv);
    sodium_memzero(prv_hex, sizeof prv_hex);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "zks keygen: cannot write stdout\n");
        return EXIT_ENV;
    }
    return EXIT_OK;
}

/* ---- sign ---- */

int cmd_sign(int argc, char **argv)
{
    key_options o;
    int rc = parse_options(&o, "sign", argc, argv, OPT_PRIVATE_KEY | OPT_KEY_FILE);
    if (rc)
        return rc;
    if (o.help) {
        printf("usage: zks sign (--private-key 0x<64 hex> | --key-file FILE | env ZKS_PRIVATE_KEY) < requests.json\n"
               "Reads one request {\"nonce\",\"fee\",\"user\",\"provider\"} or an array of them on stdin and prints\n"
               "them (same shape) with \"signer\" (packed public key) and \"signature\" (packed R8 || S) added.\n"
               "The message signed is Poseidon(nonce, fee, user, provider), as circomlibjs signPoseidon.\n"
               "A key file holds 0x<64 hex> or the JSON printed by zks keygen.\n");
        return EXIT_OK;
    }
    uint8_t prv[32];
    bool have = false;
    if ((rc = get_private_key(prv, &have, "sign", o.private_key, o.key_file)) != EXIT_OK)
        return rc;
    if (!have) {
        fprintf(stderr, "zks sign: no private key (use --private-key, --key-file or ZKS_PRIVATE_KEY)\n");
        return EXIT_USAGE;
    }
    size_t n = 0;
    bool is_array = false;
    zks_request *reqs = read_requests("sign", ZKS_REQUEST_ANY, &n, &is_array, &rc);
    eddsa_ctx *ctx = reqs ? new_ctx("sign") : NULL;
    if (!reqs || !ctx) {
        sodium_memzero(prv, sizeof prv);
        free(reqs);
        return reqs ? EXIT_ENV : rc;
    }
    json_t *out = is_array ? json_array() : NULL;
    rc = EXIT_OK;
    for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
        zks_request_sign(ctx, &reqs[i], prv);
        json_t *obj = zks_request_to_json(&reqs[i]);
        if (!obj || (is_array && (!out || json_array_append_new(out, obj) != 0))) {
            fprintf(stderr, "zks sign: out of memory\n");
            rc = EXIT_ENV;
        } else if (!is_array) {
            out = obj;
        }
    }
    sodium_memzero(prv, sizeof prv);
    eddsa_ctx_free(ctx);
    free(reqs);
    if (rc == EXIT_OK) {
        if (!out || json_dumpf(out, stdout, JSON_COMPACT) != 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
            fprintf(stderr, "zks sign: cannot write stdout\n");
            rc = EXIT_ENV;
        }
    }
    json_decref(out);
    return rc;
}

/* ---- verify-sig ---- */

int cmd_verify_sig(int argc, char **argv)
{
    key_options o;
    int rc = parse_options(&o, "verify-sig", argc, argv, 0);
    if (rc)
        return rc;
    if (o.help) {
        printf("usage: zks verify-sig < signed-requests.json\n"
               "Reads one signed request (with \"signer\" and \"signature\") or an array of them on stdin and\n"
               "checks every EdDSA-Poseidon signature. Exit 0 when all are valid, 1 when any is not (stderr\n"
               "names the indices), 2 for malformed input.\n");
        return EXIT_OK;
    }
    size_t n = 0;
    bool is_array = false;
    zks_request *reqs = read_requests("verify-sig", ZKS_REQUEST_SIGNED, &n, &is_array, &rc);
    if (!reqs)
        return rc;
    eddsa_ctx *ctx = new_ctx("verify-sig");
    if (!ctx) {
        free(reqs);
        return EXIT_ENV;
    }
    size_t bad = 0;
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (zks_request_verify(ctx, &reqs[i]))
            continue;
        if (bad++ < 20 && used < sizeof list - 32)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%zu", bad > 1 ? ", " : "", i);
    }
    eddsa_ctx_free(ctx);
    free(reqs);
    if (bad) {
        if (is_array)
            fprintf(stderr, "zks verify-sig: %zu of %zu signatures invalid, at index %s%s\n", bad, n, list,
                    bad > 20 ? ", ..." : "");
        else
            fprintf(stderr, "zks verify-sig: invalid signature\n");
        return EXIT_NEGATIVE;
    }
    printf("ok: %zu signature%s valid\n", n, n == 1 ? "" : "s");
    return EXIT_OK;
}
