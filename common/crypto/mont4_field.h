/*
 * Binds the generic mont4 routines to one constant modulus and gives the
 * field its own element type, so that an Fq element cannot be passed where
 * an Fr element is expected. fq.h and fr.h each expand this once.
 */
#ifndef ZKS_CRYPTO_MONT4_FIELD_H
#define ZKS_CRYPTO_MONT4_FIELD_H

#include "mont4.h"

#define MONT4_DEFINE_FIELD(F, MODULUS)                                                            \
    typedef struct {                                                                               \
        uint64_t limb[4];                                                                          \
    } F##_t;                                                                                       \
    static inline void F##_add(F##_t *r, const F##_t *a, const F##_t *b)                          \
    { mont4_add(r->limb, a->limb, b->limb, &(MODULUS)); }                                          \
    static inline void F##_sub(F##_t *r, const F##_t *a, const F##_t *b)                          \
    { mont4_sub(r->limb, a->limb, b->limb, &(MODULUS)); }                                          \
    static inline void F##_neg(F##_t *r, const F##_t *a) { mont4_neg(r->limb, a->limb, &(MODULUS)); } \
    static inline void F##_mul(F##_t *r, const F##_t *a, const F##_t *b)                          \
    { mont4_mul(r->limb, a->limb, b->limb, &(MODULUS)); }                                          \
    static inline void F##_sqr(F##_t *r, const F##_t *a)                                          \
    { mont4_mul(r->limb, a->limb, a->limb, &(MODULUS)); }                                          \
    static inline void F##_dbl(F##_t *r, const F##_t *a)                                          \
    { mont4_add(r->limb, a->limb, a->limb, &(MODULUS)); }                                          \
    static inline bool F##_is_zero(const F##_t *a) { return mont4_is_zero(a->limb); }             \
    static inline bool F##_eq(const F##_t *a, const F##_t *b)                                     \
    {                                                                                              \
        return ((a->limb[0] ^ b->limb[0]) | (a->limb[1] ^ b->limb[1]) | (a->limb[2] ^ b->limb[2]) | \
                (a->limb[3] ^ b->limb[3])) == 0;                                                   \
    }                                                                                              \
    static inline void F##_set_zero(F##_t *r) { r->limb[0] = r->limb[1] = r->limb[2] = r->limb[3] = 0; } \
    static inline void F##_set_one(F##_t *r)                                                      \
    {                                                                                              \
        for (int i_ = 0; i_ < 4; i_++)                                                             \
            r->limb[i_] = (MODULUS).r1[i_];                                                        \
    }                                                                                              \
    static inline bool F##_is_one(const F##_t *a)                                                 \
    {                                                                                              \
        return a->limb[0] == (MODULUS).r1[0] && a->limb[1] == (MODULUS).r1[1] &&                   \
               a->limb[2] == (MODULUS).r1[2] && a->limb[3] == (MODULUS).r1[3];                     \
    }                                                                                              \
    static inline void F##_from_u64(F##_t *r, uint64_t v)                                         \
    {                                                                                              \
        const uint64_t c_[4] = {v, 0, 0, 0};                                                       \
        mont4_to_mont(r->limb, c_, &(MODULUS));                                                    \
    }                                                                                              \
    /* canonical little-endian limbs (value < modulus) in and out of Montgomery form */           \
    static inline void F##_from_canonical(F##_t *r, const uint64_t c[4])                          \
    { mont4_to_mont(r->limb, c, &(MODULUS)); }                                                     \
    static inline void F##_to_canonical(uint64_t c[4], const F##_t *a)                            \
    { mont4_from_mont(c, a->limb, &(MODULUS)); }                                                   \
    static inline bool F##_inv(F##_t *r, const F##_t *a) { return mont4_inv(r->limb, a->limb, &(MODULUS)); } \
    static inline void F##_pow(F##_t *r, const F##_t *a, const uint64_t *e, size_t n)             \
    { mont4_pow(r->limb, a->limb, e, n, &(MODULUS)); }                                             \
    static inline bool F##_sqrt(F##_t *r, const F##_t *a) { return mont4_sqrt(r->limb, a->limb, &(MODULUS)); } \
    static inline int F##_legendre(const F##_t *a) { return mont4_legendre(a->limb, &(MODULUS)); } \
    /* scratch must hold n elements; r may alias a */                                             \
    static inline void F##_batch_inv(F##_t *r, const F##_t *a, size_t n, F##_t *scratch)          \
    {                                                                                              \
        mont4_batch_inv((uint64_t(*)[4])r, (const uint64_t(*)[4])a, n, (uint64_t(*)[4])scratch,    \
                        &(MODULUS));                                                               \
    }                                                                                              \
    static inline bool F##_from_dec(F##_t *r, const char *dec) { return mont4_from_dec(r->limb, dec, &(MODULUS)); } \
    static inline void F##_to_dec(char out[80], const F##_t *a) { mont4_to_dec(out, a->limb, &(MODULUS)); } \
    static inline bool F##_from_bytes_le(F##_t *r, const uint8_t in[32])                          \
    { return mont4_from_bytes_le(r->limb, in, &(MODULUS)); }                                       \
    static inline bool F##_from_bytes_be(F##_t *r, const uint8_t in[32])                          \
    { return mont4_from_bytes_be(r->limb, in, &(MODULUS)); }                                       \
    static inline void F##_to_bytes_le(uint8_t out[32], const F##_t *a)                           \
    { mont4_to_bytes_le(out, a->limb, &(MODULUS)); }                                               \
    static inline void F##_to_bytes_be(uint8_t out[32], const F##_t *a)                           \
    { mont4_to_bytes_be(out, a->limb, &(MODULUS)); }                                               \
    static inline void F##_from_bytes_le_reduce(F##_t *r, const uint8_t *in, size_t len)          \
    { mont4_from_bytes_le_reduce(r->limb, in, len, &(MODULUS)); }

#endif
