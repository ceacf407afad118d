/*
 * BLAKE-512 as specified in "SHA-3 proposal BLAKE" v1.3 (Aumasson et al.),
 * sections 2.2 (BLAKE-64 compression, 16 rounds) and 2.2.4/2.1.4 (padding).
 */
#include "blake512.h"

#include <sodium.h>
#include <string.h>

/* Initial value: the same as SHA-512's (spec section 2.2.1). */
static const uint64_t IV[8] = {
    0x6A09E667F3BCC908ULL, 0xBB67AE8584CAA73BULL, 0x3C6EF372FE94F82BULL, 0xA54FF53A5F1D36F1ULL,
    0x510E527FADE682D1ULL, 0x9B05688C2B3E6C1FULL, 0x1F83D9ABFB41BD6BULL, 0x5BE0CD19137E2179ULL,
};

/* Constants c0..c15: the first digits of pi (spec section 2.2.1). */
static const uint64_t C[16] = {
    0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL, 0xA4093822299F31D0ULL, 0x082EFA98EC4E6C89ULL,
    0x452821E638D01377ULL, 0xBE5466CF34E90C6CULL, 0xC0AC29B7C97C50DDULL, 0x3F84D5B5B5470917ULL,
    0x9216D5D98979FB1BULL, 0xD1310BA698DFB5ACULL, 0x2FFD72DBD01ADFB7ULL, 0xB8E1AFED6A267E96ULL,
    0xBA7C9045F12C7F99ULL, 0x24A19947B3916CF7ULL, 0x0801F2E2858EFC16ULL, 0x636920D871574E69ULL,
};

/* Message permutations sigma_0..sigma_9 (spec section 2.1.2); round r uses sigma_{r mod 10}. */
static const uint8_t SIGMA[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

#define ROUNDS 16

static inline uint64_t rotr(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

static inline uint64_t load_be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

static inline void store_be64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* G_i of the spec: mixes four state words with two message words. */
#define G(a, b, c, d, i)                                              \
    do {                                                              \
        const uint8_t *s_ = SIGMA[r % 10];                            \
        v[a] += v[b] + (m[s_[2 * (i)]] ^ C[s_[2 * (i) + 1]]);         \
        v[d] = rotr(v[d] ^ v[a], 32);                                 \
        v[c] += v[d];                                                 \
        v[b] = rotr(v[b] ^ v[c], 25);                                 \
        v[a] += v[b] + (m[s_[2 * (i) + 1]] ^ C[s_[2 * (i)]]);         \
        v[d] = rotr(v[d] ^ v[a], 16);                                 \
        v[c] += v[d];                                                 \
        v[b] = rotr(v[b] ^ v[c], 11);                                 \
    } while (0)

/* Compresses one block with counter (t0, t1); the salt is zero. */
static void compress(uint64_t h[8], const uint8_t block[BLAKE512_BLOCK_BYTES], uint64_t t0, uint64_t t1)
{
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++)
        m[i] = load_be64(block + 8 * i);
    for (int i = 0; i < 8; i++)
        v[i] = h[i];
    v[8] = C[0];
    v[9] = C[1];
    v[10] = C[2];
    v[11] = C[3];
    v[12] = t0 ^ C[4];
    v[13] = t0 ^ C[5];
    v[14] = t1 ^ C[6];
    v[15] = t1 ^ C[7];
    for (unsigned r = 0; r < ROUNDS; r++) {
        G(0, 4, 8, 12, 0);
        G(1, 5, 9, 13, 1);
        G(2, 6, 10, 14, 2);
        G(3, 7, 11, 15, 3);
        G(0, 5, 10, 15, 4);
        G(1, 6, 11, 12, 5);
        G(2, 7, 8, 13, 6);
        G(3, 4, 9, 14, 7);
    }
    for (int i = 0; i < 8; i++)
        h[i] ^= v[i] ^ v[i + 8];
    sodium_memzero(m, sizeof m);
    sodium_memzero(v, sizeof v);
}

void blake512_init(blake512_state *s)
{
    memcpy(s->h, IV, sizeof IV);
    s->t[0] = s->t[1] = 0;
    s->buf_len = 0;
}

static void add_bits(blake512_state *s, uint64_t bits)
{
    s->t[0] += bits;
    if (s->t[0] < bits)
        s->t[1]++;
}

void blake512_update(blake512_state *s, const uint8_t *data, size_t len)
{
    while (len > 0) {
        /* A full buffer is compressed only when more input follows: the last block needs padding. */
        if (s->buf_len == BLAKE512_BLOCK_BYTES) {
            add_bits(s, BLAKE512_BLOCK_BYTES * 8);
            compress(s->h, s->buf, s->t[0], s->t[1]);
            s->buf_len = 0;
        }
        size_t take = BLAKE512_BLOCK_BYTES - s->buf_len;
        if (take > len)
            take = len;
        memcpy(s->buf + s->buf_len, data, take);
        s->buf_len += take;
        data += take;
        len -= take;
    }
}

void blake512_final(blake512_state *s, uint8_t out[BLAKE512_DIGEST_BYTES])
{
    /* Total message length in bits, then the padding 1 0* 1 || length (128 bits, big-endian). */
    add_bits(s, (uint64_t)s->buf_len * 8);
    const uint64_t len_hi = s->t[1], len_lo = s->t[0];
    uint8_t block[BLAKE512_BLOCK_BYTES];
    const size_t n = s->buf_len;
    memset(block, 0, sizeof block);
    memcpy(block, s->buf, n);

    /*
     * Counter rule (spec 2.1.4): a block holding message bits is compressed with the
     * number of message bits so far; a block of padding only with counter 0.
     */
    if (n <= BLAKE512_BLOCK_BYTES - 17) {
        block[n] = 0x80;
        block[BLAKE512_BLOCK_BYTES - 17] |= 0x01;
        store_be64(block + BLAKE512_BLOCK_BYTES - 16, len_hi);
        store_be64(block + BLAKE512_BLOCK_BYTES - 8, len_lo);
        compress(s->h, block, len_lo, len_hi);
    } else {
        if (n < BLAKE512_BLOCK_BYTES)
            block[n] = 0x80;
        compress(s->h, block, len_lo, len_hi);
        memset(block, 0, sizeof block);
        if (n == BLAKE512_BLOCK_BYTES)
            block[0] = 0x80;
        block[BLAKE512_BLOCK_BYTES - 17] |= 0x01;
        store_be64(block + BLAKE512_BLOCK_BYTES - 16, len_hi);
        store_be64(block + BLAKE512_BLOCK_BYTES - 8, len_lo);
        compress(s->h, block, 0, 0);
    }
    for (int i = 0; i < 8; i++)
        store_be64(out + 8 * i, s->h[i]);
    sodium_memzero(block, sizeof block);
    sodium_memzero(s, sizeof *s);
}

void blake512(uint8_t out[BLAKE512_DIGEST_BYTES], const uint8_t *data, size_t len)
{
    blake512_state s;
    blake512_init(&s);
    blake512_update(&s, data, len);
    blake512_final(&s, out);
}
