/*
 * The message a user signs for one request (DESIGN §3):
 *   m = Poseidon(nonce, fee, user, provider)
 * with circomlib's 4-input Poseidon; user and provider enter as the
 * big-endian value of their 20-byte addresses (below 2^160 < r).
 */
#ifndef ZKS_CRYPTO_REQUEST_HASH_H
#define ZKS_CRYPTO_REQUEST_HASH_H

#include <stdint.h>

#include "fr.h"

#define REQUEST_ADDRESS_BYTES 20

/* An address as a field element (big-endian value). */
void request_address_to_fr(fr_t *r, const uint8_t addr[REQUEST_ADDRESS_BYTES]);
/* A u128 as a field element. */
void request_u128_to_fr(fr_t *r, unsigned __int128 v);

void request_hash(fr_t *m, uint64_t nonce, unsigned __int128 fee, const uint8_t user[REQUEST_ADDRESS_BYTES],
                  const uint8_t provider[REQUEST_ADDRESS_BYTES]);

#endif
