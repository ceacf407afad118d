#include "tokens.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool unhex(const char *s, size_t bytes, uint8_t *out)
{
    size_t got = 0;
    return sodium_hex2bin(out, bytes, s, 2 * bytes, NULL, &got, NULL) == 0 && got == bytes;
}

int token_table_parse(token_table *t, const char *text, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    size_t cap = 0, lineno = 0;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        lineno++;
        while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        size_t lead = 0;
        while (lead < len && (p[lead] == ' ' || p[lead] == '\t'))
            lead++;
        if (lead < len && p[lead] != '#') {
            const char *s = p + lead;
            size_t n = len - lead;
            provider_token e;
            if (n != 2 + 40 + 1 + 64 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || s[42] != ' ' ||
                !unhex(s + 2, 20, e.provider) || !unhex(s + 43, 32, e.token_hash)) {
                snprintf(err, errlen, "token file line %zu: expected '0x<40 hex> <64 hex sha256>'", lineno);
                token_table_free(t);
                return -1;
            }
            if (t->count == cap) {
                cap = cap ? 2 * cap : 8;
                provider_token *grown = realloc(t->entries, cap * sizeof *grown);
                if (grown == NULL) {
                    snprintf(err, errlen, "out of memory");
                    token_table_free(t);
                    return -1;
                }
                t->entries = grown;
            }
            t->entries[t->count++] = e;
        }
        p = end ? end + 1 : p + strlen(p);
    }
    return 0;
}

int token_table_load(token_table *t, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errlen, "token file %s: cannot open", path);
        return -1;
    }
    char *text = NULL;
    size_t cap = 0, len = 0, n;
    char buf[4096];
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (len + n + 1 > cap) {
            cap = 2 * (len + n + 1);
            char *grown = realloc(text, cap);
            if (grown == NULL) {
                free(text);
                fclose(f);
                snprintf(err, errlen, "out of memory");
                return -1;
            }
            text = grown;
        }
        memcpy(text + len, buf, n);
        len += n;
    }
    fclose(f);
    if (text == NULL) {
        memset(t, 0, sizeof *t);
        return 0;
    }
    text[len] = '\0';
    int rc = token_table_parse(t, text, err, errlen);
    free(text);
    return rc;
}

void token_table_free(token_table *t)
{
    free(t->entries);
    memset(t, 0, sizeof *t);
}

bool token_table_lookup(const token_table *t, const char *token, size_t len, uint8_t provider[20])
{
    uint8_t h[32];
    crypto_hash_sha256(h, (const unsigned char *)token, len);
    bool found = false;
    /* visit every entry whatever matches, so the time does not tell which one did */
    for (size_t i = 0; i < t->count; i++) {
        bool match = sodium_memcmp(h, t->entries[i].token_hash, sizeof h) == 0;
        if (match && !found) {
            memcpy(provider, t->entries[i].provider, 20);
            found = true;
        }
    }
    sodium_memzero(h, sizeof h);
    return found;
}
