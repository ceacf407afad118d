/*
 * Provider bearer tokens, stored hashed: a file of lines
 *   0x<provider address, 40 hex> <sha256 of the token, 64 hex>
 * ('#' comments and blank lines allowed). A presented token is hashed and
 * compared against every entry in constant time, so neither the match nor its
 * position leaks through timing; the file never holds a usable token.
 */
#ifndef ZKS_INGEST_TOKENS_H
#define ZKS_INGEST_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t provider[20];
    uint8_t token_hash[32];
} provider_token;

typedef struct {
    provider_token *entries;
    size_t count;
} token_table;

/* 0, or -1 with a one-line reason naming the line in err. */
int token_table_load(token_table *t, const char *path, char *err, size_t errlen);
int token_table_parse(token_table *t, const char *text, char *err, size_t errlen);
void token_table_free(token_table *t);

/* The provider whose token this is; false for an unknown token. */
bool token_table_lookup(const token_table *t, const char *token, size_t len, uint8_t provider[20]);

#endif
