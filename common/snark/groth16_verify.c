#include "snark/groth16_verify.h"

#include "crypto/pairing.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void groth16_vkey_free(groth16_vkey_t *vk)
{
    free(vk->ic);
    vk->ic = NULL;
}

bool groth16_vkey_from_zkey(groth16_vkey_t *vk, const zkey_t *zk)
{
    vk->n_public = zk->n_public;
    vk->alpha1 = zk->alpha1;
    vk->beta2 = zk->beta2;
    vk->gamma2 = zk->gamma2;
    vk->delta2 = zk->delta2;
    vk->ic = malloc(((size_t)zk->n_public + 1) * sizeof(g1_affine_t));
    if (!vk->ic)
        return false;
    for (size_t i = 0; i <= zk->n_public; i++)
        zkey_g1_at(&vk->ic[i], zk->ic, i);
    return true;
}

bool groth16_proof_is_well_formed(const groth16_proof_t *p)
{
    return !g1_affine_is_infinity(&p->a) && g1_affine_on_curve(&p->a) && !g1_affine_is_infinity(&p->c) &&
           g1_affine_on_curve(&p->c) && !g2_affine_is_infinity(&p->b) && g2_affine_in_subgroup(&p->b);
}

/* acc += scalar * p */
static void add_mul(g1_jac_t *acc, const g1_affine_t *p, const fr_t *scalar)
{
    uint64_t k[4];
    g1_jac_t t;
    fr_to_canonical(k, scalar);
    g1_jac_from_affine(&t, p);
    g1_jac_mul(&t, &t, k);
    g1_jac_add(acc, acc, &t);
}

static void public_combination(g1_jac_t *vk_x, const groth16_vkey_t *vk, const fr_t *pub)
{
    g1_jac_from_affine(vk_x, &vk->ic[0]);
    for (uint32_t i = 0; i < vk->n_public; i++)
        add_mul(vk_x, &vk->ic[i + 1], &pub[i]);
}

bool groth16_verify(const groth16_vkey_t *vk, const fr_t *pub, const groth16_proof_t *proof)
{
    if (!groth16_proof_is_well_formed(proof))
        return false;
    g1_jac_t x;
    g1_affine_t p[4];
    g2_affine_t q[4];
    public_combination(&x, vk, pub);
    g1_affine_neg(&p[0], &proof->a);
    q[0] = proof->b;
    p[1] = vk->alpha1;
    q[1] = vk->beta2;
    g1_jac_to_affine(&p[2], &x);
    q[2] = vk->gamma2;
    p[3] = proof->c;
    q[3] = vk->delta2;
    return bn254_pairing_product_is_one(p, q, 4);
}

bool groth16_verify_batch(const groth16_vkey_t *vk, const fr_t *pub, const groth16_proof_t *proofs, size_t n)
{
    if (n == 0)
        return true;
    /* pairs: (-r_i A_i, B_i) for each proof, then (sum r_i alpha, beta), (sum r_i vk_x_i, gamma), (sum r_i C_i, delta) */
    g1_affine_t *p = malloc((n + 3) * sizeof *p);
    g2_affine_t *q = malloc((n + 3) * sizeof *q);
    if (!p || !q) {
        free(p);
        free(q);
        return false;
    }
    bool ok = true;
    fr_t r_sum;
    g1_jac_t x_acc, c_acc;
    fr_set_zero(&r_sum);
    g1_jac_set_infinity(&x_acc);
    g1_jac_set_infinity(&c_acc);
    for (size_t i = 0; i < n && ok; i++) {
        const groth16_proof_t *pr = &proofs[i];
        if (!groth16_proof_is_well_formed(pr)) {
            ok = false;
            break;
        }
        uint8_t rb[16];
        fr_t r;
        randombytes_buf(rb, sizeof rb);
        rb[0] |= 1; /* never zero: a zero weight would drop proof i from the check */
        fr_from_bytes_le_reduce(&r, rb, sizeof rb);
        fr_add(&r_sum, &r_sum, &r);
        g1_jac_t x, t;
        public_combination(&x, vk, pub + i * (size_t)vk->n_public);
        uint64_t k[4];
        fr_to_canonical(k, &r);
        g1_jac_mul(&x, &x, k);
        g1_jac_add(&x_acc, &x_acc, &x);
        add_mul(&c_acc, &pr->c, &r);
        g1_jac_from_affine(&t, &pr->a);
        g1_jac_mul(&t, &t, k);
        g1_jac_neg(&t, &t);
        g1_jac_to_affine(&p[i], &t);
        q[i] = pr->b;
    }
    if (ok) {
        g1_affine_mul(&p[n], &vk->alpha1, &r_sum);
        q[n] = vk->beta2;
        g1_jac_to_affine(&p[n + 1], &x_acc);
        q[n + 1] = vk->gamma2;
        g1_jac_to_affine(&p[n + 2], &c_acc);
        q[n + 2] = vk->delta2;
        ok = bn254_pairing_product_is_one(p, q, n + 3);
    }
    free(p);
    free(q);
    return ok;
}
