/*
 * The fixed-base routines for one group, instantiated by fixed_base.c for G1
 * and G2 (the same code over different point types). Expects FB_GROUP (g1/g2),
 * FB_AFF, FB_JAC, FB_FT, FB_T defined by the includer.
 */
#define FB_CAT2_(a, b) a##_##b
#define FB_CAT2(a, b) FB_CAT2_(a, b)
#define FG(name) FB_CAT2(FB_GROUP, name)

bool FG(fixed_base_init)(FB_T *t, const FB_AFF *base, unsigned window)
{
    t->window = window;
    t->n_windows = (254 + window - 1) / window;
    size_t per = ((size_t)1 << window) - 1;
    size_t total = per * t->n_windows;
    t->table = malloc(total * sizeof(FB_AFF));
    FB_JAC *jac = malloc(total * sizeof(FB_JAC));
    FB_FT *scratch = malloc(total * sizeof(FB_FT));
    if (!t->table || !jac || !scratch) {
        free(t->table);
        free(jac);
        free(scratch);
        t->table = NULL;
        return false;
    }
    FB_JAC step;
    FG(jac_from_affine)(&step, base);
    for (unsigned j = 0; j < t->n_windows; j++) {
        FB_JAC *row = jac + (size_t)j * per;
        row[0] = step;
        for (size_t d = 1; d < per; d++)
            FG(jac_add)(&row[d], &row[d - 1], &step);
        for (unsigned k = 0; k < window; k++)
            FG(jac_dbl)(&step, &step);
    }
    FG(jac_batch_to_affine)(t->table, jac, total, scratch);
    free(jac);
    free(scratch);
    return true;
}

void FG(fixed_base_free)(FB_T *t)
{
    free(t->table);
    t->table = NULL;
}

static void FG(fixed_base_mul)(FB_JAC *r, const FB_T *t, const fr_t *scalar)
{
    uint64_t k[4];
    fr_to_canonical(k, scalar);
    size_t per = ((size_t)1 << t->window) - 1;
    FG(jac_set_infinity)(r);
    for (unsigned j = 0; j < t->n_windows; j++) {
        unsigned bit = j * t->window;
        unsigned limb = bit / 64, shift = bit % 64;
        uint64_t d = k[limb] >> shift;
        if (shift + t->window > 64 && limb < 3)
            d |= k[limb + 1] << (64 - shift);
        d &= per;
        if (d)
            FG(jac_add_affine)(r, r, &t->table[(size_t)j * per + d - 1]);
    }
}

typedef struct {
    FB_AFF *out;
    const FB_T *t;
    const fr_t *scalars;
} FG(fixed_base_job_t);

static void FG(fixed_base_range)(void *ctx, size_t begin, size_t end, unsigned worker)
{
    (void)worker;
    const FG(fixed_base_job_t) *job = ctx;
    FB_JAC jac[FB_CHUNK];
    FB_FT scratch[FB_CHUNK];
    for (size_t i = begin; i < end; i += FB_CHUNK) {
        size_t n = end - i < FB_CHUNK ? end - i : FB_CHUNK;
        for (size_t k = 0; k < n; k++)
            FG(fixed_base_mul)(&jac[k], job->t, &job->scalars[i + k]);
        FG(jac_batch_to_affine)(job->out + i, jac, n, scratch);
    }
}

void FG(fixed_base_mul_many)(FB_AFF *out, const FB_T *t, const fr_t *scalars, size_t n, unsigned threads)
{
    if (n == 0)
        return;
    FG(fixed_base_job_t) job = {.out = out, .t = t, .scalars = scalars};
    par_for(n, par_threads(threads), FG(fixed_base_range), &job);
}

#undef FG
#undef FB_CAT2
#undef FB_CAT2_
