/*
 * Crypto micro-benchmarks on one core: Fq multiplication, G1 Jacobian
 * addition, one BN254 pairing, Poseidon(5), EdDSA-Poseidon sign and verify
 * (on points, as circomlibjs's verifyPoseidon takes them, and packed: two
 * decompressions more), one decompression, whether the AVX-512 IFMA
 * paths ran, and both verifications again kept to scalar code.
 * Prints "name value unit" lines; bench/run.sh compares them with the
 * circomlibjs peer (bench/crypto_peer.js) run in the same invocation.
 * Usage: bench_crypto [--quick]
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto/eddsa.h"
#include "crypto/fq.h"
#include "crypto/fr_simd.h"
#include "crypto/g1.h"
#include "crypto/g2.h"
#include "crypto/pairing.h"
#include "crypto/poseidon.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Best of several runs of `iters` calls: the least disturbed by other processes on the machine. */
#define TIME_BEST(result_per_op, runs, iters, body)                                                                  \
    do {                                                                                                             \
        double best_ = 1e30;                                                                                         \
        for (int run_ = 0; run_ < (runs); run_++) {                                                                  \
            double t0_ = now_s();                                                                                    \
            for (long it_ = 0; it_ < (iters); it_++) {                                                               \
                body;                                                                                                \
            }                                                                                                        \
            double dt_ = (now_s() - t0_) / (double)(iters);                                                          \
            if (dt_ < best_)                                                                                         \
                best_ = dt_;                                                                                         \
        }                                                                                                            \
        (result_per_op) = best_;                                                                                     \
    } while (0)

int main(int argc, char **argv)
{
    const int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    const int runs = quick ? 2 : 5;
    if (sodium_init() < 0)
        return 3;

    /* Fq mul: a dependent chain so the compiler cannot overlap or drop iterations. */
    fq_t a, b;
    fq_from_u64(&a, 123456789);
    fq_from_u64(&b, 987654321);
    double t;
    TIME_BEST(t, runs, 2000000, fq_mul(&a, &a, &b));
    printf("fq_mul %.1f ns (check %llx)\n", t * 1e9, (unsigned long long)a.limb[0]);

    /* G1 add (g1_jac_add, general Jacobian addition) */
    g1_affine_t g;
    g1_jac_t p, q;
    g1_generator(&g);
    g1_jac_from_affine(&p, &g);
    g1_jac_dbl(&q, &p);
    TIME_BEST(t, runs, 200000, g1_jac_add(&p, &p, &q));
    printf("g1_jac_add %.1f ns\n", t * 1e9);

    /* One full pairing (Miller loop + final exponentiation) */
    g2_affine_t h;
    g2_generator(&h);
    fq12_t e;
    TIME_BEST(t, runs, quick ? 20 : 50, bn254_pairing(&e, &g, &h));
    printf("pairing %.3f ms\n", t * 1e3);

    /* Poseidon with 5 inputs (the EdDSA challenge hash) */
    fr_t in[5], out;
    for (int i = 0; i < 5; i++)
        fr_from_u64(&in[i], (uint64_t)i + 1);
    TIME_BEST(t, runs, 20000, (poseidon_hash(&out, in, 5), in[0] = out));
    printf("poseidon5 %.2f us\n", t * 1e6);

    /* EdDSA-Poseidon: 64 keys and messages, verify cycles through them */
    eddsa_ctx *ctx = eddsa_ctx_new();
    if (!ctx)
        return 3;
    enum { N = 64 };
    static uint8_t prv[N][32], pub[N][32], sig[N][64];
    static fr_t msg[N];
    for (int i = 0; i < N; i++) {
        uint8_t mb[32];
        eddsa_keygen(prv[i]);
        randombytes_buf(mb, sizeof mb);
        fr_from_bytes_le_reduce(&msg[i], mb, sizeof mb);
        eddsa_prv2pub_packed(ctx, pub[i], prv[i]);
        eddsa_signature s;
        eddsa_sign(ctx, &s, prv[i], &msg[i]);
        eddsa_signature_pack(sig[i], &s);
    }
    eddsa_signature s;
    TIME_BEST(t, runs, 2000, eddsa_sign(ctx, &s, prv[it_ % N], &msg[it_ % N]));
    printf("eddsa_sign %.2f us\n", t * 1e6);
    long valid = 0;
    TIME_BEST(t, runs, 2000, valid += eddsa_verify_packed(ctx, &msg[it_ % N], sig[it_ % N], pub[it_ % N]));
    printf("eddsa_verify_packed %.2f us\n", t * 1e6);
    /* the parts of a packed verification: the two decompressions, and the check on unpacked points
     * ("eddsa_verify": the operation circomlibjs's verifyPoseidon performs, on points) */
    static eddsa_signature us[N];
    static babyjub_point ua[N];
    for (int i = 0; i < N; i++)
        if (!eddsa_signature_unpack(&us[i], sig[i]) || !babyjub_unpack(&ua[i], pub[i]))
            return 1;
    babyjub_point up;
    long unpacked = 0;
    TIME_BEST(t, runs, 2000, unpacked += babyjub_unpack(&up, pub[it_ % N]));
    printf("babyjub_unpack %.2f us\n", t * 1e6);
    TIME_BEST(t, runs, 2000, valid += eddsa_verify(ctx, &msg[it_ % N], &us[it_ % N], &ua[it_ % N]));
    printf("eddsa_verify %.2f us\n", t * 1e6);
    printf("simd %s\n", fr_simd_available() ? "avx512-ifma" : "none (scalar field products)");
    /* the same two verifications kept to scalar code: what a CPU without AVX-512 IFMA gets */
    eddsa_ctx *scalar = eddsa_ctx_new_with(false);
    if (!scalar) {
        eddsa_ctx_free(ctx);
        sodium_memzero(prv, sizeof prv);
        return 3;
    }
    TIME_BEST(t, runs, 2000, valid += eddsa_verify_packed(scalar, &msg[it_ % N], sig[it_ % N], pub[it_ % N]));
    printf("eddsa_verify_packed_scalar %.2f us\n", t * 1e6);
    TIME_BEST(t, runs, 2000, valid += eddsa_verify(scalar, &msg[it_ % N], &us[it_ % N], &ua[it_ % N]));
    printf("eddsa_verify_scalar %.2f us\n", t * 1e6);
    eddsa_ctx_free(scalar);
    eddsa_ctx_free(ctx);
    sodium_memzero(prv, sizeof prv);
    if (valid != (long)runs * 8000 || unpacked != (long)runs * 2000) {
        fprintf(stderr, "bench_crypto: %ld of %ld verifications failed\n", (long)runs * 8000 - valid, (long)runs * 8000);
        return 1;
    }
    return 0;
}
