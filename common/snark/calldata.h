/*
 * EVM calldata words for the exported verifier, as text.
 *   single: snarkjs `zkey export soliditycalldata` shape, byte for byte:
 *     ["0x..", "0x.."],[["0x..", "0x.."],["0x..", "0x.."]],["0x..", "0x.."],["0x..",...]
 *     (pB with the imaginary coordinate first, as the precompile wants)
 *   batch: the verifyBatch arguments [inProof words],[proofInputs words],"0x<numProofs>"
 * Words are 0x plus 64 hex digits. Returned strings are malloc'd; NULL when out of memory.
 */
#ifndef ZKS_SNARK_CALLDATA_H
#define ZKS_SNARK_CALLDATA_H

#include "snark/groth16.h"

#include <stddef.h>

char *calldata_single(const groth16_proof_t *proof, const fr_t *pub, size_t n_pub);
char *calldata_batch(const groth16_proof_t *proofs, const fr_t *const *pubs, size_t n_proofs, size_t n_pub);

/* The 8 precompile-order words of a proof, as 32-byte big-endian values. */
void calldata_proof_words(uint8_t out[8][32], const groth16_proof_t *proof);

#endif
