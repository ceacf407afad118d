/*
 * The Poseidon permutation with the whole state in the lanes of AVX-512
 * IFMA registers (lane i = state[i], t <= 7). Private to poseidon.c, which
 * uses it where poseidon_lanes_supported() and runs its own scalar rounds
 * otherwise.
 */
#ifndef ZKS_CRYPTO_POSEIDON_LANES_H
#define ZKS_CRYPTO_POSEIDON_LANES_H

#include <stdbool.h>
#include <stddef.h>

#include "poseidon.h"

#define POSEIDON_LANES_MAX_T 7

bool poseidon_lanes_supported(void);

/*
 * out = state[0] after the permutation of state = (0, in[0], ..., in[n-1])
 * with pp's constants (pp->t == n + 1 <= POSEIDON_LANES_MAX_T). Only where
 * poseidon_lanes_supported().
 */
void poseidon_lanes_hash(fr_t *out, const poseidon_params *pp, const fr_t *in, size_t n);

#endif
