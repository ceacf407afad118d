/*
 * Half-size rewriting of a scalar modulo a prime l (about 2^251 here).
 *
 * A check  s * B == R + k * A  with B and A of order l costs one doubling per
 * bit of k. Multiplying the whole equation by a small d with d * k == c
 * (mod l) and c small turns it into  (d s mod l) * B == d * R + c * A,  where
 * d and c are about half as long as l: half the doublings, with B's scalar
 * handled by precomputed tables. d and c come from the extended Euclidean
 * algorithm on (l, k) stopped half way (the reduced basis of the lattice
 * {(d, c) : c == d k mod l}; Gallant-Lambert-Vanstone, CRYPTO 2001, used the
 * same idea for GLV decompositions; Pornin, "Optimized Lattice Basis
 * Reduction in Dimension 2, and Fast Schnorr and EdDSA Signature
 * Verification", ePrint 2020/454, applies it to signature checks).
 *
 * d is always odd, so that multiplying a cofactor-8 equation by d cannot
 * hide a component of order 2, 4 or 8 (see babyjub_dual_mul8_check).
 */
#ifndef ZKS_CRYPTO_SCALAR_SPLIT_H
#define ZKS_CRYPTO_SCALAR_SPLIT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint64_t d[4];   /* |d|: odd, 0 < |d| < l */
    bool d_negative; /* d = -|d| */
    uint64_t c[4];   /* c >= 0, c == d * k (mod l) */
    int bits;        /* max(bit length of |d|, bit length of c) */
} scalar_split;

/*
 * For k < l (little-endian limbs, l odd and > 2^128), finds d, c as above with
 * both below 2^max_bits. Returns false, writing nothing, in the rare cases
 * where the half-way Euclidean step gives no such pair (a very large partial
 * quotient); the caller then uses the full-length check.
 * Variable time: for public values only.
 */
bool scalar_split_half(scalar_split *out, const uint64_t k[4], const uint64_t l[4], int max_bits);

#endif
