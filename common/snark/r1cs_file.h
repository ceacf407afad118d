/*
 * circom .r1cs files (iden3 r1csfile format, version 1):
 *   section 1 header: u32 n8, prime, u32 nWires, u32 nPubOut, u32 nPubIn, u32 nPrvIn, u64 nLabels, u32 nConstraints
 *   section 2 constraints: per constraint A, B, C, each u32 nTerms then nTerms x (u32 wire, n8-byte coefficient)
 *   section 3 wire-to-label map: nWires x u64
 * Coefficients are canonical little-endian integers < r (not Montgomery).
 * Custom-gate sections (PLONK only) are refused: Groth16 cannot use them.
 */
#ifndef ZKS_SNARK_R1CS_FILE_H
#define ZKS_SNARK_R1CS_FILE_H

#include "snark/r1cs.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses a whole file image into cs (which owns its arrays afterwards; r1cs_free). */
bool r1cs_parse(r1cs_t *cs, const uint8_t *buf, size_t len, char *err, size_t err_len);
bool r1cs_read(r1cs_t *cs, const char *path, char *err, size_t err_len);
/* Writes cs with an identity wire-to-label map. */
bool r1cs_write(const r1cs_t *cs, const char *path, char *err, size_t err_len);

#endif
