/*
 * Builds a satisfiable synthetic R1CS and its witness in memory.
 *
 * Shapes:
 *   realistic  a `bit_fraction` share of booleanity constraints b*(b-1)=0 on fresh bits,
 *              the rest products of field wires and bit packings sum(2^i b_i) * 1 = z,
 *              like hash/signature circuits (mostly bits, some full field elements)
 *   mulchain   every constraint a product of full field elements: z = z_prev * w
 *   wide       long linear combinations (8 terms in A, 4 in B, random coefficients)
 *   public     like realistic but with many public inputs and two public outputs
 */
#ifndef ZKS_TOOLS_SYNTH_CIRCUIT_H
#define ZKS_TOOLS_SYNTH_CIRCUIT_H

#include "snark/r1cs.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum { SYNTH_REALISTIC, SYNTH_MULCHAIN, SYNTH_WIDE, SYNTH_PUBLIC } synth_shape_t;

typedef struct {
    synth_shape_t shape;
    uint32_t n_constraints;
    double bit_fraction; /* realistic/public only */
    uint32_t n_pub_in;   /* 0 = the shape's default */
    uint64_t seed;         /* the circuit's structure */
    uint64_t witness_seed; /* input and bit values: same circuit, different witnesses */
} synth_params_t;

bool synth_shape_from_name(const char *name, synth_shape_t *out);

/* On success cs and *witness (cs->n_wires values, Montgomery) are owned by the caller. */
bool synth_build(const synth_params_t *p, r1cs_t *cs, fr_t **witness, char *err, size_t err_len);

#endif
