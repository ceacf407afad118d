/*
 * One width of fr_simd.h (see there), included once per width with FS_LANES,
 * FS_V (vector type), FS_FE (element type name), FS_FN(name) (function
 * names), FS_(op) (intrinsic with the width prefix), FS_AND, FS_OR, FS_SET1,
 * FS_SET_LANES (a vector from an array of FS_LANES 64-bit values) and
 * FS_STOREU defined.
 */

/* FS_LANES field elements: limb k of every lane in l[k] */
typedef struct {
    FS_V l[5];
} FS_FE;

/* lane i from x[i] (five 52-bit limbs each) */
FR_SIMD_TARGET static inline FS_FE FS_FN(set)(const uint64_t x[FS_LANES][5])
{
    FS_FE r;
    for (int k = 0; k < 5; k++) {
        uint64_t v[FS_LANES];
        for (int i = 0; i < FS_LANES; i++)
            v[i] = x[i][k];
        r.l[k] = FS_SET_LANES(v);
    }
    return r;
}

/*
 * Lane i from the four 64-bit limbs at x[i] (any address; an fr_t's or an
 * fq_t's), times 2^shift (shift < 5). Assembled from 64-bit loads: the
 * operands are usually fresh scalar stores, which a wide load could not take
 * by store forwarding.
 */
FR_SIMD_TARGET static inline FS_FE FS_FN(gather_limbs)(const uint64_t *const x[FS_LANES], int shift)
{
    const FS_V m = FS_SET1((1ULL << 52) - 1);
    FS_V v[4];
    for (int k = 0; k < 4; k++) {
        uint64_t w[FS_LANES];
        for (int i = 0; i < FS_LANES; i++)
            w[i] = x[i][k];
        v[k] = FS_SET_LANES(w);
    }
    FS_FE r;
    r.l[0] = FS_AND(v[0], m);
    r.l[1] = FS_AND(FS_OR(FS_(srli_epi64)(v[0], 52), FS_(slli_epi64)(v[1], 12)), m);
    r.l[2] = FS_AND(FS_OR(FS_(srli_epi64)(v[1], 40), FS_(slli_epi64)(v[2], 24)), m);
    r.l[3] = FS_AND(FS_OR(FS_(srli_epi64)(v[2], 28), FS_(slli_epi64)(v[3], 36)), m);
    r.l[4] = FS_(srli_epi64)(v[3], 16);
    if (shift) {
        for (int k = 0; k < 5; k++)
            r.l[k] = FS_(slli_epi64)(r.l[k], (unsigned)shift);
        for (int k = 0; k < 4; k++) {
            r.l[k + 1] = FS_(add_epi64)(r.l[k + 1], FS_(srli_epi64)(r.l[k], 52));
            r.l[k] = FS_AND(r.l[k], m);
        }
    }
    return r;
}

/* lane i from the fr_t *x[i] */
FR_SIMD_TARGET static inline FS_FE FS_FN(gather)(const fr_t *const x[FS_LANES], int shift)
{
    const uint64_t *limbs[FS_LANES];
    for (int i = 0; i < FS_LANES; i++)
        limbs[i] = x[i]->limb;
    return FS_FN(gather_limbs)(limbs, shift);
}

/* every lane's five 52-bit limbs */
FR_SIMD_TARGET static inline void FS_FN(lanes)(uint64_t out[FS_LANES][5], const FS_FE *a)
{
    uint64_t v[5][FS_LANES];
    for (int k = 0; k < 5; k++)
        FS_STOREU(v[k], a->l[k]);
    for (int i = 0; i < FS_LANES; i++)
        for (int k = 0; k < 5; k++)
            out[i][k] = v[k][i];
}

/* the five 52-bit limbs of lane j */
FR_SIMD_TARGET static inline void FS_FN(lane)(uint64_t out[5], const FS_FE *a, int j)
{
    for (int k = 0; k < 5; k++) {
        uint64_t v[FS_LANES];
        FS_STOREU(v, a->l[k]);
        out[k] = v[j];
    }
}

/* limbs back to 52 bits; the shift is arithmetic, so a limb may have gone negative in a difference */
FR_SIMD_TARGET static inline void FS_FN(normalise)(FS_FE *a)
{
    const FS_V m = FS_SET1((1ULL << 52) - 1);
    for (int k = 0; k < 4; k++) {
        a->l[k + 1] = FS_(add_epi64)(a->l[k + 1], FS_(srai_epi64)(a->l[k], 52));
        a->l[k] = FS_AND(a->l[k], m);
    }
}

FR_SIMD_TARGET static inline FS_FE FS_FN(add)(const FS_FE *a, const FS_FE *b)
{
    FS_FE r;
    for (int k = 0; k < 5; k++)
        r.l[k] = FS_(add_epi64)(a->l[k], b->l[k]);
    FS_FN(normalise)(&r);
    return r;
}

FR_SIMD_TARGET static inline FS_FE FS_FN(permute)(const FS_FE *a, FS_V idx)
{
    FS_FE r;
    for (int k = 0; k < 5; k++)
        r.l[k] = FS_(permutexvar_epi64)(idx, a->l[k]);
    return r;
}

/* every lane holds lane j of a */
FR_SIMD_TARGET static inline FS_FE FS_FN(broadcast)(const FS_FE *a, int j)
{
    return FS_FN(permute)(a, FS_SET1(j));
}

/* lanes of take_b from b, the others from a */
FR_SIMD_TARGET static inline FS_FE FS_FN(blend)(__mmask8 take_b, const FS_FE *a, const FS_FE *b)
{
    FS_FE r;
    for (int k = 0; k < 5; k++)
        r.l[k] = FS_(mask_blend_epi64)(take_b, a->l[k], b->l[k]);
    return r;
}

/*
 * Lane by lane, sum over j < m of a[j] b[j] (m <= FR_SIMD_MAX_TERMS), one
 * Montgomery reduction by 2^260 (full_digits) or 2^256, modulo mod (Fr or
 * Fq: any modulus below 2^254 whose 52-bit limbs the kernel can hold). Inputs: normalised
 * limbs, values below 2^260. Output normalised, below (sum a b) / R + p.
 *
 * The 10 product columns are accumulated unreduced, low and high halves
 * apart (short dependency chains; at most 10 m terms below 2^52 each), then
 * reduced digit by digit: m_i = t_i (-p^-1) mod 2^52, t += m_i p 2^(52 i).
 * Adding lo(m_i p_0) clears t_i's low 52 bits, so the carry out of column i
 * is (t_i + 2^52 - 1) >> 52, known before m_i: the only serial chain is
 * m_i -> column i + 1 -> m_(i+1). With a 48-bit last digit the result is
 * V / 2^48 for V = t_4 + t_5 2^52 + ..., re-cut into 52-bit limbs.
 */
FR_SIMD_TARGET static inline FS_FE FS_FN(mont_mod)(const FS_FE *a, const FS_FE *b, int m, bool full_digits,
                                                   const mont4_modulus *mod)
{
    const FS_V zero = FS_SET1(0);
    const FS_V m52 = FS_SET1((1ULL << 52) - 1);
    const FS_V inv = FS_SET1(mod->inv & ((1ULL << 52) - 1));
    uint64_t p52[5];
    fr_simd_to_radix52(p52, mod->p);
    FS_V p[5];
    for (int i = 0; i < 5; i++)
        p[i] = FS_SET1(p52[i]);

    FS_V lo[10], hi[10], t[10];
    for (int k = 0; k < 10; k++)
        lo[k] = hi[k] = zero;
    for (int j = 0; j < m; j++)
        for (int i = 0; i < 5; i++)
            for (int k = 0; k < 5; k++) {
                lo[i + k] = FS_(madd52lo_epu64)(lo[i + k], a[j].l[i], b[j].l[k]);
                hi[i + k + 1] = FS_(madd52hi_epu64)(hi[i + k + 1], a[j].l[i], b[j].l[k]);
            }
    for (int k = 0; k < 10; k++)
        t[k] = FS_(add_epi64)(lo[k], hi[k]);

    for (int i = 0; i < 5; i++) {
        FS_V mi = FS_(madd52lo_epu64)(zero, t[i], inv);
        if (i == 4 && !full_digits) {
            /* a 48-bit digit: t_4 keeps its upper bits for the cut below */
            mi = FS_AND(mi, FS_SET1((1ULL << 48) - 1));
            t[4] = FS_(madd52lo_epu64)(t[4], mi, p[0]);
            t[5] = FS_(add_epi64)(FS_(madd52hi_epu64)(t[5], mi, p[0]), FS_(madd52lo_epu64)(zero, mi, p[1]));
        } else {
            const FS_V carry = FS_(srli_epi64)(FS_(add_epi64)(t[i], m52), 52);
            const FS_V next_lo = FS_(madd52lo_epu64)(zero, mi, p[1]);
            t[i + 1] = FS_(add_epi64)(FS_(madd52hi_epu64)(FS_(add_epi64)(t[i + 1], carry), mi, p[0]), next_lo);
        }
        for (int j = 2; j < 5; j++)
            t[i + j] = FS_(madd52lo_epu64)(t[i + j], mi, p[j]);
        for (int j = 1; j < 5; j++)
            t[i + j + 1] = FS_(madd52hi_epu64)(t[i + j + 1], mi, p[j]);
    }
    FS_FE r;
    if (full_digits) {
        for (int k = 5; k < 9; k++) {
            t[k + 1] = FS_(add_epi64)(t[k + 1], FS_(srli_epi64)(t[k], 52));
            r.l[k - 5] = FS_AND(t[k], m52);
        }
        r.l[4] = t[9];
        return r;
    }
    for (int k = 4; k < 9; k++) {
        t[k + 1] = FS_(add_epi64)(t[k + 1], FS_(srli_epi64)(t[k], 52));
        t[k] = FS_AND(t[k], m52);
    }
    for (int k = 0; k < 5; k++)
        r.l[k] = FS_AND(FS_OR(FS_(srli_epi64)(t[4 + k], 48), FS_(slli_epi64)(t[5 + k], 4)), m52);
    return r;
}

/* fe*_mont_mod modulo Fr */
FR_SIMD_TARGET static inline FS_FE FS_FN(mont)(const FS_FE *a, const FS_FE *b, int m, bool full_digits)
{
    return FS_FN(mont_mod)(a, b, m, full_digits, &FR_MODULUS);
}
