/*
 * Left-to-right scan with a carry: a position whose bit equals the carry
 * contributes nothing (0 + 0, or 1 + 1 passing the carry on); otherwise the
 * next w bits plus the carry form an odd window, taken as a negative digit
 * (and a carry into position + w) when it is 2^(w-1) or more. Runs of zeros
 * cost one test per bit and each digit one window read, instead of a
 * multi-limb shift per bit.
 */
#include "wnaf.h"

#include <string.h>

static unsigned bit_at(const uint64_t *k, int n_limbs, int pos)
{
    const int limb = pos / 64;
    return limb < n_limbs ? (unsigned)(k[limb] >> (pos % 64)) & 1 : 0;
}

/* w bits from pos, zeros beyond the top limb */
static unsigned window_at(const uint64_t *k, int n_limbs, int pos, int w)
{
    const int limb = pos / 64, off = pos % 64;
    uint64_t v = limb < n_limbs ? k[limb] >> off : 0;
    if (off + w > 64 && limb + 1 < n_limbs)
        v |= k[limb + 1] << (64 - off);
    return (unsigned)v & ((1u << w) - 1);
}

int wnaf_digits(int8_t *digits, const uint64_t *k, int n_limbs, int w)
{
    const int n_bits = 64 * n_limbs;
    memset(digits, 0, (size_t)n_bits + 1);
    unsigned carry = 0;
    int top = -1;
    /* a carry out of the last window lands at most at position n_bits (the scalar is below 2^n_bits) */
    for (int pos = 0; pos < n_bits || (carry && pos <= n_bits);) {
        if (bit_at(k, n_limbs, pos) == carry) {
            pos++;
            continue;
        }
        int word = (int)(window_at(k, n_limbs, pos, w) + carry);
        carry = (unsigned)(word >> (w - 1)) & 1;
        word -= (int)(carry << w);
        digits[pos] = (int8_t)word;
        top = pos;
        pos += w;
    }
    return top + 1;
}
