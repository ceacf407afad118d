/*
 * Strict text forms of the JSON wire (DESIGN §3): 0x-prefixed hex of an
 * exact length (either case in, lower case out) and decimal strings of
 * unsigned integers (digits only, no sign, no leading zeros, range checked).
 */
#ifndef ZKS_WIRE_HEX_H
#define ZKS_WIRE_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "0x" + 2n hex digits -> n bytes; false on a missing prefix, a wrong length or a non-hex digit. */
bool hex_decode_0x(uint8_t *out, size_t n, const char *s);
/* n bytes -> "0x" + 2n lower-case hex digits + NUL; out must hold 2n + 3 bytes. */
void hex_encode_0x(char *out, const uint8_t *in, size_t n);

/* Why a decimal string was refused (for one-line error messages). */
typedef enum { DEC_OK, DEC_EMPTY, DEC_NOT_DIGITS, DEC_LEADING_ZERO, DEC_OUT_OF_RANGE } dec_status;
const char *dec_status_text(dec_status st);

dec_status dec_parse_u64(uint64_t *out, const char *s);
dec_status dec_parse_u128(unsigned __int128 *out, const char *s);

/* out must hold 40 bytes (u128 has at most 39 digits). */
void dec_format_u64(char out[40], uint64_t v);
void dec_format_u128(char out[40], unsigned __int128 v);

#endif
