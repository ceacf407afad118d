/*
 * The Pippenger MSM of msm.h written once for both groups. Private to msm.c,
 * which includes it once per group after defining:
 *   MSM_GROUP  prefix of the group functions (g1, g2)
 *   MSM_AFF, MSM_JAC  the affine and Jacobian point types
 *   MSM_POINT_BYTES   the size of one affine point in a .zkey section
 *   MSM_FIELD, MSM_FT the coordinate field's prefix (fq, fq2) and type
 *   MSM_BATCH_LANES   optional: a function doing a whole batch of affine
 *                     additions in vector lanes, or returning false
 * It emits MSM_GROUP##_msm_run (no prefix clash with the group library).
 *
 * Bucket accumulation is batch-affine (as in gnark-crypto): additions into
 * distinct buckets are collected and done in affine coordinates with one
 * shared field inversion (Montgomery's trick), about 6 multiplications per
 * addition instead of the 11 of a mixed Jacobian addition. A point whose
 * bucket already waits in the batch is queued for the next batch.
 */
#define MSM_CAT2_(a, b) a##_##b
#define MSM_CAT2(a, b) MSM_CAT2_(a, b)
#define G(op) MSM_CAT2(MSM_GROUP, op)
#define L(name) MSM_CAT2(MSM_GROUP, name) /* local names, distinct per group */
#define F(op) MSM_CAT2(MSM_FIELD, op)

/* Windows with fewer buckets than this use Jacobian buckets: a batch would be too small to pay. */
#define MSM_BATCH_MIN_BUCKETS 256
#define MSM_BATCH_MAX 512

#ifndef MSM_BUCKET_STATES
#define MSM_BUCKET_STATES
enum { BUCKET_EMPTY = 0, BUCKET_SET = 1, BUCKET_IN_BATCH = 2 };
#endif

/* One worker's batch-affine bucket state for one window at a time. */
typedef struct {
    MSM_AFF *bucket;
    uint8_t *state;
    size_t cap;          /* batch and queue capacity */
    uint32_t *b_bucket;  /* batch: bucket, point to add, x difference, prefix product */
    MSM_AFF *b_point;
    MSM_FT *b_den, *b_pre;
    size_t n_batch;
    uint32_t *q_bucket;  /* points whose bucket was busy */
    MSM_AFF *q_point;
    size_t n_queue;
} L(accum);

typedef struct {
    const msm_plan_t *plan;
    const uint8_t *points;
    MSM_JAC *buckets;      /* per worker: 2^(c-1) Jacobian buckets (small windows) */
    L(accum) *accums;      /* per worker: batch-affine buckets (large windows) */
    MSM_JAC *window_sums;  /* per window */
    MSM_JAC *partial;      /* per worker: sum of the points whose scalar is 1 */
    uint32_t *live;        /* positions k in plan->big whose point is not at infinity */
    size_t n_live;
} L(msm_job);

static void L(load_point)(MSM_AFF *p, const uint8_t *points, size_t i)
{
    memcpy(p, points + i * MSM_POINT_BYTES, MSM_POINT_BYTES);
}

/* The .zkey writes infinity as all-zero coordinates; tested on the mapped bytes, no copy. */
static bool L(point_is_infinity)(const uint8_t *points, size_t i)
{
    const uint8_t *p = points + i * MSM_POINT_BYTES;
    uint64_t acc = 0;
    for (size_t o = 0; o < MSM_POINT_BYTES; o += 8) {
        uint64_t v;
        memcpy(&v, p + o, 8);
        acc |= v;
    }
    return acc == 0;
}


static bool L(accum_alloc)(L(accum) *a, size_t n_buckets)
{
    a->cap = n_buckets / 8 < MSM_BATCH_MAX ? n_buckets / 8 : MSM_BATCH_MAX;
    a->bucket = malloc(n_buckets * sizeof(MSM_AFF));
    a->state = malloc(n_buckets);
    a->b_bucket = malloc(a->cap * sizeof(uint32_t));
    a->b_point = malloc(a->cap * sizeof(MSM_AFF));
    a->b_den = malloc(a->cap * sizeof(MSM_FT));
    a->b_pre = malloc(a->cap * sizeof(MSM_FT));
    a->q_bucket = malloc(a->cap * sizeof(uint32_t));
    a->q_point = malloc(a->cap * sizeof(MSM_AFF));
    return a->bucket && a->state && a->b_bucket && a->b_point && a->b_den && a->b_pre && a->q_bucket && a->q_point;
}

static void L(accum_free)(L(accum) *a)
{
    free(a->bucket);
    free(a->state);
    free(a->b_bucket);
    free(a->b_point);
    free(a->b_den);
    free(a->b_pre);
    free(a->q_bucket);
    free(a->q_point);
}

/* All pending additions with one inversion: lambda = (y2 - y1) / (x2 - x1). */
static void L(accum_flush)(L(accum) *a)
{
    size_t n = a->n_batch;
    if (n == 0)
        return;
#ifdef MSM_BATCH_LANES
    /* the same additions in vector lanes where the CPU can (msm_lanes.h) */
    if (MSM_BATCH_LANES(a->bucket, a->b_bucket, a->b_point, n)) {
        for (size_t i = 0; i < n; i++)
            a->state[a->b_bucket[i]] = BUCKET_SET;
        a->n_batch = 0;
        return;
    }
#endif
    MSM_FT acc, inv;
    F(set_one)(&acc);
    for (size_t i = 0; i < n; i++) {
        const MSM_AFF *b = &a->bucket[a->b_bucket[i]];
        F(sub)(&a->b_den[i], &a->b_point[i].x, &b->x);
        a->b_pre[i] = acc;
        F(mul)(&acc, &acc, &a->b_den[i]);
    }
    F(inv)(&inv, &acc); /* nonzero: equal x coordinates never enter a batch */
    for (size_t i = n; i-- > 0;) {
        MSM_FT inv_i, lambda, t;
        F(mul)(&inv_i, &inv, &a->b_pre[i]);
        F(mul)(&inv, &inv, &a->b_den[i]);
        MSM_AFF *b = &a->bucket[a->b_bucket[i]];
        const MSM_AFF *p = &a->b_point[i];
        F(sub)(&t, &p->y, &b->y);
        F(mul)(&lambda, &t, &inv_i);
        MSM_FT x3;
        F(sqr)(&x3, &lambda);
        F(sub)(&x3, &x3, &b->x);
        F(sub)(&x3, &x3, &p->x);
        F(sub)(&t, &b->x, &x3);
        F(mul)(&t, &t, &lambda);
        F(sub)(&b->y, &t, &b->y);
        b->x = x3;
        a->state[a->b_bucket[i]] = BUCKET_SET;
    }
    a->n_batch = 0;
}

/* bucket += p, now if the bucket is empty or p shares its x, else into the batch; false if the bucket is busy. */
static bool L(accum_try_add)(L(accum) *a, uint32_t bi, const MSM_AFF *p)
{
    uint8_t st = a->state[bi];
    if (st == BUCKET_IN_BATCH)
        return false;
    MSM_AFF *b = &a->bucket[bi];
    if (st == BUCKET_EMPTY) {
        *b = *p;
        a->state[bi] = BUCKET_SET;
        return true;
    }
    if (F(eq)(&b->x, &p->x)) {
        /* rare: P + P or P + (-P), done directly */
        if (F(eq)(&b->y, &p->y)) {
            MSM_JAC j;
            G(jac_from_affine)(&j, b);
            G(jac_dbl)(&j, &j);
            G(jac_to_affine)(b, &j);
        } else {
            a->state[bi] = BUCKET_EMPTY;
        }
        return true;
    }
    a->b_bucket[a->n_batch] = bi;
    a->b_point[a->n_batch] = *p;
    a->n_batch++;
    a->state[bi] = BUCKET_IN_BATCH;
    if (a->n_batch == a->cap)
        L(accum_flush)(a);
    return true;
}

/* Retries the queued points once; those whose bucket is busy again stay queued, in order. */
static void L(accum_drain)(L(accum) *a)
{
    size_t kept = 0;
    for (size_t i = 0; i < a->n_queue; i++) {
        if (!L(accum_try_add)(a, a->q_bucket[i], &a->q_point[i])) {
            a->q_bucket[kept] = a->q_bucket[i];
            a->q_point[kept] = a->q_point[i];
            kept++;
        }
    }
    a->n_queue = kept;
}

static void L(accum_add)(L(accum) *a, uint32_t bi, const MSM_AFF *p)
{
    if (L(accum_try_add)(a, bi, p))
        return;
    a->q_bucket[a->n_queue] = bi;
    a->q_point[a->n_queue] = *p;
    a->n_queue++;
    if (a->n_queue == a->cap) {
        L(accum_flush)(a);
        L(accum_drain)(a);
    }
}

static void L(accum_finish)(L(accum) *a)
{
    while (a->n_batch > 0 || a->n_queue > 0) {
        L(accum_flush)(a);
        L(accum_drain)(a);
    }
}

/*
 * Points with scalar 1 are summed through the batch-affine accumulator too:
 * point k goes to bucket k mod ONES_BUCKETS (consecutive points never share
 * a bucket, so batches rarely conflict), and the buckets are added up at the end.
 */
#define MSM_ONES_BUCKETS 2048

static void L(ones_range)(void *ctx, size_t begin, size_t end, unsigned worker)
{
    L(msm_job) *job = ctx;
    MSM_JAC acc;
    G(jac_set_infinity)(&acc);
    L(accum) a = {0};
    bool batched = end - begin >= 4 * MSM_ONES_BUCKETS && L(accum_alloc)(&a, MSM_ONES_BUCKETS);
    if (batched) {
        memset(a.state, BUCKET_EMPTY, MSM_ONES_BUCKETS);
        for (size_t k = begin; k < end; k++) {
            MSM_AFF p;
            L(load_point)(&p, job->points, job->plan->ones[k]);
            if (!G(affine_is_infinity)(&p))
                L(accum_add)(&a, (uint32_t)(k % MSM_ONES_BUCKETS), &p);
        }
        L(accum_finish)(&a);
        for (size_t b = 0; b < MSM_ONES_BUCKETS; b++)
            if (a.state[b] != BUCKET_EMPTY)
                G(jac_add_affine)(&acc, &acc, &a.bucket[b]);
    } else {
        /* small ranges, or no memory for the batch: mixed Jacobian additions */
        for (size_t k = begin; k < end; k++) {
            MSM_AFF p;
            L(load_point)(&p, job->points, job->plan->ones[k]);
            G(jac_add_affine)(&acc, &acc, &p);
        }
    }
    L(accum_free)(&a);
    job->partial[worker] = acc;
}

/* sum_b (b + 1) * bucket[b] by running sums, top bucket first. */
static void L(bucket_sum_jac)(MSM_JAC *out, const MSM_JAC *buckets, size_t n_buckets)
{
    MSM_JAC running, sum;
    G(jac_set_infinity)(&running);
    G(jac_set_infinity)(&sum);
    for (size_t b = n_buckets; b-- > 0;) {
        G(jac_add)(&running, &running, &buckets[b]);
        G(jac_add)(&sum, &sum, &running);
    }
    *out = sum;
}

static void L(bucket_sum_affine)(MSM_JAC *out, const L(accum) *a, size_t n_buckets)
{
    MSM_JAC running, sum;
    G(jac_set_infinity)(&running);
    G(jac_set_infinity)(&sum);
    for (size_t b = n_buckets; b-- > 0;) {
        if (a->state[b] != BUCKET_EMPTY)
            G(jac_add_affine)(&running, &running, &a->bucket[b]);
        G(jac_add)(&sum, &sum, &running);
    }
    *out = sum;
}

/* The j-th live point's digit in this window: its magnitude (0: nothing to add) and the point, negated for a negative digit. */
static uint32_t L(digit_point)(MSM_AFF *p, const L(msm_job) *job, const uint16_t *digits, size_t j)
{
    const uint32_t k = job->live[j], code = digits[k], mag = code >> 1;
    if (mag == 0)
        return 0;
    L(load_point)(p, job->points, job->plan->big[k]);
    if (code & 1)
        G(affine_neg)(p, p);
    return mag;
}

/* One window: accumulate every digit into its bucket, then sum_b b * bucket[b]. */
static void L(window_task)(void *ctx, size_t w, unsigned worker)
{
    L(msm_job) *job = ctx;
    const msm_plan_t *plan = job->plan;
    size_t n_buckets = (size_t)1 << (plan->c - 1);
    const uint16_t *digits = plan->digits + w * plan->n_big;
    if (job->accums) {
        L(accum) *a = &job->accums[worker];
        memset(a->state, BUCKET_EMPTY, n_buckets);
        a->n_batch = a->n_queue = 0;
        for (size_t j = 0; j < job->n_live; j++) {
            MSM_AFF p;
            const uint32_t mag = L(digit_point)(&p, job, digits, j);
            if (mag)
                L(accum_add)(a, mag - 1, &p);
        }
        L(accum_finish)(a);
        L(bucket_sum_affine)(&job->window_sums[w], a, n_buckets);
        return;
    }
    MSM_JAC *buckets = job->buckets + (size_t)worker * n_buckets;
    for (size_t b = 0; b < n_buckets; b++)
        G(jac_set_infinity)(&buckets[b]);
    for (size_t j = 0; j < job->n_live; j++) {
        MSM_AFF p;
        const uint32_t mag = L(digit_point)(&p, job, digits, j);
        if (mag)
            G(jac_add_affine)(&buckets[mag - 1], &buckets[mag - 1], &p);
    }
    L(bucket_sum_jac)(&job->window_sums[w], buckets, n_buckets);
}

static bool L(msm_run)(MSM_JAC *out, const msm_plan_t *plan, const uint8_t *points, unsigned threads)
{
    threads = par_threads(threads);
    G(jac_set_infinity)(out);
    L(msm_job) job = {.plan = plan, .points = points};
    job.partial = malloc(threads * sizeof(MSM_JAC));
    if (!job.partial)
        return false;
    for (unsigned t = 0; t < threads; t++)
        G(jac_set_infinity)(&job.partial[t]);

    if (plan->n_ones > 0)
        par_for(plan->n_ones, threads, L(ones_range), &job);
    for (unsigned t = 0; t < threads; t++)
        G(jac_add)(out, out, &job.partial[t]);
    free(job.partial);

    if (plan->n_big == 0)
        return true;
    /*
     * Wires missing from a matrix have the point at infinity in its section
     * (in circom circuits often a third to a half of A and B). They are found
     * once per multiplication here instead of once per window.
     */
    job.live = malloc(plan->n_big * sizeof(uint32_t));
    if (!job.live)
        return false;
    for (size_t k = 0; k < plan->n_big; k++)
        if (!L(point_is_infinity)(points, plan->big[k]))
            job.live[job.n_live++] = (uint32_t)k;
    if (job.n_live == 0) {
        free(job.live);
        return true;
    }
    size_t n_buckets = (size_t)1 << (plan->c - 1);
    if ((size_t)threads > plan->n_windows)
        threads = plan->n_windows;
    bool ok = true;
    job.window_sums = malloc(plan->n_windows * sizeof(MSM_JAC));
    if (n_buckets >= MSM_BATCH_MIN_BUCKETS) {
        job.accums = calloc(threads, sizeof(L(accum)));
        ok = job.accums != NULL;
        for (unsigned t = 0; ok && t < threads; t++)
            ok = L(accum_alloc)(&job.accums[t], n_buckets);
    } else {
        job.buckets = malloc((size_t)threads * n_buckets * sizeof(MSM_JAC));
        ok = job.buckets != NULL;
    }
    if (ok && job.window_sums)
        par_tasks(plan->n_windows, threads, L(window_task), &job);
    ok = ok && job.window_sums;
    if (job.accums)
        for (unsigned t = 0; t < threads; t++)
            L(accum_free)(&job.accums[t]);
    free(job.accums);
    free(job.buckets);
    /* positions of live points only: which wires have a nonzero witness value, so wiped */
    sodium_memzero(job.live, plan->n_big * sizeof(uint32_t));
    free(job.live);
    if (!ok) {
        free(job.window_sums);
        return false;
    }
    /* Horner over the windows, top first: acc = acc * 2^c + S_w. */
    MSM_JAC acc = job.window_sums[plan->n_windows - 1];
    for (uint32_t w = plan->n_windows - 1; w-- > 0;) {
        for (uint32_t i = 0; i < plan->c; i++)
            G(jac_dbl)(&acc, &acc);
        G(jac_add)(&acc, &acc, &job.window_sums[w]);
    }
    G(jac_add)(out, out, &acc);
    free(job.window_sums);
    return true;
}

#undef G
#undef L
#undef F
#undef MSM_BATCH_MIN_BUCKETS
#undef MSM_BATCH_MAX
#undef MSM_ONES_BUCKETS
#undef MSM_CAT2
#undef MSM_CAT2_
