/*
 * The Pippenger MSM of msm.h written once for both groups. Private to msm.c,
 * which includes it once per group after defining:
 *   MSM_GROUP  prefix of the group functions (g1, g2)
 *   MSM_AFF, MSM_JAC  the affine and Jacobian point types
 *   MSM_POINT_BYTES   the size of one affine point in a .zkey section
 * It emits MSM_GROUP##_msm_run (no prefix clash with the group library).
 */
#define MSM_CAT2_(a, b) a##_##b
#define MSM_CAT2(a, b) MSM_CAT2_(a, b)
#define G(op) MSM_CAT2(MSM_GROUP, op)
#define L(name) MSM_CAT2(MSM_GROUP, name) /* local names, distinct per group */

typedef struct {
    const msm_plan_t *plan;
    const uint8_t *points;
    MSM_JAC *buckets;      /* per worker: 2^(c-1) buckets */
    MSM_JAC *window_sums;  /* per window */
    MSM_JAC *partial;      /* per worker: sum of the points whose scalar is 1 */
} L(msm_job);

static void L(load_point)(MSM_AFF *p, const uint8_t *points, size_t i)
{
    memcpy(p, points + i * MSM_POINT_BYTES, MSM_POINT_BYTES);
}

static void L(ones_range)(void *ctx, size_t begin, size_t end, unsigned worker)
{
    L(msm_job) *job = ctx;
    MSM_JAC acc;
    G(jac_set_infinity)(&acc);
    for (size_t k = begin; k < end; k++) {
        MSM_AFF p;
        L(load_point)(&p, job->points, job->plan->ones[k]);
        G(jac_add_affine)(&acc, &acc, &p);
    }
    job->partial[worker] = acc;
}

/* One window: accumulate every digit into its bucket, then sum_b b * bucket[b] by running sums. */
static void L(window_task)(void *ctx, size_t w, unsigned worker)
{
    L(msm_job) *job = ctx;
    const msm_plan_t *plan = job->plan;
    size_t n_buckets = (size_t)1 << (plan->c - 1);
    MSM_JAC *buckets = job->buckets + (size_t)worker * n_buckets;
    for (size_t b = 0; b < n_buckets; b++)
        G(jac_set_infinity)(&buckets[b]);
    const uint16_t *digits = plan->digits + w * plan->n_big;
    for (size_t k = 0; k < plan->n_big; k++) {
        uint32_t code = digits[k], mag = code >> 1;
        if (mag == 0)
            continue;
        MSM_AFF p;
        L(load_point)(&p, job->points, plan->big[k]);
        if (code & 1)
            G(affine_neg)(&p, &p);
        G(jac_add_affine)(&buckets[mag - 1], &buckets[mag - 1], &p);
    }
    MSM_JAC running, sum;
    G(jac_set_infinity)(&running);
    G(jac_set_infinity)(&sum);
    for (size_t b = n_buckets; b-- > 0;) {
        G(jac_add)(&running, &running, &buckets[b]);
        G(jac_add)(&sum, &sum, &running);
    }
    job->window_sums[w] = sum;
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
    size_t n_buckets = (size_t)1 << (plan->c - 1);
    job.buckets = malloc((size_t)threads * n_buckets * sizeof(MSM_JAC));
    job.window_sums = malloc(plan->n_windows * sizeof(MSM_JAC));
    if (!job.buckets || !job.window_sums) {
        free(job.buckets);
        free(job.window_sums);
        return false;
    }
    par_tasks(plan->n_windows, threads, L(window_task), &job);
    /* Horner over the windows, top first: acc = acc * 2^c + S_w. */
    MSM_JAC acc = job.window_sums[plan->n_windows - 1];
    for (uint32_t w = plan->n_windows - 1; w-- > 0;) {
        for (uint32_t i = 0; i < plan->c; i++)
            G(jac_dbl)(&acc, &acc);
        G(jac_add)(&acc, &acc, &job.window_sums[w]);
    }
    G(jac_add)(out, out, &acc);
    free(job.buckets);
    free(job.window_sums);
    return true;
}

#undef G
#undef L
#undef MSM_CAT2
#undef MSM_CAT2_
