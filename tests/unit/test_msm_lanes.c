/*
 * msm_g1_batch_add_lanes on its own, against the complete Jacobian addition
 * of g1.h: batches of every size from 1 to 512 (lanes partly filled, several
 * steps), buckets and points at random multiples of the generator, and the
 * refusal that writes nothing when a denominator is zero (a point added to
 * a bucket with the same x, which the MSM's batch rules exclude). Without
 * AVX-512 IFMA the function must refuse every batch; the test says which.
 */
#include "check.h"
#include "crypto/fr_simd.h"
#include "snark/msm_lanes.h"

#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

static void random_point(g1_affine_t *p)
{
    g1_affine_t g;
    fr_t k;
    uint8_t buf[48];
    g1_generator(&g);
    randombytes_buf(buf, sizeof buf);
    fr_from_bytes_le_reduce(&k, buf, sizeof buf);
    g1_affine_mul(p, &g, &k);
}

static void affine_sum(g1_affine_t *r, const g1_affine_t *a, const g1_affine_t *b)
{
    g1_jac_t ja, s;
    g1_jac_from_affine(&ja, a);
    g1_jac_add_affine(&s, &ja, b);
    g1_jac_to_affine(r, &s);
}

enum { MAX_N = MSM_LANES_MAX_BATCH, N_BUCKETS = 2 * MSM_LANES_MAX_BATCH };

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    static g1_affine_t buckets[N_BUCKETS], before[N_BUCKETS], pts[MAX_N];
    static uint32_t idx[MAX_N];
    for (int i = 0; i < N_BUCKETS; i++)
        random_point(&buckets[i]);
    for (int i = 0; i < MAX_N; i++)
        random_point(&pts[i]);
    const bool lanes = fr_simd_available();

    static const size_t sizes[] = {1, 2, 7, 8, 9, 15, 16, 17, 63, 100, 255, 511, 512};
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        const size_t n = sizes[si];
        /* distinct buckets, spread over the table (stride co-prime to its size) */
        for (size_t i = 0; i < n; i++)
            idx[i] = (uint32_t)((i * 7 + si) % N_BUCKETS);
        memcpy(before, buckets, sizeof before);
        const bool done = msm_g1_batch_add_lanes(buckets, idx, pts, n);
        CHECK_MSG(done == lanes, "n %zu: batch %s", n, done ? "done" : "refused");
        if (!done) {
            CHECK(memcmp(before, buckets, sizeof before) == 0);
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            g1_affine_t want;
            affine_sum(&want, &before[idx[i]], &pts[i]);
            CHECK_MSG(g1_affine_eq(&buckets[idx[i]], &want) && g1_affine_on_curve(&buckets[idx[i]]),
                      "n %zu: addition %zu differs", n, i);
        }
        /* buckets not in the batch are untouched */
        size_t untouched = 0;
        for (size_t b = 0; b < N_BUCKETS; b++) {
            bool in_batch = false;
            for (size_t i = 0; i < n && !in_batch; i++)
                in_batch = idx[i] == b;
            if (!in_batch)
                untouched += g1_affine_eq(&buckets[b], &before[b]);
            else
                untouched++;
        }
        CHECK_MSG(untouched == N_BUCKETS, "n %zu: a bucket outside the batch changed", n);
    }

    /* a zero denominator (bucket x == point x) anywhere in the batch: refused, nothing written */
    for (size_t n = 9; n <= 40; n += 31) {
        for (size_t i = 0; i < n; i++)
            idx[i] = (uint32_t)i;
        const size_t bad = n / 2;
        pts[bad] = buckets[idx[bad]];
        memcpy(before, buckets, sizeof before);
        CHECK(!msm_g1_batch_add_lanes(buckets, idx, pts, n));
        CHECK(memcmp(before, buckets, sizeof before) == 0);
        random_point(&pts[bad]);
    }
    CHECK(!msm_g1_batch_add_lanes(buckets, idx, pts, 0));
    CHECK(!msm_g1_batch_add_lanes(buckets, idx, pts, MAX_N + 1));
    printf("batch-affine lanes: %s\n", lanes ? "AVX-512 IFMA, checked against Jacobian additions"
                                             : "no IFMA on this CPU: every batch refused, nothing written");
    return CHECK_EXIT();
}
