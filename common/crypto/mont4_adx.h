/*
 * Montgomery multiplication with mulx/adcx/adox (BMI2 + ADX, x86-64), used by
 * mont4_mul when the CPU has both; same inputs, same fully reduced output as
 * the portable CIOS in mont4.h (tests/unit/test_mont4_adx.c compares them).
 *
 * Per round i: t += a[i] * b with the low halves of the products on the OF
 * carry chain (adox) and the high halves on the CF chain (adcx), so the two
 * chains run interleaved without saving flags; then t += m * p with
 * m = t[0] * (-p^-1) mod 2^64, which zeroes t[0], and t shifts down one limb.
 * With p < 2^254 ("spare bits") t stays below 2p and five words hold every
 * intermediate sum, as in the portable version.
 */
#ifndef ZKS_CRYPTO_MONT4_ADX_H
#define ZKS_CRYPTO_MONT4_ADX_H

#include <stdbool.h>
#include <stdint.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define MONT4_HAVE_ADX_PATH 1

/* libgcc initialises the CPU model before main; this is two loads and a test. */
static inline bool mont4_cpu_has_adx(void)
{
    return __builtin_cpu_supports("adx") && __builtin_cpu_supports("bmi2");
}

/* rax is kept at zero to add the flags in; every round clears both flags first. */
#define MONT4_ADX_ROUND(AI)                                                                              \
    "xorl %%eax, %%eax\n\t"                                                                              \
    "movq " AI "(%[a]), %%rdx\n\t"                                                                       \
    "mulxq 0(%[b]), %[lo], %[hi]\n\t"                                                                    \
    "adoxq %[lo], %[t0]\n\t"                                                                             \
    "adcxq %[hi], %[t1]\n\t"                                                                             \
    "mulxq 8(%[b]), %[lo], %[hi]\n\t"                                                                    \
    "adoxq %[lo], %[t1]\n\t"                                                                             \
    "adcxq %[hi], %[t2]\n\t"                                                                             \
    "mulxq 16(%[b]), %[lo], %[hi]\n\t"                                                                   \
    "adoxq %[lo], %[t2]\n\t"                                                                             \
    "adcxq %[hi], %[t3]\n\t"                                                                             \
    "mulxq 24(%[b]), %[lo], %[t4]\n\t"                                                                   \
    "adoxq %[lo], %[t3]\n\t"                                                                             \
    "adcxq %%rax, %[t4]\n\t"                                                                             \
    "adoxq %%rax, %[t4]\n\t"                                                                             \
    "movq %[t0], %%rdx\n\t"                                                                              \
    "imulq %[inv], %%rdx\n\t"                                                                            \
    "xorl %%eax, %%eax\n\t"                                                                              \
    "mulxq 0(%[p]), %[lo], %[hi]\n\t"                                                                    \
    "adoxq %[lo], %[t0]\n\t"                                                                             \
    "adcxq %[hi], %[t1]\n\t"                                                                             \
    "mulxq 8(%[p]), %[lo], %[hi]\n\t"                                                                    \
    "adoxq %[lo], %[t1]\n\t"                                                                             \
    "adcxq %[hi], %[t2]\n\t"                                                                             \
    "mulxq 16(%[p]), %[lo], %[hi]\n\t"                                                                   \
    "adoxq %[lo], %[t2]\n\t"                                                                             \
    "adcxq %[hi], %[t3]\n\t"                                                                             \
    "mulxq 24(%[p]), %[lo], %[hi]\n\t"                                                                   \
    "adoxq %[lo], %[t3]\n\t"                                                                             \
    "adcxq %[hi], %[t4]\n\t"                                                                             \
    "adoxq %%rax, %[t4]\n\t"                                                                             \
    "movq %[t1], %[t0]\n\t"                                                                              \
    "movq %[t2], %[t1]\n\t"                                                                              \
    "movq %[t3], %[t2]\n\t"                                                                              \
    "movq %[t4], %[t3]\n\t"

/* t = a*b/R mod p, not yet reduced: t < 2p. */
static inline void mont4_mul_adx_unreduced(uint64_t t[4], const uint64_t a[4], const uint64_t b[4],
                                           const uint64_t p[4], uint64_t inv)
{
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4, lo, hi;
#define MONT4_ADX_OUTPUTS                                                                                \
    [t0] "+&r"(t0), [t1] "+&r"(t1), [t2] "+&r"(t2), [t3] "+&r"(t3), [t4] "=&r"(t4), [lo] "=&r"(lo), [hi] "=&r"(hi)
#define MONT4_ADX_INPUTS [a] "r"(a), [b] "r"(b), [p] "r"(p), [inv] "rm"(inv)
#ifdef __OPTIMIZE__
    /* the limbs read through the pointers, declared so the compiler keeps them in memory, and nothing else */
    __asm__(MONT4_ADX_ROUND("0") MONT4_ADX_ROUND("8") MONT4_ADX_ROUND("16") MONT4_ADX_ROUND("24")
            : MONT4_ADX_OUTPUTS
            : MONT4_ADX_INPUTS, "m"(*(const uint64_t(*)[4])a), "m"(*(const uint64_t(*)[4])b),
              "m"(*(const uint64_t(*)[4])p)
            : "rax", "rdx", "cc");
#else
    /* unoptimised builds (the sanitizer build) give each memory operand its own register: too many */
    __asm__(MONT4_ADX_ROUND("0") MONT4_ADX_ROUND("8") MONT4_ADX_ROUND("16") MONT4_ADX_ROUND("24")
            : MONT4_ADX_OUTPUTS
            : MONT4_ADX_INPUTS
            : "rax", "rdx", "cc", "memory");
#endif
#undef MONT4_ADX_OUTPUTS
#undef MONT4_ADX_INPUTS
    t[0] = t0;
    t[1] = t1;
    t[2] = t2;
    t[3] = t3;
}

#undef MONT4_ADX_ROUND
#else
#define MONT4_HAVE_ADX_PATH 0
#endif

#endif
