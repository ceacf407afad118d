/*
 * Fixed-base scalar multiplication for the setup, where millions of
 * multiples of one generator are needed: a table of d * 2^(w*j) * G for every
 * w-bit digit d and window j turns each product into one mixed addition per
 * window, with no doublings.
 */
#ifndef ZKS_SNARK_FIXED_BASE_H
#define ZKS_SNARK_FIXED_BASE_H

#include "crypto/g1.h"
#include "crypto/g2.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    unsigned window;
    unsigned n_windows;
    g1_affine_t *table; /* n_windows x (2^window - 1) */
} g1_fixed_base_t;

typedef struct {
    unsigned window;
    unsigned n_windows;
    g2_affine_t *table;
} g2_fixed_base_t;

/* window in [2, 16]; false when out of memory */
bool g1_fixed_base_init(g1_fixed_base_t *t, const g1_affine_t *base, unsigned window);
bool g2_fixed_base_init(g2_fixed_base_t *t, const g2_affine_t *base, unsigned window);
void g1_fixed_base_free(g1_fixed_base_t *t);
void g2_fixed_base_free(g2_fixed_base_t *t);

/* out[i] = scalars[i] * base (scalars in Montgomery form), on `threads` threads (0 = all cores) */
void g1_fixed_base_mul_many(g1_affine_t *out, const g1_fixed_base_t *t, const fr_t *scalars, size_t n,
                            unsigned threads);
void g2_fixed_base_mul_many(g2_affine_t *out, const g2_fixed_base_t *t, const fr_t *scalars, size_t n,
                            unsigned threads);

/* A window that balances table cost against per-point cost for n products. */
unsigned fixed_base_window_for(size_t n);

#endif
