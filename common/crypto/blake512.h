/*
 * BLAKE-512, the SHA-3 finalist by Aumasson, Henzen, Meier and Phan (the
 * final round version, 16 rounds; not BLAKE2). circomlibjs derives EdDSA
 * keys and nonces with it (npm blake-hash "blake512"), so we need it for
 * byte-identical keys and signatures.
 * Specification: "SHA-3 proposal BLAKE", version 1.3, 2010,
 * https://www.aumasson.jp/blake/blake.pdf
 */
#ifndef ZKS_CRYPTO_BLAKE512_H
#define ZKS_CRYPTO_BLAKE512_H

#include <stddef.h>
#include <stdint.h>

#define BLAKE512_DIGEST_BYTES 64
#define BLAKE512_BLOCK_BYTES 128

typedef struct {
    uint64_t h[8];
    uint64_t t[2];      /* message bits hashed so far (128-bit counter) */
    uint8_t buf[BLAKE512_BLOCK_BYTES];
    size_t buf_len;
} blake512_state;

void blake512_init(blake512_state *s);
void blake512_update(blake512_state *s, const uint8_t *data, size_t len);
/* Writes the digest and wipes the state (it may have held secret input). */
void blake512_final(blake512_state *s, uint8_t out[BLAKE512_DIGEST_BYTES]);
void blake512(uint8_t out[BLAKE512_DIGEST_BYTES], const uint8_t *data, size_t len);

#endif
