#include "population.h"

#include "wire/hex.h"
#include "wire/request_json.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int population_write_providers(size_t n, const char *providers_path, const char *tokens_path, char *err, size_t errlen)
{
    /* 0600: the file holds usable bearer tokens */
    int fd = open(providers_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *secrets = fd >= 0 ? fdopen(fd, "w") : NULL;
    FILE *hashes = secrets ? fopen(tokens_path, "w") : NULL;
    if (hashes == NULL) {
        snprintf(err, errlen, "cannot write %s: %s", secrets ? tokens_path : providers_path, strerror(errno));
        if (secrets)
            fclose(secrets);
        else if (fd >= 0)
            close(fd);
        return -1;
    }
    fprintf(hashes, "# provider address, sha256 of its bearer token (zks-loadgen providers)\n");
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t address[20], token_bytes[32], digest[crypto_hash_sha256_BYTES];
        char address_hex[43], token_hex[LG_TOKEN_HEX + 1], digest_hex[2 * sizeof digest + 1];
        randombytes_buf(address, sizeof address);
        randombytes_buf(token_bytes, sizeof token_bytes);
        hex_encode_0x(address_hex, address, sizeof address);
        sodium_bin2hex(token_hex, sizeof token_hex, token_bytes, sizeof token_bytes);
        /* ingest hashes the token text as presented in the Authorization header */
        crypto_hash_sha256(digest, (const unsigned char *)token_hex, LG_TOKEN_HEX);
        sodium_bin2hex(digest_hex, sizeof digest_hex, digest, sizeof digest);
        if (fprintf(secrets, "%s %s\n", address_hex, token_hex) < 0 || fprintf(hashes, "%s %s\n", address_hex, digest_hex) < 0)
            rc = -1;
        sodium_memzero(token_bytes, sizeof token_bytes);
        sodium_memzero(token_hex, sizeof token_hex);
    }
    if (fclose(secrets) != 0)
        rc = -1;
    if (fclose(hashes) != 0)
        rc = -1;
    if (rc != 0)
        snprintf(err, errlen, "cannot write %s or %s", providers_path, tokens_path);
    return rc;
}

int population_read_providers(lg_population *pop, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return 3;
    }
    char line[256];
    size_t cap = 0, lineno = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
        lineno++;
        char addr[64], token[128];
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (pop->n_providers == cap) {
            cap = cap ? 2 * cap : 8;
            lg_provider *bigger = realloc(pop->providers, cap * sizeof *bigger);
            if (bigger == NULL) {
                snprintf(err, errlen, "out of memory");
                rc = 3;
                break;
            }
            pop->providers = bigger;
        }
        lg_provider *p = &pop->providers[pop->n_providers];
        if (sscanf(line, "%63s %127s", addr, token) != 2 || !hex_decode_0x(p->address, 20, addr) ||
            strlen(token) != LG_TOKEN_HEX) {
            snprintf(err, errlen, "%s:%zu: expected '0x<40 hex> <64 hex token>'", path, lineno);
            rc = 2;
        } else {
            memcpy(p->token, token, LG_TOKEN_HEX + 1);
            pop->n_providers++;
        }
        sodium_memzero(token, sizeof token);
        sodium_memzero(line, sizeof line);
    }
    fclose(f);
    if (rc == 0 && pop->n_providers == 0) {
        snprintf(err, errlen, "%s: no providers", path);
        rc = 2;
    }
    return rc;
}

static int pair_key_cmp(const void *a, const void *b)
{
    return memcmp(((const lg_pair *)a)->key, ((const lg_pair *)b)->key, 40);
}

/* A fee in [1, 10^12]: realistic per-request prices, sums far below 2^128. */
static unsigned __int128 random_fee(void)
{
    uint64_t v;
    randombytes_buf(&v, sizeof v);
    return (unsigned __int128)(v % 1000000000000ULL) + 1;
}

int population_generate(lg_population *pop, const eddsa_ctx *ctx, size_t n_users, size_t per_pair, size_t raw_every,
                        char *err, size_t errlen)
{
    size_t n_pairs = n_users * pop->n_providers;
    pop->users = calloc(n_users, sizeof *pop->users);
    pop->pairs = calloc(n_pairs, sizeof *pop->pairs);
    pop->traces = calloc(n_pairs * per_pair, sizeof *pop->traces);
    if (!pop->users || !pop->pairs || !pop->traces) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    pop->n_users = n_users;
    for (size_t u = 0; u < n_users; u++) {
        eddsa_keygen(pop->users[u].prv);
        eddsa_prv2pub_packed(ctx, pop->users[u].pub, pop->users[u].prv);
        randombytes_buf(pop->users[u].address, 20);
    }
    size_t t = 0;
    for (size_t i = 0; i < n_pairs; i++) {
        lg_pair *p = &pop->pairs[i];
        p->user = (uint32_t)(i / pop->n_providers);
        p->provider = (uint32_t)(i % pop->n_providers);
        p->via = raw_every != 0 && i % raw_every == raw_every - 1 ? LG_VIA_RAW : LG_VIA_HTTP;
        memcpy(p->key, pop->users[p->user].address, 20);
        memcpy(p->key + 20, pop->providers[p->provider].address, 20);
        p->first = t;
        /* every 4th pair sends about half as many: its batch is sealed by age, not by size */
        p->count = i % 4 == 3 && per_pair > 1 ? per_pair - per_pair / 2 : per_pair;
        /* nonces start anywhere below 1000 and leave random gaps: the circuit
         * needs them increasing, not consecutive */
        uint64_t nonce = randombytes_uniform(1000);
        for (size_t k = 0; k < p->count; k++, t++) {
            lg_trace *tr = &pop->traces[t];
            nonce += 1 + randombytes_uniform(5);
            tr->nonce = nonce;
            tr->fee = i == 0 && k == 0 ? ((unsigned __int128)1 << 64) + 7 : random_fee();
            zks_request r = {.nonce = tr->nonce, .fee = tr->fee};
            memcpy(r.user, pop->users[p->user].address, 20);
            memcpy(r.provider, pop->providers[p->provider].address, 20);
            zks_request_sign(ctx, &r, pop->users[p->user].prv);
            memcpy(tr->signature, r.signature, EDDSA_SIGNATURE_BYTES);
        }
    }
    pop->n_pairs = n_pairs;
    pop->n_traces = t;
    /* sorted by key for bsearch; each pair keeps its trace range, so re-point the traces at it */
    qsort(pop->pairs, n_pairs, sizeof *pop->pairs, pair_key_cmp);
    for (size_t i = 0; i < n_pairs; i++)
        for (size_t k = 0; k < pop->pairs[i].count; k++)
            pop->traces[pop->pairs[i].first + k].pair = (uint32_t)i;
    return 0;
}

lg_pair *population_find_pair(const lg_population *pop, const uint8_t user[20], const uint8_t provider[20])
{
    lg_pair probe;
    memcpy(probe.key, user, 20);
    memcpy(probe.key + 20, provider, 20);
    return bsearch(&probe, pop->pairs, pop->n_pairs, sizeof *pop->pairs, pair_key_cmp);
}

void population_free(lg_population *pop)
{
    if (pop->users != NULL)
        sodium_memzero(pop->users, pop->n_users * sizeof *pop->users);
    if (pop->providers != NULL)
        sodium_memzero(pop->providers, pop->n_providers * sizeof *pop->providers);
    free(pop->users);
    free(pop->providers);
    free(pop->pairs);
    free(pop->traces);
    memset(pop, 0, sizeof *pop);
}
