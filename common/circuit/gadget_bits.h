/*
 * Bit decompositions, range checks and comparisons with constants.
 *
 * Every decomposition constrains each bit boolean and the weighted sum equal
 * to its input, so the bits are pinned; a 254-bit decomposition is made
 * unique ("strict") by also proving that the bits spell a number <= p - 1.
 */
#ifndef ZKS_CIRCUIT_GADGET_BITS_H
#define ZKS_CIRCUIT_GADGET_BITS_H

#include "snark/cs.h"

/* b*b = b */
void g_boolean(cs_t *cs, uint32_t b, const char *why);

/*
 * bits[0..n) = the low n bits of x (n <= 253), constrained: each boolean and
 * sum bits[i]*2^i == x, which proves x < 2^n.
 */
void g_bits(cs_t *cs, const cs_lc_t *x, unsigned n, uint32_t *bits, const char *why);

/* bits[0..254) of x, unique: also proves the bits spell a value <= p - 1. */
void g_bits_strict(cs_t *cs, const cs_lc_t *x, uint32_t bits[254], const char *why);

/*
 * Proves that boolean wires bits[0..n) spell a value <= c (c < 2^n, canonical
 * little-endian limbs). Costs one constraint per run of zeros in c and at most
 * three per run of ones.
 */
void g_bits_le_const(cs_t *cs, const uint32_t *bits, unsigned n, const uint64_t c[4], const char *why);

/* Sets lc = sum bits[i] * 2^i over n bits. */
void g_bits_sum(cs_t *cs, cs_lc_t *lc, const uint32_t *bits, unsigned n);

/* A wire that is 1 when x == 0 and 0 otherwise (two constraints). */
uint32_t g_is_zero(cs_t *cs, const cs_lc_t *x, const char *why);

/* x != 0 (one constraint: x * inv = 1). */
void g_assert_nonzero(cs_t *cs, const cs_lc_t *x, const char *why);

/* p - 1 of Fr, canonical limbs. */
extern const uint64_t G_FR_MINUS_ONE[4];

#endif
