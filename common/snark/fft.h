/*
 * Radix-2 FFT over BN254 Fr on power-of-two domains, with the roots of unity
 * snarkjs (ffjavascript) uses, so that our evaluations match the prover's
 * H-section points in a .zkey.
 *
 * Two in-place kernels avoid bit-reversal passes in the prover:
 *   fft_dif: natural order in, bit-reversed order out (Gentleman-Sande)
 *   fft_dit: bit-reversed order in, natural order out (Cooley-Tukey)
 * An inverse transform through fft_dif followed by a forward one through
 * fft_dit is natural -> natural with no permutation at all. Neither kernel
 * scales by 1/n; fft_inverse does.
 */
#ifndef ZKS_SNARK_FFT_H
#define ZKS_SNARK_FFT_H

#include "crypto/fr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest domain the prover accepts: Fr has 2-adicity 28 and the coset needs a 2n-th root. */
#define FFT_MAX_LOG (FR_TWO_ADICITY - 1)

typedef struct {
    uint32_t log_n;
    size_t n;
    fr_t omega;     /* primitive n-th root of unity */
    fr_t n_inv;     /* 1/n */
    fr_t *roots;    /* omega^k for k < max(n/2, 1), owned */
} fft_domain_t;

/*
 * The primitive 2^log_n-th root of unity of ffjavascript: w_28 = g^((r-1)/2^28)
 * for the smallest quadratic non-residue g, then w_k = w_{k+1}^2.
 * log_n <= FR_TWO_ADICITY.
 */
void fft_root_of_unity(fr_t *w, uint32_t log_n);

/* Allocates the twiddle table; false when log_n > FFT_MAX_LOG or memory is short. */
bool fft_domain_init(fft_domain_t *d, uint32_t log_n, unsigned threads);
void fft_domain_free(fft_domain_t *d);

/* inverse selects omega^-1 as the generator. No 1/n scaling. */
void fft_dif(const fft_domain_t *d, fr_t *a, bool inverse, unsigned threads);
void fft_dit(const fft_domain_t *d, fr_t *a, bool inverse, unsigned threads);

void fft_bit_reverse(fr_t *a, uint32_t log_n);

/* a[k] <- sum_j a[j] omega^(jk): coefficients to evaluations, natural order. */
void fft_forward(const fft_domain_t *d, fr_t *a, unsigned threads);
/* a[j] <- (1/n) sum_k a[k] omega^(-jk): evaluations to coefficients, natural order. */
void fft_inverse(const fft_domain_t *d, fr_t *a, unsigned threads);

/*
 * For coefficients held in bit-reversed order (the output of fft_dif):
 * a[p] <- a[p] * scale * shift^bitrev(p), which moves the polynomial to the
 * coset shift*<omega> (and folds a constant factor in for free).
 */
void fft_coset_scale_bitrev(const fft_domain_t *d, fr_t *a, const fr_t *shift, const fr_t *scale,
                            unsigned threads);

#endif
