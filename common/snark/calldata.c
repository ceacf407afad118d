#include "snark/calldata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void calldata_proof_words(uint8_t out[8][32], const groth16_proof_t *p)
{
    uint8_t a[64], b[128], c[64];
    g1_to_eip196(a, &p->a);
    g2_to_eip197(b, &p->b);
    g1_to_eip196(c, &p->c);
    memcpy(out[0], a, 32);
    memcpy(out[1], a + 32, 32);
    for (int i = 0; i < 4; i++)
        memcpy(out[2 + i], b + 32 * i, 32);
    memcpy(out[6], c, 32);
    memcpy(out[7], c + 32, 32);
}

/* A growing text buffer; `failed` sticks after an allocation failure. */
typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} text_t;

static void put(text_t *t, const char *s)
{
    size_t n = strlen(s);
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->cap ? t->cap : 256);
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->s, cap);
        if (!p) {
            t->failed = true;
            return;
        }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n + 1);
    t->len += n;
}

static void put_word(text_t *t, const uint8_t w[32])
{
    char s[2 + 64 + 3];
    s[0] = '"';
    s[1] = '0';
    s[2] = 'x';
    for (int i = 0; i < 32; i++)
        snprintf(s + 3 + 2 * i, 3, "%02x", w[i]);
    s[67] = '"';
    s[68] = 0;
    put(t, s);
}

static void put_fr(text_t *t, const fr_t *v)
{
    uint8_t b[32];
    fr_to_bytes_be(b, v);
    put_word(t, b);
}

static char *finish(text_t *t)
{
    if (t->failed) {
        free(t->s);
        return NULL;
    }
    return t->s;
}

char *calldata_single(const groth16_proof_t *proof, const fr_t *pub, size_t n_pub)
{
    uint8_t w[8][32];
    text_t t = {0};
    calldata_proof_words(w, proof);
    put(&t, "[");
    put_word(&t, w[0]);
    put(&t, ", ");
    put_word(&t, w[1]);
    put(&t, "],[[");
    put_word(&t, w[2]);
    put(&t, ", ");
    put_word(&t, w[3]);
    put(&t, "],[");
    put_word(&t, w[4]);
    put(&t, ", ");
    put_word(&t, w[5]);
    put(&t, "]],[");
    put_word(&t, w[6]);
    put(&t, ", ");
    put_word(&t, w[7]);
    put(&t, "],[");
    for (size_t i = 0; i < n_pub; i++) {
        if (i)
            put(&t, ",");
        put_fr(&t, &pub[i]);
    }
    put(&t, "]");
    return finish(&t);
}

char *calldata_batch(const groth16_proof_t *proofs, const fr_t *const *pubs, size_t n_proofs, size_t n_pub)
{
    text_t t = {0};
    put(&t, "[");
    for (size_t i = 0; i < n_proofs; i++) {
        uint8_t w[8][32];
        calldata_proof_words(w, &proofs[i]);
        for (int k = 0; k < 8; k++) {
            if (i || k)
                put(&t, ",");
            put_word(&t, w[k]);
        }
    }
    put(&t, "],[");
    for (size_t i = 0; i < n_proofs; i++)
        for (size_t k = 0; k < n_pub; k++) {
            if (i || k)
                put(&t, ",");
            put_fr(&t, &pubs[i][k]);
        }
    put(&t, "],");
    uint8_t count[32] = {0};
    for (int i = 0; i < 8; i++)
        count[31 - i] = (uint8_t)((uint64_t)n_proofs >> (8 * i));
    put_word(&t, count);
    return finish(&t);
}
