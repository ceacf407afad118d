/*
 * A Solidity (^0.8) Groth16 verifier for one verification key, using the
 * EIP-196/197 precompiles (0x06 add, 0x07 mul, 0x08 pairing):
 *   verifyProof(uint[2] pA, uint[2][2] pB, uint[2] pC, uint[N] pubSignals)   snarkjs's ABI
 *   verifyBatch(uint[] inProof, uint[] proofInputs, uint numProofs)
 * inProof holds 8 words a proof [pA.x, pA.y, pB.x1, pB.x0, pB.y1, pB.y0, pC.x, pC.y]
 * (precompile order), proofInputs N words a proof. The batch check is one
 * pairing over a random linear combination whose weights are derived on
 * chain from keccak256 of all the inputs (Fiat-Shamir: a prover cannot
 * choose proofs after seeing the weights). Both return false, never revert,
 * on a bad proof or malformed input. N must be at least 1.
 */
#ifndef ZKS_SNARK_SOLIDITY_H
#define ZKS_SNARK_SOLIDITY_H

#include "snark/groth16.h"

#include <stdbool.h>
#include <stdio.h>

bool solidity_write_verifier(FILE *out, const groth16_vkey_t *vk);

#endif
