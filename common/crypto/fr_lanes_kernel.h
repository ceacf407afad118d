/*
 * The IFMA Montgomery kernel of fr_lanes.c, written once and instantiated
 * for 256-bit vectors (four lanes: cheapest for the point formulas' rounds
 * of four) and 512-bit vectors (eight lanes, for Poseidon). Private to
 * fr_lanes.c. Before including, define:
 *   LK_NAME        the kernel's function name (always inlined: the callers in
 *                  fr_lanes.c fix n and m where they can, and the loops unroll)
 *   LK_LANES       4 or 8
 *   LK_V           the vector type (__m256i, __m512i)
 *   LK_(op)        the intrinsic for op with the width prefix (_mm256_op, _mm512_op);
 *   LK_AND, LK_OR  the bitwise ones, whose names also carry the width
 *   LK_SET1(x)     broadcast a 64-bit value
 *   LK_SET_LIMB(x, k)  limb k of the LK_LANES elements x[0..] as one vector,
 *                  from 64-bit loads (see load_limbs in fr_lanes.c)
 *   LK_STORE_ROWS(r, v, n)  columns v[0..3] back to the first n of r[]
 *
 * Algorithm. Every vector holds one limb of all the lanes' elements, re-cut
 * into 5 limbs of 52 bits (the width vpmadd52{lo,hi}uq multiply). The 10
 * product columns of all m products of a lane are accumulated unreduced
 * (at most 10 m terms below 2^52 each: below 2^58 for m <= FR_DOT_MAX_TERMS),
 * then Montgomery-reduced digit by digit:
 * m = t_i * (-p^-1) mod 2^52 and t += m p 2^(52 i). fr_t's Montgomery radix
 * is 2^256 = 2^(4*52 + 48), so the fifth digit is 48 bits wide and results
 * equal fr_mul's; t / 2^256 < 2p is cut back into 64-bit limbs and reduced
 * below p in the lanes.
 */

#define LK_MASK52 ((1ULL << 52) - 1)
#define LK_MASK48 ((1ULL << 48) - 1)

/*
 * r[i] = sum over j < m of a[i m + j] * b[i m + j], i < n; lanes n.. repeat lane 0's operands and
 * are not stored. The m products of a lane are summed before the one reduction.
 */
FR_LANES_TARGET static inline __attribute__((always_inline)) void LK_NAME(fr_t *const r[], const fr_t *const a[],
                                                                         const fr_t *const b[], int n, int m)
{
    const LK_V m52 = LK_SET1(LK_MASK52);
    const LK_V zero = LK_SET1(0);
    LK_V p[5], t[10], v[4];

    /* product columns; low and high halves in separate accumulators keep the dependency chains short */
    LK_V lo[10], hi[10];
    for (int k = 0; k < 10; k++)
        lo[k] = hi[k] = zero;
    for (int j = 0; j < m; j++) {
        const fr_t *la[LK_LANES], *lb[LK_LANES];
        for (int i = 0; i < LK_LANES; i++) {
            la[i] = a[(i < n ? i : 0) * m + j];
            lb[i] = b[(i < n ? i : 0) * m + j];
        }
        LK_V x[5], y[5];
        for (int k = 0; k < 4; k++)
            v[k] = LK_SET_LIMB(la, k);
        x[0] = LK_AND(v[0], m52);
        x[1] = LK_AND(LK_OR(LK_(srli_epi64)(v[0], 52), LK_(slli_epi64)(v[1], 12)), m52);
        x[2] = LK_AND(LK_OR(LK_(srli_epi64)(v[1], 40), LK_(slli_epi64)(v[2], 24)), m52);
        x[3] = LK_AND(LK_OR(LK_(srli_epi64)(v[2], 28), LK_(slli_epi64)(v[3], 36)), m52);
        x[4] = LK_(srli_epi64)(v[3], 16);
        if (a == b) {
            for (int i = 0; i < 5; i++)
                y[i] = x[i];
        } else {
            for (int k = 0; k < 4; k++)
                v[k] = LK_SET_LIMB(lb, k);
            y[0] = LK_AND(v[0], m52);
            y[1] = LK_AND(LK_OR(LK_(srli_epi64)(v[0], 52), LK_(slli_epi64)(v[1], 12)), m52);
            y[2] = LK_AND(LK_OR(LK_(srli_epi64)(v[1], 40), LK_(slli_epi64)(v[2], 24)), m52);
            y[3] = LK_AND(LK_OR(LK_(srli_epi64)(v[2], 28), LK_(slli_epi64)(v[3], 36)), m52);
            y[4] = LK_(srli_epi64)(v[3], 16);
        }
        for (int i = 0; i < 5; i++)
            for (int k = 0; k < 5; k++) {
                lo[i + k] = LK_(madd52lo_epu64)(lo[i + k], x[i], y[k]);
                hi[i + k + 1] = LK_(madd52hi_epu64)(hi[i + k + 1], x[i], y[k]);
            }
    }
    for (int k = 0; k < 10; k++)
        t[k] = LK_(add_epi64)(lo[k], hi[k]);
    for (int i = 0; i < 5; i++)
        p[i] = LK_SET1(modulus_limb52(i));
    const LK_V inv = LK_SET1(FR_MODULUS.inv & LK_MASK52);

    /*
     * Reduction. Adding lo(m p_0) clears t_i's low 52 bits, so the carry out of column i is
     * (t_i >> 52) + (t_i mod 2^52 != 0) = (t_i + 2^52 - 1) >> 52, known before m is: the only
     * serial chain is m_i -> column i + 1 -> m_(i+1).
     */
    for (int i = 0; i < 5; i++) {
        LK_V m = LK_(madd52lo_epu64)(zero, t[i], inv);
        if (i < 4) {
            const LK_V carry = LK_(srli_epi64)(LK_(add_epi64)(t[i], m52), 52);
            const LK_V next_lo = LK_(madd52lo_epu64)(zero, m, p[1]);
            t[i + 1] = LK_(add_epi64)(LK_(madd52hi_epu64)(LK_(add_epi64)(t[i + 1], carry), m, p[0]), next_lo);
        } else {
            /* the 48-bit digit leaves t_4's low 48 bits zero, not 52: keep t_4 itself for the cut below */
            m = LK_AND(m, LK_SET1(LK_MASK48));
            t[4] = LK_(madd52lo_epu64)(t[4], m, p[0]);
            t[5] = LK_(add_epi64)(LK_(madd52hi_epu64)(t[5], m, p[0]), LK_(madd52lo_epu64)(zero, m, p[1]));
        }
        for (int j = 1; j < 5; j++) {
            if (j > 1)
                t[i + j] = LK_(madd52lo_epu64)(t[i + j], m, p[j]);
            t[i + j + 1] = LK_(madd52hi_epu64)(t[i + j + 1], m, p[j]);
        }
    }
    /* u_k = t_{4+k} with carries propagated: 52-bit limbs of V, where V / 2^48 is the result (V's low 48 bits are 0) */
    for (int k = 4; k < 9; k++) {
        t[k + 1] = LK_(add_epi64)(t[k + 1], LK_(srli_epi64)(t[k], 52));
        t[k] = LK_AND(t[k], m52);
    }
    const LK_V *u = t + 4;
    v[0] = LK_OR(LK_OR(LK_(srli_epi64)(u[0], 48), LK_(slli_epi64)(u[1], 4)), LK_(slli_epi64)(u[2], 56));
    v[1] = LK_OR(LK_(srli_epi64)(u[2], 8), LK_(slli_epi64)(u[3], 44));
    v[2] = LK_OR(LK_(srli_epi64)(u[3], 20), LK_(slli_epi64)(u[4], 32));
    v[3] = LK_OR(LK_(srli_epi64)(u[4], 32), LK_(slli_epi64)(u[5], 20));

    /*
     * The sum of m products is below m p^2, so the result is below (m p / 2^256 + 1) p < (m / 4 + 1) p:
     * subtract p, where that does not go below zero, m / 4 + 1 times. Borrow out of limb k: v < p,
     * or v == p with a borrow in.
     */
    const LK_V one = LK_SET1(1);
    for (int round = 0; round <= m / 4; round++) {
        LK_V d[4];
        __mmask8 borrow = 0;
        for (int k = 0; k < 4; k++) {
            const LK_V pk = LK_SET1(FR_MODULUS.p[k]);
            const LK_V diff = LK_(sub_epi64)(v[k], pk);
            const __mmask8 lt = LK_(cmplt_epu64_mask)(v[k], pk);
            const __mmask8 eq = LK_(cmpeq_epu64_mask)(v[k], pk);
            d[k] = LK_(mask_sub_epi64)(diff, borrow, diff, one);
            borrow = (__mmask8)(lt | (eq & borrow));
        }
        for (int k = 0; k < 4; k++)
            v[k] = LK_(mask_blend_epi64)(borrow, d[k], v[k]);
    }
    LK_STORE_ROWS(r, v, n);
}

#undef LK_MASK52
#undef LK_MASK48
