/*
 * EdDSA-Poseidon on BabyJubJub, byte-identical to circomlibjs 0.1.7
 * eddsa.prv2pub / signPoseidon / verifyPoseidon / packSignature:
 *
 *   h  = BLAKE-512(prv); s = prune(h[0..32]) as little-endian integer
 *        (clear bits 0..2 and 255, set bit 254); A = Base8 * (s >> 3)
 *   r  = BLAKE-512(h[32..64] || msg as 32 bytes LE) as a 512-bit LE integer mod l
 *   R8 = Base8 * r;  hm = Poseidon(R8.x, R8.y, A.x, A.y, msg);  S = (r + hm * s) mod l
 *   valid iff R8 and A are on the curve, S < l and S * Base8 == R8 + (8 * hm) * A
 *
 * Packed forms: public key = packPoint(A) (32 bytes); signature =
 * packPoint(R8) || S as 32 bytes little-endian (64 bytes).
 *
 * Secrets (private key copies, its hash, s, r) are wiped with sodium_memzero
 * before returning. Signing uses constant-time fixed-base multiplication.
 */
#ifndef ZKS_CRYPTO_EDDSA_H
#define ZKS_CRYPTO_EDDSA_H

#include <stdbool.h>
#include <stdint.h>

#include "babyjub.h"
#include "fr.h"

#define EDDSA_PRIVATE_KEY_BYTES 32
#define EDDSA_PUBLIC_KEY_BYTES 32
#define EDDSA_SIGNATURE_BYTES 64

/*
 * Precomputation shared by signing and verification (a Base8 table, ~100 KB).
 * Build one per process (or per component) and pass it everywhere; it is
 * read-only after eddsa_ctx_new, so threads may share it.
 */
typedef struct eddsa_ctx eddsa_ctx;

/* NULL when out of memory. */
eddsa_ctx *eddsa_ctx_new(void);
/*
 * The same; allow_simd false keeps verification (Poseidon, decompression, the
 * joint multiplication) to scalar code even on CPUs with AVX-512 IFMA, so that
 * tests and benchmarks can compare the two paths on one machine.
 */
eddsa_ctx *eddsa_ctx_new_with(bool allow_simd);
void eddsa_ctx_free(eddsa_ctx *ctx);

typedef struct {
    babyjub_point r8;
    uint64_t s[4]; /* S, canonical little-endian limbs */
} eddsa_signature;

/* 32 random bytes from libsodium. */
void eddsa_keygen(uint8_t prv[EDDSA_PRIVATE_KEY_BYTES]);

void eddsa_prv2pub(const eddsa_ctx *ctx, babyjub_point *a, const uint8_t prv[EDDSA_PRIVATE_KEY_BYTES]);
void eddsa_prv2pub_packed(const eddsa_ctx *ctx, uint8_t pub[EDDSA_PUBLIC_KEY_BYTES],
                          const uint8_t prv[EDDSA_PRIVATE_KEY_BYTES]);

/* msg is any Fr element (e.g. request_hash's output). */
void eddsa_sign(const eddsa_ctx *ctx, eddsa_signature *sig, const uint8_t prv[EDDSA_PRIVATE_KEY_BYTES],
                const fr_t *msg);

bool eddsa_verify(const eddsa_ctx *ctx, const fr_t *msg, const eddsa_signature *sig, const babyjub_point *a);

void eddsa_signature_pack(uint8_t out[EDDSA_SIGNATURE_BYTES], const eddsa_signature *sig);
/*
 * Strict: R8 must unpack (babyjub_unpack) and S must be < l; false otherwise.
 * (circomlibjs's unpackSignature accepts any S and leaves the S < l check to verify.)
 */
bool eddsa_signature_unpack(eddsa_signature *sig, const uint8_t in[EDDSA_SIGNATURE_BYTES]);

/* Unpacks both and verifies; false on any malformed encoding or a bad signature. */
bool eddsa_verify_packed(const eddsa_ctx *ctx, const fr_t *msg, const uint8_t sig[EDDSA_SIGNATURE_BYTES],
                         const uint8_t pub[EDDSA_PUBLIC_KEY_BYTES]);

#endif
