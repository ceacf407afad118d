#include "request_hash.h"

#include <string.h>

#include "poseidon.h"

void request_address_to_fr(fr_t *r, const uint8_t addr[REQUEST_ADDRESS_BYTES])
{
    uint8_t be[32] = {0};
    memcpy(be + 32 - REQUEST_ADDRESS_BYTES, addr, REQUEST_ADDRESS_BYTES);
    fr_from_bytes_be(r, be); /* < 2^160, always accepted */
}

void request_u128_to_fr(fr_t *r, unsigned __int128 v)
{
    const uint64_t c[4] = {(uint64_t)v, (uint64_t)(v >> 64), 0, 0};
    fr_from_canonical(r, c);
}

void request_hash(fr_t *m, uint64_t nonce, unsigned __int128 fee, const uint8_t user[REQUEST_ADDRESS_BYTES],
                  const uint8_t provider[REQUEST_ADDRESS_BYTES])
{
    fr_t in[4];
    fr_from_u64(&in[0], nonce);
    request_u128_to_fr(&in[1], fee);
    request_address_to_fr(&in[2], user);
    request_address_to_fr(&in[3], provider);
    poseidon_hash(m, in, 4);
}
