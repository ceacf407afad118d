/*
 * The load generator's synthetic market: users (EdDSA keys, addresses),
 * providers (addresses, bearer tokens) and, per user-provider pair, a run of
 * signed traces with strictly increasing nonces. All keys are fresh from
 * libsodium on every run, so a run's pairs never collide with an earlier run's.
 */
#ifndef ZKS_LOADGEN_POPULATION_H
#define ZKS_LOADGEN_POPULATION_H

#include "crypto/eddsa.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LG_TOKEN_HEX 64 /* a bearer token: 32 random bytes as hex */

typedef struct {
    uint8_t prv[EDDSA_PRIVATE_KEY_BYTES]; /* secret: wiped by population_free */
    uint8_t pub[EDDSA_PUBLIC_KEY_BYTES];  /* packed public key */
    uint8_t address[20];
} lg_user;

typedef struct {
    uint8_t address[20];
    char token[LG_TOKEN_HEX + 1]; /* secret: wiped by population_free */
} lg_provider;

typedef enum { LG_VIA_HTTP, LG_VIA_RAW } lg_via;

typedef struct {
    uint32_t pair;
    uint64_t nonce;
    unsigned __int128 fee;
    uint8_t signature[EDDSA_SIGNATURE_BYTES];
    /* filled while running */
    bool accepted;      /* ingest took it (HTTP 202, or raw delivery confirmed) */
    int64_t sent_ms;    /* wall clock when it was handed to ingest or the raw topic */
    int64_t settled_ms; /* when the first settlement covering it was seen */
    uint32_t settlements; /* distinct batch ids covering it: must end at exactly 1 */
} lg_trace;

typedef struct {
    uint32_t user, provider;
    lg_via via;
    size_t first, count; /* its traces: traces[first .. first+count), nonces increasing */
    uint8_t key[40];     /* user || provider, the Kafka key */
} lg_pair;

typedef struct {
    lg_user *users;
    size_t n_users;
    lg_provider *providers;
    size_t n_providers;
    lg_pair *pairs; /* sorted by key for lookup */
    size_t n_pairs;
    lg_trace *traces;
    size_t n_traces;
} lg_population;

/* Writes providers_path ("0x<address> <token>" lines, mode 0600: the secrets
 * the load generator presents) and tokens_path ("0x<address> <sha256(token)>"
 * lines: ingest's --tokens-file). 0, or -1 with a reason in err. */
int population_write_providers(size_t n, const char *providers_path, const char *tokens_path, char *err, size_t errlen);

/* Reads a providers file written above. 0; 2 malformed, 3 unreadable (exit-code
 * classes), with a reason in err. */
int population_read_providers(lg_population *pop, const char *path, char *err, size_t errlen);

/* Makes n_users users and every (user, provider) pair with per_pair signed
 * traces (every 4th pair about half as many, so its batch is sealed by age);
 * every raw_every-th pair (0: none) is sent over the raw topic. One
 * trace of the first pair carries a fee above 2^64 (exercising fee_hi). */
int population_generate(lg_population *pop, const eddsa_ctx *ctx, size_t n_users, size_t per_pair, size_t raw_every,
                        char *err, size_t errlen);

/* The pair with this Kafka key, or NULL. */
lg_pair *population_find_pair(const lg_population *pop, const uint8_t user[20], const uint8_t provider[20]);

void population_free(lg_population *pop);

#endif
