/* Scalar classification and signed-digit recoding for msm.h. */
#include "snark/msm.h"

#include "snark/parallel.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* uint16 digits hold |d| << 1 | sign with |d| <= 2^(c-1): c <= 15. */
#define MSM_MAX_WINDOW_BITS 15
/* Scalars are Fr values, below 2^254. */
#define MSM_SCALAR_BITS 254

static bool scalar_is_zero(const uint64_t s[4]) { return (s[0] | s[1] | s[2] | s[3]) == 0; }
static bool scalar_is_one(const uint64_t s[4]) { return s[0] == 1 && (s[1] | s[2] | s[3]) == 0; }

/*
 * Bucket work per window is one mixed addition per big scalar plus the
 * running-sum reduction (two full additions per bucket, ~1.5 mixed additions
 * each); pick c minimising windows * (n_big + 3 * 2^(c-1)).
 */
static uint32_t choose_window_bits(size_t n_big)
{
    uint32_t best = 1;
    double best_cost = 0;
    for (uint32_t c = 1; c <= MSM_MAX_WINDOW_BITS; c++) {
        double windows = MSM_SCALAR_BITS / c + 1;
        double cost = windows * ((double)n_big + 3.0 * (double)((size_t)1 << (c - 1)));
        if (c == 1 || cost < best_cost) {
            best = c;
            best_cost = cost;
        }
    }
    return best;
}

/* c bits of s starting at bit `off` (bits past 256 read as zero). */
static uint32_t scalar_bits(const uint64_t s[4], uint32_t off, uint32_t c)
{
    uint32_t limb = off / 64, shift = off % 64;
    if (limb >= 4)
        return 0;
    uint64_t v = s[limb] >> shift;
    if (shift + c > 64 && limb + 1 < 4)
        v |= s[limb + 1] << (64 - shift);
    return (uint32_t)(v & (((uint64_t)1 << c) - 1));
}

typedef struct {
    const uint64_t (*scalars)[4];
    msm_plan_t *plan;
    size_t *ones_at, *big_at; /* per worker: count, then output offset */
} classify_job;

static void classify_count(void *ctx, size_t begin, size_t end, unsigned worker)
{
    classify_job *job = ctx;
    size_t ones = 0, big = 0;
    for (size_t i = begin; i < end; i++) {
        if (scalar_is_zero(job->scalars[i]))
            continue;
        if (scalar_is_one(job->scalars[i]))
            ones++;
        else
            big++;
    }
    job->ones_at[worker] = ones;
    job->big_at[worker] = big;
}

static void classify_fill(void *ctx, size_t begin, size_t end, unsigned worker)
{
    classify_job *job = ctx;
    size_t o = job->ones_at[worker], b = job->big_at[worker];
    for (size_t i = begin; i < end; i++) {
        if (scalar_is_zero(job->scalars[i]))
            continue;
        if (scalar_is_one(job->scalars[i]))
            job->plan->ones[o++] = (uint32_t)i;
        else
            job->plan->big[b++] = (uint32_t)i;
    }
}

/*
 * Signed recoding: each c-bit window value v (plus the carry from below) above
 * 2^(c-1) becomes v - 2^c with a carry into the next window, so every digit
 * lies in [-2^(c-1), 2^(c-1)] and needs one of 2^(c-1) buckets. The top window
 * has a spare bit (n_windows * c > 254) and keeps its value unsigned.
 */
static void recode_range(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    classify_job *job = ctx;
    msm_plan_t *p = job->plan;
    uint32_t c = p->c, half = 1u << (c - 1);
    for (size_t k = begin; k < end; k++) {
        const uint64_t *s = job->scalars[p->big[k]];
        uint32_t carry = 0;
        for (uint32_t w = 0; w < p->n_windows; w++) {
            uint32_t v = scalar_bits(s, w * c, c) + carry;
            uint16_t code;
            if (v > half && w + 1 < p->n_windows) {
                code = (uint16_t)((((1u << c) - v) << 1) | 1u);
                carry = 1;
            } else {
                code = (uint16_t)(v << 1);
                carry = 0;
            }
            p->digits[(size_t)w * p->n_big + k] = code;
        }
    }
}

bool msm_plan_init(msm_plan_t *plan, const uint64_t (*scalars)[4], size_t n, unsigned threads)
{
    memset(plan, 0, sizeof *plan);
    if (n >= UINT32_MAX)
        return false;
    threads = par_threads(threads);
    plan->n = n;
    size_t counts[2 * 256];
    classify_job job = {scalars, plan, counts, counts + 256};
    if (n == 0)
        return true;
    if (threads > 256)
        threads = 256;
    if ((size_t)threads > n)
        threads = (unsigned)n;
    par_for(n, threads, classify_count, &job);
    size_t ones = 0, big = 0;
    for (unsigned w = 0; w < threads; w++) {
        size_t o = job.ones_at[w], b = job.big_at[w];
        job.ones_at[w] = ones;
        job.big_at[w] = big;
        ones += o;
        big += b;
    }
    plan->n_ones = ones;
    plan->n_big = big;
    plan->ones = malloc((ones ? ones : 1) * sizeof(uint32_t));
    plan->big = malloc((big ? big : 1) * sizeof(uint32_t));
    if (!plan->ones || !plan->big) {
        msm_plan_free(plan);
        return false;
    }
    par_for(n, threads, classify_fill, &job);

    if (big == 0)
        return true;
    plan->c = choose_window_bits(big);
    plan->n_windows = MSM_SCALAR_BITS / plan->c + 1;
    plan->digits = malloc((size_t)plan->n_windows * big * sizeof(uint16_t));
    if (!plan->digits) {
        msm_plan_free(plan);
        return false;
    }
    par_for(big, threads, recode_range, &job);
    return true;
}

/* The index lists and digits spell out the scalars (a private witness): wiped, not just freed. */
void msm_plan_free(msm_plan_t *plan)
{
    if (plan->ones)
        sodium_memzero(plan->ones, plan->n_ones * sizeof(uint32_t));
    if (plan->big)
        sodium_memzero(plan->big, plan->n_big * sizeof(uint32_t));
    if (plan->digits)
        sodium_memzero(plan->digits, (size_t)plan->n_windows * plan->n_big * sizeof(uint16_t));
    free(plan->ones);
    free(plan->big);
    free(plan->digits);
    memset(plan, 0, sizeof *plan);
}
