#include "snark/fft.h"

#include "snark/parallel.h"

#include <stdlib.h>

/*
 * Transforms below this many elements run all their remaining stages inside
 * one cache-resident block per task (2^13 elements = 256 KiB); larger stages
 * run one at a time, split across threads by butterfly.
 */
#define FFT_BLOCK_LOG 13

/*
 * ffjavascript takes the smallest quadratic non-residue of Fr, which is 5
 * (wasm_field1.js: nqr starts at 2 and is incremented until
 * nqr^((p-1)/2) == -1); tests/unit/test_fft.c recomputes it with GMP.
 */
#define FR_SMALLEST_NON_RESIDUE 5

void fft_root_of_unity(fr_t *w, uint32_t log_n)
{
    /* t = (r - 1) / 2^28, the odd part of the group order */
    uint64_t t[4];
    const uint64_t *p = FR_MODULUS.p;
    uint64_t pm1[4] = {p[0] - 1, p[1], p[2], p[3]}; /* p[0] is odd, no borrow */
    for (int i = 0; i < 4; i++)
        t[i] = (pm1[i] >> FR_TWO_ADICITY) | (i < 3 ? pm1[i + 1] << (64 - FR_TWO_ADICITY) : 0);
    fr_t g;
    fr_from_u64(&g, FR_SMALLEST_NON_RESIDUE);
    fr_pow(w, &g, t, 4);
    for (uint32_t k = FR_TWO_ADICITY; k > log_n; k--)
        fr_sqr(w, w);
}

static size_t bit_reverse_index(size_t i, uint32_t bits)
{
    if (bits == 0)
        return 0;
    uint64_t v = i;
    v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
    v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
    v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
    v = __builtin_bswap64(v);
    return (size_t)(v >> (64 - bits));
}

typedef struct {
    fr_t *roots;
    const fr_t *omega;
} roots_job;

static void roots_range(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    roots_job *job = ctx;
    fr_t x;
    uint64_t e[1] = {begin};
    fr_pow(&x, job->omega, e, 1);
    for (size_t k = begin; k < end; k++) {
        job->roots[k] = x;
        fr_mul(&x, &x, job->omega);
    }
}

bool fft_domain_init(fft_domain_t *d, uint32_t log_n, unsigned threads)
{
    d->roots = NULL;
    if (log_n > FFT_MAX_LOG)
        return false;
    d->log_n = log_n;
    d->n = (size_t)1 << log_n;
    fft_root_of_unity(&d->omega, log_n);
    fr_t n_fr;
    fr_from_u64(&n_fr, d->n);
    fr_inv(&d->n_inv, &n_fr);
    size_t half = d->n > 1 ? d->n / 2 : 1;
    d->roots = malloc(half * sizeof(fr_t));
    if (!d->roots)
        return false;
    roots_job job = {d->roots, &d->omega};
    par_for(half, threads, roots_range, &job);
    return true;
}

void fft_domain_free(fft_domain_t *d)
{
    free(d->roots);
    d->roots = NULL;
}

/*
 * The twiddle omega^(-k) is read from the forward table as -omega^(n/2 - k)
 * (omega^(n/2) = -1), so one table serves both directions; the sign is folded
 * into the butterfly by swapping the operands of a subtraction.
 */

/* One DIF butterfly: (x, y) -> (x + y, (x - y) * w^(+-k)). */
static inline void dif_butterfly(fr_t *x, fr_t *y, const fft_domain_t *d, size_t k, bool inverse)
{
    fr_t t;
    if (k == 0) {
        fr_sub(&t, x, y);
        fr_add(x, x, y);
        *y = t;
    } else if (!inverse) {
        fr_sub(&t, x, y);
        fr_add(x, x, y);
        fr_mul(y, &t, &d->roots[k]);
    } else {
        fr_sub(&t, y, x);
        fr_add(x, x, y);
        fr_mul(y, &t, &d->roots[d->n / 2 - k]);
    }
}

/* One DIT butterfly: t = y * w^(+-k); (x, y) -> (x + t, x - t). */
static inline void dit_butterfly(fr_t *x, fr_t *y, const fft_domain_t *d, size_t k, bool inverse)
{
    fr_t t;
    if (k == 0) {
        t = *y;
        fr_sub(y, x, &t);
        fr_add(x, x, &t);
    } else if (!inverse) {
        fr_mul(&t, y, &d->roots[k]);
        fr_sub(y, x, &t);
        fr_add(x, x, &t);
    } else {
        /* t' = y * w^(-k) = -t with t = y * roots[n/2 - k] */
        fr_mul(&t, y, &d->roots[d->n / 2 - k]);
        fr_add(y, x, &t);
        fr_sub(x, x, &t);
    }
}

typedef struct {
    const fft_domain_t *d;
    fr_t *a;
    bool inverse;
    uint32_t log_h; /* stage: butterflies pair elements h = 2^log_h apart */
    uint32_t block_log;
    const fr_t *block_tw; /* in-block stages: stage lh's twiddles at block_tw[2^lh - 1 + j], direction applied */
} fft_job;

/* Butterflies [begin, end) of one stage, numbered across the whole array. */
static void dif_stage_range(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    const fft_job *job = ctx;
    size_t h = (size_t)1 << job->log_h;
    uint32_t stride_log = job->d->log_n - 1 - job->log_h; /* twiddle index = j * n / 2h */
    for (size_t t = begin; t < end; t++) {
        size_t j = t & (h - 1);
        size_t base = (t >> job->log_h) << (job->log_h + 1);
        dif_butterfly(&job->a[base + j], &job->a[base + j + h], job->d, j << stride_log, job->inverse);
    }
}

static void dit_stage_range(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    const fft_job *job = ctx;
    size_t h = (size_t)1 << job->log_h;
    uint32_t stride_log = job->d->log_n - 1 - job->log_h;
    for (size_t t = begin; t < end; t++) {
        size_t j = t & (h - 1);
        size_t base = (t >> job->log_h) << (job->log_h + 1);
        dit_butterfly(&job->a[base + j], &job->a[base + j + h], job->d, j << stride_log, job->inverse);
    }
}

/*
 * The twiddles of the in-block stages, contiguous per stage (the shared table
 * would be read with a stride of n / 2h: a cache miss per butterfly), with the
 * direction already applied. NULL when out of memory.
 */
static fr_t *block_twiddles(const fft_domain_t *d, uint32_t block_log, bool inverse)
{
    size_t total = ((size_t)1 << block_log) - 1;
    fr_t *tw = malloc((total ? total : 1) * sizeof(fr_t));
    if (!tw)
        return NULL;
    for (uint32_t lh = 0; lh < block_log; lh++) {
        size_t h = (size_t)1 << lh;
        uint32_t stride_log = d->log_n - 1 - lh;
        for (size_t j = 0; j < h; j++) {
            size_t k = j << stride_log;
            if (!inverse)
                tw[h - 1 + j] = d->roots[k];
            else if (k == 0)
                fr_set_one(&tw[h - 1 + j]);
            else
                fr_neg(&tw[h - 1 + j], &d->roots[d->n / 2 - k]); /* omega^-k = -omega^(n/2 - k) */
        }
    }
    return tw;
}

/* Whole blocks of 2^block_log elements: every stage with 2h <= block size. */
static void dif_blocks_range(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    const fft_job *job = ctx;
    size_t bsize = (size_t)1 << job->block_log;
    for (size_t b = begin; b < end; b++) {
        fr_t *blk = job->a + b * bsize;
        for (uint32_t lh = job->block_log; lh-- > 0;) {
            size_t h = (size_t)1 << lh;
            const fr_t *tw = job->block_tw + (h - 1);
            for (size_t base = 0; base < bsize; base += 2 * h) {
                fr_t *x = blk + base, *y = blk + base + h, t;
                fr_sub(&t, &x[0], &y[0]);
                fr_add(&x[0], &x[0], &y[0]);
                y[0] = t;
                for (size_t j = 1; j < h; j++) {
                    fr_sub(&t, &x[j], &y[j]);
                    fr_add(&x[j], &x[j], &y[j]);
                    fr_mul(&y[j], &t, &tw[j]);
                }
            }
        }
    }
}

static void dit_blocks_range(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    const fft_job *job = ctx;
    size_t bsize = (size_t)1 << job->block_log;
    for (size_t b = begin; b < end; b++) {
        fr_t *blk = job->a + b * bsize;
        for (uint32_t lh = 0; lh < job->block_log; lh++) {
            size_t h = (size_t)1 << lh;
            const fr_t *tw = job->block_tw + (h - 1);
            for (size_t base = 0; base < bsize; base += 2 * h) {
                fr_t *x = blk + base, *y = blk + base + h, t = y[0];
                fr_sub(&y[0], &x[0], &t);
                fr_add(&x[0], &x[0], &t);
                for (size_t j = 1; j < h; j++) {
                    fr_mul(&t, &y[j], &tw[j]);
                    fr_sub(&y[j], &x[j], &t);
                    fr_add(&x[j], &x[j], &t);
                }
            }
        }
    }
}

void fft_dif(const fft_domain_t *d, fr_t *a, bool inverse, unsigned threads)
{
    if (d->log_n == 0)
        return;
    uint32_t block_log = d->log_n < FFT_BLOCK_LOG ? d->log_n : FFT_BLOCK_LOG;
    fr_t *tw = block_twiddles(d, block_log, inverse);
    if (!tw)
        block_log = 0; /* no table: every stage runs stage-wise from the shared roots */
    fft_job job = {d, a, inverse, 0, block_log, tw};
    for (uint32_t lh = d->log_n; lh-- > block_log;) {
        job.log_h = lh;
        par_for(d->n / 2, threads, dif_stage_range, &job);
    }
    if (tw)
        par_for(d->n >> block_log, threads, dif_blocks_range, &job);
    free(tw);
}

void fft_dit(const fft_domain_t *d, fr_t *a, bool inverse, unsigned threads)
{
    if (d->log_n == 0)
        return;
    uint32_t block_log = d->log_n < FFT_BLOCK_LOG ? d->log_n : FFT_BLOCK_LOG;
    fr_t *tw = block_twiddles(d, block_log, inverse);
    if (!tw)
        block_log = 0;
    fft_job job = {d, a, inverse, 0, block_log, tw};
    if (tw)
        par_for(d->n >> block_log, threads, dit_blocks_range, &job);
    for (uint32_t lh = block_log; lh < d->log_n; lh++) {
        job.log_h = lh;
        par_for(d->n / 2, threads, dit_stage_range, &job);
    }
    free(tw);
}

void fft_bit_reverse(fr_t *a, uint32_t log_n)
{
    size_t n = (size_t)1 << log_n;
    for (size_t i = 0; i < n; i++) {
        size_t j = bit_reverse_index(i, log_n);
        if (i < j) {
            fr_t t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

typedef struct {
    fr_t *a;
    const fr_t *factor;
    size_t n;
} scale_job;

static void scale_range(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    scale_job *job = ctx;
    for (size_t i = begin; i < end; i++)
        fr_mul(&job->a[i], &job->a[i], job->factor);
}

void fft_forward(const fft_domain_t *d, fr_t *a, unsigned threads)
{
    fft_bit_reverse(a, d->log_n);
    fft_dit(d, a, false, threads);
}

void fft_inverse(const fft_domain_t *d, fr_t *a, unsigned threads)
{
    fft_dif(d, a, true, threads);
    fft_bit_reverse(a, d->log_n);
    scale_job job = {a, &d->n_inv, d->n};
    par_for(d->n, threads, scale_range, &job);
}

/*
 * bitrev(p) over log_n bits splits into the reversed low half of p (which
 * becomes the high bits) and the reversed high half: p = hi * 2^lo_bits + lo
 * gives bitrev(p) = bitrev_lo(lo) * 2^hi_bits + bitrev_hi(hi). So
 * shift^bitrev(p) is the product of two entries of two sqrt(n)-sized tables.
 */
typedef struct {
    fr_t *a;
    const fr_t *row;  /* scale * shift^bitrev_hi(hi), 2^hi_bits entries */
    const fr_t *col;  /* shift^(bitrev_lo(lo) * 2^hi_bits), 2^lo_bits entries */
    uint32_t lo_bits;
} coset_job;

static void coset_rows(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    coset_job *job = ctx;
    size_t width = (size_t)1 << job->lo_bits;
    for (size_t hi = begin; hi < end; hi++) {
        fr_t *row = job->a + (hi << job->lo_bits);
        for (size_t lo = 0; lo < width; lo++) {
            fr_t f;
            fr_mul(&f, &job->row[hi], &job->col[lo]);
            fr_mul(&row[lo], &row[lo], &f);
        }
    }
}

/* out[q] = first * base^bitrev_bits(q) for q < 2^bits; tmp holds 2^bits elements. */
static void bitrev_powers(fr_t *out, fr_t *tmp, const fr_t *first, const fr_t *base, uint32_t bits)
{
    size_t m = (size_t)1 << bits;
    tmp[0] = *first;
    for (size_t i = 1; i < m; i++)
        fr_mul(&tmp[i], &tmp[i - 1], base);
    for (size_t q = 0; q < m; q++)
        out[q] = tmp[bit_reverse_index(q, bits)];
}

void fft_coset_scale_bitrev(const fft_domain_t *d, fr_t *a, const fr_t *shift, const fr_t *scale,
                            unsigned threads)
{
    uint32_t lo_bits = d->log_n / 2, hi_bits = d->log_n - lo_bits;
    size_t n_row = (size_t)1 << hi_bits, n_col = (size_t)1 << lo_bits;
    fr_t *tables = malloc((2 * n_row + n_col) * sizeof(fr_t));
    if (!tables) {
        /* Tiny tables (2 * sqrt(n) elements); without them fall back to one power per element. */
        for (size_t p = 0; p < d->n; p++) {
            fr_t f;
            uint64_t e[1] = {bit_reverse_index(p, d->log_n)};
            fr_pow(&f, shift, e, 1);
            fr_mul(&f, &f, scale);
            fr_mul(&a[p], &a[p], &f);
        }
        return;
    }
    fr_t *row = tables, *col = tables + n_row, *tmp = tables + n_row + n_col;
    bitrev_powers(row, tmp, scale, shift, hi_bits);
    fr_t col_base, one;
    uint64_t e[1] = {(uint64_t)n_row};
    fr_pow(&col_base, shift, e, 1);
    fr_set_one(&one);
    bitrev_powers(col, tmp, &one, &col_base, lo_bits);
    coset_job job = {a, row, col, lo_bits};
    par_for(n_row, threads, coset_rows, &job);
    free(tables);
}
