/*
 * circom/snarkjs .wtns files (snarkjs src/wtns_utils.js, version 2):
 *   section 1 header: u32 n8, prime, u32 nWitness
 *   section 2 values: nWitness x n8 bytes, canonical little-endian (not Montgomery)
 */
#ifndef ZKS_SNARK_WTNS_FILE_H
#define ZKS_SNARK_WTNS_FILE_H

#include "crypto/fr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Parses a file image into a malloc'd array of n values in Montgomery form.
 * expected_n: the circuit's wire count, or 0 to accept any; a mismatch is an
 * error ("witness of another circuit"). The first value must be 1.
 */
bool wtns_parse(fr_t **values, uint32_t *n, uint32_t expected_n, const uint8_t *buf, size_t len, char *err,
                size_t err_len);
bool wtns_read(fr_t **values, uint32_t *n, uint32_t expected_n, const char *path, char *err, size_t err_len);
bool wtns_write(const fr_t *values, uint32_t n, const char *path, char *err, size_t err_len);

#endif
