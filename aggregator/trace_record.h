/*
 * The canonical form of one accepted trace as the aggregator stores it in
 * Redis and hashes it into a batch id. The pair (user, provider) is not part
 * of the record: it is implied by the Redis key (hash tag) and the Kafka key.
 *
 * Record layout, 120 bytes, fixed so that Lua can compare records byte for
 * byte (dedup) without parsing them:
 *   nonce      8 bytes  big-endian u64
 *   fee       16 bytes  big-endian u128
 *   signer    32 bytes  packed BabyJubJub public key (circomlibjs packPoint)
 *   signature 64 bytes  packPoint(R8) || S little-endian
 */
#ifndef ZKS_AGGREGATOR_TRACE_RECORD_H
#define ZKS_AGGREGATOR_TRACE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    TRACE_RECORD_LEN = 120,
    TRACE_ADDRESS_LEN = 20,
    TRACE_PAIR_KEY_LEN = 40,     /* Kafka key: user || provider */
    TRACE_NONCE_KEY_LEN = 20,    /* "%020" PRIu64: lexicographic order == numeric order */
    TRACE_PAIR_TAG_LEN = 83,     /* "{" 40 hex ":" 40 hex "}" */
};

typedef struct {
    uint64_t nonce;
    uint8_t fee[16];
    uint8_t signer[32];
    uint8_t signature[64];
} trace_record;

typedef struct {
    uint8_t user[TRACE_ADDRESS_LEN];
    uint8_t provider[TRACE_ADDRESS_LEN];
} trace_pair;

void trace_record_encode(const trace_record *r, uint8_t out[TRACE_RECORD_LEN]);
/* false unless len is exactly TRACE_RECORD_LEN. */
bool trace_record_decode(const uint8_t *in, size_t len, trace_record *r);

/* Zero-padded decimal so Redis string order is nonce order. out: 21 bytes. */
void trace_nonce_key(uint64_t nonce, char out[TRACE_NONCE_KEY_LEN + 1]);
/* Inverse of trace_nonce_key; false on anything but exactly 20 digits in range. */
bool trace_nonce_parse(const char *s, size_t len, uint64_t *nonce);

/* Redis Cluster hash tag of a pair, "{<user hex>:<provider hex>}", lower-case. out: 84 bytes. */
void trace_pair_tag(const trace_pair *p, char out[TRACE_PAIR_TAG_LEN + 1]);
/* Inverse: parses the 83-character tag (with braces). */
bool trace_pair_from_tag(const char *s, size_t len, trace_pair *p);

void trace_pair_key(const trace_pair *p, uint8_t out[TRACE_PAIR_KEY_LEN]);
bool trace_pair_from_key(const uint8_t *key, size_t len, trace_pair *p);

/* Lower-case hex without prefix; out must hold 2*len+1 bytes. */
void trace_hex(const uint8_t *in, size_t len, char *out);

#endif
