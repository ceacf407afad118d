/*
 * circomlib Poseidon inside the circuit: the same optimized round schedule as
 * crypto/poseidon.c with its constants, with the linear layers folded into
 * linear combinations so that only S-boxes cost constraints (three each;
 * none for an S-box whose input is a constant, as in the first round).
 */
#ifndef ZKS_CIRCUIT_GADGET_POSEIDON_H
#define ZKS_CIRCUIT_GADGET_POSEIDON_H

#include "snark/cs.h"

/* out = Poseidon(in[0..n)) as a linear combination; n in 1..6. False for other n. */
bool g_poseidon(cs_t *cs, cs_lc_t *out, const cs_lc_t *in, size_t n, const char *why);

#endif
