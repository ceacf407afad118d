#include "hex.h"

#include <string.h>

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool hex_decode_0x(uint8_t *out, size_t n, const char *s)
{
    if (!s || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        return false;
    s += 2;
    if (strlen(s) != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

void hex_encode_0x(char *out, const uint8_t *in, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    out[0] = '0';
    out[1] = 'x';
    for (size_t i = 0; i < n; i++) {
        out[2 + 2 * i] = digits[in[i] >> 4];
        out[3 + 2 * i] = digits[in[i] & 15];
    }
    out[2 + 2 * n] = '\0';
}

const char *dec_status_text(dec_status st)
{
    switch (st) {
    case DEC_OK:
        return "ok";
    case DEC_EMPTY:
        return "empty decimal string";
    case DEC_NOT_DIGITS:
        return "not a decimal string of digits";
    case DEC_LEADING_ZERO:
        return "leading zeros are not allowed";
    case DEC_OUT_OF_RANGE:
        return "out of range";
    }
    return "invalid";
}

static dec_status parse_bounded(unsigned __int128 *out, const char *s, unsigned __int128 max)
{
    if (!s || !*s)
        return DEC_EMPTY;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return DEC_NOT_DIGITS;
    if (s[0] == '0' && s[1] != '\0')
        return DEC_LEADING_ZERO;
    unsigned __int128 v = 0;
    for (const char *p = s; *p; p++) {
        const unsigned d = (unsigned)(*p - '0');
        if (v > (max - d) / 10)
            return DEC_OUT_OF_RANGE;
        v = v * 10 + d;
    }
    *out = v;
    return DEC_OK;
}

dec_status dec_parse_u64(uint64_t *out, const char *s)
{
    unsigned __int128 v;
    dec_status st = parse_bounded(&v, s, UINT64_MAX);
    if (st == DEC_OK)
        *out = (uint64_t)v;
    return st;
}

dec_status dec_parse_u128(unsigned __int128 *out, const char *s)
{
    return parse_bounded(out, s, ~(unsigned __int128)0);
}

void dec_format_u128(char out[40], unsigned __int128 v)
{
    char tmp[40];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

void dec_format_u64(char out[40], uint64_t v)
{
    dec_format_u128(out, v);
}
