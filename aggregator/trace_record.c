#include "trace_record.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void put_be64(uint8_t *out, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        out[i] = (uint8_t)v;
        v >>= 8;
    }
}

static uint64_t get_be64(const uint8_t *in)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | in[i];
    return v;
}

void trace_record_encode(const trace_record *r, uint8_t out[TRACE_RECORD_LEN])
{
    put_be64(out, r->nonce);
    memcpy(out + 8, r->fee, 16);
    memcpy(out + 24, r->signer, 32);
    memcpy(out + 56, r->signature, 64);
}

bool trace_record_decode(const uint8_t *in, size_t len, trace_record *r)
{
    if (len != TRACE_RECORD_LEN)
        return false;
    r->nonce = get_be64(in);
    memcpy(r->fee, in + 8, 16);
    memcpy(r->signer, in + 24, 32);
    memcpy(r->signature, in + 56, 64);
    return true;
}

void trace_nonce_key(uint64_t nonce, char out[TRACE_NONCE_KEY_LEN + 1])
{
    snprintf(out, TRACE_NONCE_KEY_LEN + 1, "%020" PRIu64, nonce);
}

bool trace_nonce_parse(const char *s, size_t len, uint64_t *nonce)
{
    if (len != TRACE_NONCE_KEY_LEN)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *nonce = v;
    return true;
}

void trace_hex(const uint8_t *in, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * len] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool unhex(const char *s, size_t bytes, uint8_t *out)
{
    for (size_t i = 0; i < bytes; i++) {
        int hi = hex_value(s[2 * i]), lo = hex_value(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

void trace_pair_tag(const trace_pair *p, char out[TRACE_PAIR_TAG_LEN + 1])
{
    out[0] = '{';
    trace_hex(p->user, TRACE_ADDRESS_LEN, out + 1);
    out[41] = ':';
    trace_hex(p->provider, TRACE_ADDRESS_LEN, out + 42);
    out[82] = '}';
    out[83] = '\0';
}

bool trace_pair_from_tag(const char *s, size_t len, trace_pair *p)
{
    if (len != TRACE_PAIR_TAG_LEN || s[0] != '{' || s[41] != ':' || s[82] != '}')
        return false;
    return unhex(s + 1, TRACE_ADDRESS_LEN, p->user) && unhex(s + 42, TRACE_ADDRESS_LEN, p->provider);
}

void trace_pair_key(const trace_pair *p, uint8_t out[TRACE_PAIR_KEY_LEN])
{
    memcpy(out, p->user, TRACE_ADDRESS_LEN);
    memcpy(out + TRACE_ADDRESS_LEN, p->provider, TRACE_ADDRESS_LEN);
}

bool trace_pair_from_key(const uint8_t *key, size_t len, trace_pair *p)
{
    if (key == NULL || len != TRACE_PAIR_KEY_LEN)
        return false;
    memcpy(p->user, key, TRACE_ADDRESS_LEN);
    memcpy(p->provider, key + TRACE_ADDRESS_LEN, TRACE_ADDRESS_LEN);
    return true;
}
