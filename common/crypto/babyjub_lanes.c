/*
 * Point arithmetic of the a = -1 model with the four coordinates of a point
 * in the four lanes of AVX-512 IFMA vectors (see babyjub_lanes.h). The
 * layout follows the idea of Hisil-Wong-Carter-Dawson's parallel formulas
 * as curve25519-dalek's IFMA backend uses it: every doubling or addition is
 * two vector products of four lanes, with the sums and differences between
 * them done as lane broadcasts and masked additions.
 *
 * Field elements: 5 limbs of 52 bits per lane, in a Montgomery domain of
 * its own, R' = 2^260 (five whole 52-bit digits): the field element z is the
 * integer z R' mod p, which is the fr_t representation (z 2^256) times 16.
 * Values are kept below 9p, not reduced: for inputs below 9p a product is
 * below 81 p^2 / 2^260 + p < 1.97 p (p < 2^253.6), so every product output
 * is below 2p and the sums formed from them stay below 8p. Differences add a
 * multiple of p first (2p or 4p) so that they are never negative; limbs are
 * renormalised to 52 bits (signed carries) before every product.
 * Zero and equality are tested once at the end, after full reduction; both
 * are unaffected by the factor 16 between the domains.
 */
#include "babyjub_lanes.h"

#include <stdlib.h>
#include <string.h>

#include "fr_simd.h"

#if FR_SIMD_X86

#define LANES_TARGET FR_SIMD_TARGET
#define TABLE_ALIGN 32


bool bj_lanes_supported(void)
{
    return fr_simd_available();
}

/* the field element z in the R' domain: the fr_t of 16 z, as five 52-bit limbs */
static void to_domain(uint64_t out[5], const fr_t *z)
{
    fr_t sixteen, v;
    fr_from_u64(&sixteen, 16);
    fr_mul(&v, z, &sixteen);
    fr_simd_to_radix52(out, v.limb);
}

/* four lanes from four radix-52 values */
LANES_TARGET static fe4 fe4_of(const uint64_t a[5], const uint64_t b[5], const uint64_t c[5], const uint64_t d[5])
{
    uint64_t x[4][5];
    memcpy(x[0], a, sizeof x[0]);
    memcpy(x[1], b, sizeof x[1]);
    memcpy(x[2], c, sizeof x[2]);
    memcpy(x[3], d, sizeof x[3]);
    return fe4_set(x);
}

/* k p in normalised 52-bit limbs, k <= 8 */
static void multiple_of_p(uint64_t out[5], unsigned k)
{
    uint64_t p52[5], carry = 0;
    fr_simd_to_radix52(p52, FR_MODULUS.p);
    for (int i = 0; i < 5; i++) {
        const uint64_t v = p52[i] * k + carry;
        out[i] = v & ((1ULL << 52) - 1);
        carry = v >> 52;
    }
}

/* per-lane multiples of p, e.g. (2p, 0, 2p, 2p) */
LANES_TARGET static fe4 p_multiples(unsigned k0, unsigned k1, unsigned k2, unsigned k3)
{
    uint64_t a[5], b[5], c[5], d[5];
    multiple_of_p(a, k0);
    multiple_of_p(b, k1);
    multiple_of_p(c, k2);
    multiple_of_p(d, k3);
    return fe4_of(a, b, c, d);
}

/* a product in the R' domain, below 2p for inputs below 9p */
LANES_TARGET static inline fe4 mul(const fe4 *a, const fe4 *b)
{
    return fe4_mont(a, b, 1, true);
}

LANES_TARGET static inline fe4 permute(const fe4 *a, int l0, int l1, int l2, int l3)
{
    return fe4_permute(a, _mm256_set_epi64x(l3, l2, l1, l0));
}

/* r += src in the lanes of plus, twice in the lanes of twice, r -= src in the lanes of minus */
typedef struct {
    __mmask8 plus, twice, minus;
} lane_coef;

LANES_TARGET static inline void add_scaled(fe4 *r, const fe4 *src, lane_coef c)
{
    for (int k = 0; k < 5; k++) {
        if (c.plus)
            r->l[k] = _mm256_mask_add_epi64(r->l[k], c.plus, r->l[k], src->l[k]);
        if (c.twice)
            r->l[k] = _mm256_mask_add_epi64(r->l[k], c.twice, r->l[k], src->l[k]);
        if (c.minus)
            r->l[k] = _mm256_mask_sub_epi64(r->l[k], c.minus, r->l[k], src->l[k]);
    }
}

/*
 * bias + sum of coef[s] * (lane s of v, in every lane), renormalised. The
 * four-lane result of a product feeds the next product through this.
 */
LANES_TARGET static inline fe4 combine(const fe4 *v, const fe4 *bias, const lane_coef coef[4])
{
    fe4 r = *bias;
    for (int s = 0; s < 4; s++) {
        if (!coef[s].plus && !coef[s].minus)
            continue;
        const fe4 b = fe4_broadcast(v, s);
        add_scaled(&r, &b, coef[s]);
    }
    fe4_normalise(&r);
    return r;
}

/* constants of one check: biases and the multiplier that turns (Y-X, Y+X, T, Z) into a cached entry */
typedef struct {
    fe4 bias_dbl_l, bias_dbl_r, bias_add_in, bias_add_l, bias_add_r, two_p;
    fe4 cache_mul; /* (1, 1, 2d', 2) in the R' domain */
    fe4 identity;  /* (0, 1, 1, 0) */
} lane_consts;

/* Built once per curve and base point (allocated TABLE_ALIGN-aligned: it holds vectors). */
struct bj_lanes_table {
    lane_consts k;
    fe4 *base, *base_hi; /* (y - x, y + x, 2 d' x y, 2) of the odd multiples, R' domain */
};

/*
 * The second half of a doubling or an addition: from the first product's
 * four lanes, the operands (E, G, F, E) and (F, H, G, H) as combinations of
 * them, and their product (E F, G H, F G, E H) = (X3, Y3, Z3, T3).
 */
LANES_TARGET static inline fe4 second_product(const fe4 *first, const fe4 *bias_left, const lane_coef left[4],
                                              const fe4 *bias_right, const lane_coef right[4])
{
    const fe4 l = combine(first, bias_left, left);
    const fe4 r = combine(first, bias_right, right);
    return mul(&l, &r);
}

/*
 * dbl-2008-hwcd, a = -1, as in babyjub_dual.c's m1_dbl: (A, B, C, E') = (X^2, Y^2, Z^2, (X+Y)^2),
 * H = A + B, E = E' - H, G = B - A, F = 2C - G; result (E F, G H, F G, E H).
 */
LANES_TARGET static inline fe4 dbl(const fe4 *pt, const lane_consts *k)
{
    fe4 in = permute(pt, 0, 1, 2, 0);
    const fe4 y = fe4_broadcast(pt, 1);
    add_scaled(&in, &y, (lane_coef){0x8, 0, 0});
    fe4_normalise(&in);
    const fe4 sq = mul(&in, &in);
    /* sources A, B, C, E' */
    static const lane_coef left[4] = {{0x4, 0, 0xb}, {0x2, 0, 0xd}, {0x4, 0x4, 0}, {0x9, 0, 0}};
    static const lane_coef right[4] = {{0xb, 0, 0x4}, {0xe, 0, 0x1}, {0x1, 0x1, 0}, {0, 0, 0}};
    return second_product(&sq, &k->bias_dbl_l, left, &k->bias_dbl_r, right);
}

/* (Y - X, Y + X, T, Z) of a point, the left operand of an addition's first product */
LANES_TARGET static inline fe4 add_input(const fe4 *pt, const lane_consts *k)
{
    fe4 in = permute(pt, 1, 1, 3, 2);
    const fe4 x = fe4_broadcast(pt, 0);
    add_scaled(&in, &x, (lane_coef){0x2, 0, 0x1});
    add_scaled(&in, &k->bias_add_in, (lane_coef){0x1, 0, 0});
    fe4_normalise(&in);
    return in;
}

/*
 * add-2008-hwcd-3, a = -1, as m1_add: (A, B, C, D) = (Y-X, Y+X, T, Z) * entry,
 * E = B - A, F = D - C, G = D + C, H = B + A; result (E F, G H, F G, E H).
 */
LANES_TARGET static inline fe4 add(const fe4 *pt, const fe4 *entry, const lane_consts *k)
{
    const fe4 in = add_input(pt, k);
    const fe4 abcd = mul(&in, entry);
    /* sources A, B, C, D */
    static const lane_coef left[4] = {{0, 0, 0x9}, {0x9, 0, 0}, {0x2, 0, 0x4}, {0x6, 0, 0}};
    static const lane_coef right[4] = {{0xa, 0, 0}, {0xa, 0, 0}, {0x4, 0, 0x1}, {0x5, 0, 0}};
    return second_product(&abcd, &k->bias_add_l, left, &k->bias_add_r, right);
}

/* the entry of -P from that of P: swap y - x with y + x, negate 2 d' T */
LANES_TARGET static inline fe4 negate_entry(const fe4 *e, const lane_consts *k)
{
    fe4 r = permute(e, 1, 0, 2, 3);
    for (int j = 0; j < 5; j++)
        r.l[j] = _mm256_mask_sub_epi64(r.l[j], 0x4, k->two_p.l[j], r.l[j]);
    fe4_normalise(&r);
    return r;
}

LANES_TARGET static inline fe4 cached(const fe4 *pt, const lane_consts *k)
{
    const fe4 in = add_input(pt, k);
    return mul(&in, &k->cache_mul);
}

LANES_TARGET static void make_consts(lane_consts *k, const fr_t *d2)
{
    k->bias_dbl_l = p_multiples(4, 2, 2, 4);
    k->bias_dbl_r = p_multiples(2, 0, 2, 0);
    k->bias_add_in = p_multiples(2, 2, 2, 2); /* lane 0 only is added */
    k->bias_add_l = p_multiples(2, 0, 2, 2);
    k->bias_add_r = p_multiples(2, 0, 0, 0);
    k->two_p = p_multiples(2, 2, 2, 2);
    fr_t one, two;
    fr_set_one(&one);
    fr_from_u64(&two, 2);
    uint64_t o[5], d[5], w[5], z[5] = {0, 0, 0, 0, 0};
    to_domain(o, &one);
    to_domain(d, d2);
    to_domain(w, &two);
    k->cache_mul = fe4_of(o, o, d, w);
    k->identity = fe4_of(z, o, o, z);
}

/* an affine point of the a = -1 model as (x, y, 1, x y) in the R' domain */
LANES_TARGET static fe4 point_from_affine(const fr_t *x, const fr_t *y)
{
    fr_t one, t;
    fr_set_one(&one);
    fr_mul(&t, x, y);
    uint64_t a[5], b[5], c[5], d[5];
    to_domain(a, x);
    to_domain(b, y);
    to_domain(c, &one);
    to_domain(d, &t);
    return fe4_of(a, b, c, d);
}

#define VAR_ENTRIES 8 /* odd multiples 1..15: width-5 digits */

LANES_TARGET static void odd_multiples(fe4 out[VAR_ENTRIES], const fe4 *p1, const lane_consts *k)
{
    const fe4 p2 = dbl(p1, k);
    const fe4 c2 = cached(&p2, k);
    fe4 acc = *p1;
    out[0] = cached(&acc, k);
    for (int i = 1; i < VAR_ENTRIES; i++) {
        acc = add(&acc, &c2, k);
        out[i] = cached(&acc, k);
    }
}

LANES_TARGET static void fill_table(fe4 *e, const fr_t *entries, int n)
{
    fr_t two;
    fr_from_u64(&two, 2);
    uint64_t w[5];
    to_domain(w, &two);
    for (int i = 0; i < n; i++) {
        uint64_t a[5], b[5], c[5];
        to_domain(a, &entries[3 * i]);
        to_domain(b, &entries[3 * i + 1]);
        to_domain(c, &entries[3 * i + 2]);
        e[i] = fe4_of(a, b, c, w);
    }
}

LANES_TARGET static void fill(bj_lanes_table *t, const fr_t *base, const fr_t *base_hi, int n, const fr_t *d2)
{
    make_consts(&t->k, d2);
    fill_table(t->base, base, n);
    fill_table(t->base_hi, base_hi, n);
}

static size_t aligned_size(size_t bytes)
{
    return (bytes + TABLE_ALIGN - 1) / TABLE_ALIGN * TABLE_ALIGN;
}

/* not compiled for AVX-512 itself: it must be callable, and say no, on any x86-64 */
bj_lanes_table *bj_lanes_table_new(const fr_t *base, const fr_t *base_hi, int n, const fr_t *d2)
{
    if (!bj_lanes_supported())
        return NULL;
    bj_lanes_table *t = aligned_alloc(TABLE_ALIGN, aligned_size(sizeof *t));
    fe4 *e = aligned_alloc(TABLE_ALIGN, aligned_size(2 * sizeof(fe4) * (size_t)n));
    if (!t || !e) {
        free(t);
        free(e);
        return NULL;
    }
    t->base = e;
    t->base_hi = e + n;
    fill(t, base, base_hi, n, d2);
    return t;
}

void bj_lanes_table_free(bj_lanes_table *t)
{
    if (!t)
        return;
    free(t->base);
    free(t);
}

/* lane j of a as a fully reduced fr_t-sized integer (values below 2p) */
LANES_TARGET static void lane_value(uint64_t out[4], const fe4 *a, int j)
{
    uint64_t limbs[5];
    fe4_lane(limbs, a, j);
    fr_simd_from_radix52(out, limbs);
    mont4_reduce_once(out, out, &FR_MODULUS);
}

LANES_TARGET bool bj_lanes_joint_is_identity(const bj_lanes_job *job)
{
    const lane_consts *k = &job->table->k;
    fe4 tq[VAR_ENTRIES], tp[VAR_ENTRIES];
    const fe4 q1 = point_from_affine(&job->q_x, &job->q_y);
    const fe4 p1 = point_from_affine(&job->p_x, &job->p_y);
    odd_multiples(tq, &q1, k);
    odd_multiples(tp, &p1, k);

    int n = 0;
    for (int s = 0; s < 4; s++)
        n = job->n_digits[s] > n ? job->n_digits[s] : n;
    /* the sign each stream's digit is applied with */
    const int sign[4] = {1, 1, -1, job->p_sign};
    const fe4 *table[4] = {job->table->base, job->table->base_hi, tq, tp};

    fe4 acc = k->identity;
    bool started = false;
    for (int i = n - 1; i >= 0; i--) {
        if (started)
            acc = dbl(&acc, k);
        for (int s = 0; s < 4; s++) {
            const int d = i < job->n_digits[s] ? job->digits[s][i] * sign[s] : 0;
            if (!d)
                continue;
            const fe4 *e = &table[s][(d < 0 ? -d : d) >> 1];
            if (d < 0) {
                const fe4 ne = negate_entry(e, k);
                acc = add(&acc, &ne, k);
            } else {
                acc = add(&acc, e, k);
            }
            started = true;
        }
    }
    /* the identity (0 : 1 : 1 : 0): X == 0 and Y == Z modulo p */
    uint64_t x[4], y[4], z[4];
    lane_value(x, &acc, 0);
    lane_value(y, &acc, 1);
    lane_value(z, &acc, 2);
    return (x[0] | x[1] | x[2] | x[3]) == 0 && memcmp(y, z, sizeof y) == 0;
}

#else

bool bj_lanes_supported(void)
{
    return false;
}

bj_lanes_table *bj_lanes_table_new(const fr_t *base, const fr_t *base_hi, int n, const fr_t *d2)
{
    (void)base;
    (void)base_hi;
    (void)n;
    (void)d2;
    return NULL;
}

void bj_lanes_table_free(bj_lanes_table *t)
{
    (void)t;
}

bool bj_lanes_joint_is_identity(const bj_lanes_job *job)
{
    (void)job;
    return false;
}

#endif
