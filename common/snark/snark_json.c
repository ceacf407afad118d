#include "snark/snark_json.h"

#include "crypto/pairing.h"
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *fq_json(const fq_t *a)
{
    char s[80];
    fq_to_dec(s, a);
    return json_string(s);
}

static json_t *g1_json(const g1_affine_t *p)
{
    char x[80], y[80], z[80];
    g1_to_dec(x, y, z, p);
    return json_pack("[sss]", x, y, z);
}

static json_t *g2_json(const g2_affine_t *p)
{
    char xy[4][80], z[2][80];
    g2_to_dec(xy, z, p);
    return json_pack("[[ss][ss][ss]]", xy[0], xy[1], xy[2], xy[3], z[0], z[1]);
}

static json_t *fq2_json(const fq2_t *a)
{
    return json_pack("[oo]", fq_json(&a->c0), fq_json(&a->c1));
}

static json_t *fq6_json(const fq6_t *a)
{
    return json_pack("[ooo]", fq2_json(&a->c0), fq2_json(&a->c1), fq2_json(&a->c2));
}

/*
 * snarkjs (ffjavascript) ends its pairing with the Fuentes-Castaneda et al.
 * hard part, which computes the exact reduced pairing raised to
 * 2x(6x^2 + 3x + 1), x = 4965661367192848881 (the BN254 parameter). Our
 * pairing uses the exact exponent (p^12 - 1)/r, so vk_alphabeta_12 takes this
 * extra power to be byte-identical with `snarkjs zkey export verificationkey`.
 * Verification never uses the field; old verifier templates do.
 */
static const uint64_t SNARKJS_GT_POWER[3] = {0x2e5d4e223ddedaf4ULL, 0x1ea96b02d9d9e38dULL, 0x3bec47df15e307c8ULL};

json_t *groth16_vkey_to_json(const groth16_vkey_t *vk)
{
    fq12_t ab;
    bn254_pairing(&ab, &vk->alpha1, &vk->beta2);
    fq12_pow(&ab, &ab, SNARKJS_GT_POWER, 3);
    json_t *ic = json_array();
    for (uint32_t i = 0; i <= vk->n_public; i++)
        json_array_append_new(ic, g1_json(&vk->ic[i]));
    return json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:[oo], s:o}", "protocol", "groth16", "curve", "bn128",
                     "nPublic", (json_int_t)vk->n_public, "vk_alpha_1", g1_json(&vk->alpha1), "vk_beta_2",
                     g2_json(&vk->beta2), "vk_gamma_2", g2_json(&vk->gamma2), "vk_delta_2", g2_json(&vk->delta2),
                     "vk_alphabeta_12", fq6_json(&ab.c0), fq6_json(&ab.c1), "IC", ic);
}

/* A JSON string of decimal digits. */
static const char *dec_at(const json_t *arr, size_t i)
{
    const json_t *v = json_array_get(arr, i);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool g1_from_json(g1_affine_t *p, const json_t *j, const char *what, char *err, size_t err_len)
{
    const char *x, *y, *z;
    if (!json_is_array(j) || json_array_size(j) != 3 || !(x = dec_at(j, 0)) || !(y = dec_at(j, 1)) ||
        !(z = dec_at(j, 2)))
        return zks_fail(err, err_len, "%s: expected [x, y, z] decimal strings", what);
    if (!g1_from_dec(p, x, y, z))
        return zks_fail(err, err_len, "%s: not a point on the BN254 G1 curve (or coordinate >= q)", what);
    return true;
}

static bool g2_from_json(g2_affine_t *p, const json_t *j, const char *what, char *err, size_t err_len)
{
    const char *xy[4], *z[2];
    if (!json_is_array(j) || json_array_size(j) != 3)
        return zks_fail(err, err_len, "%s: expected [[x0, x1], [y0, y1], [z0, z1]]", what);
    for (size_t i = 0; i < 3; i++) {
        const json_t *c = json_array_get(j, i);
        const char **dst = i < 2 ? &xy[2 * i] : z;
        if (!json_is_array(c) || json_array_size(c) != 2 || !(dst[0] = dec_at(c, 0)) || !(dst[1] = dec_at(c, 1)))
            return zks_fail(err, err_len, "%s: expected [[x0, x1], [y0, y1], [z0, z1]] decimal strings", what);
    }
    if (!g2_from_dec(p, xy, z))
        return zks_fail(err, err_len, "%s: not a point of the BN254 G2 subgroup (or coordinate >= q)", what);
    return true;
}

bool groth16_vkey_from_json(groth16_vkey_t *vk, const json_t *j, char *err, size_t err_len)
{
    memset(vk, 0, sizeof *vk);
    if (!json_is_object(j))
        return zks_fail(err, err_len, "verification key: not a JSON object");
    const json_t *proto = json_object_get(j, "protocol"), *curve = json_object_get(j, "curve");
    if (!json_is_string(proto) || strcmp(json_string_value(proto), "groth16") != 0)
        return zks_fail(err, err_len, "verification key: protocol is not groth16");
    if (!json_is_string(curve) || strcmp(json_string_value(curve), "bn128") != 0)
        return zks_fail(err, err_len, "verification key: curve is not bn128");
    const json_t *np = json_object_get(j, "nPublic"), *ic = json_object_get(j, "IC");
    if (!json_is_integer(np) || json_integer_value(np) < 0 || json_integer_value(np) > 1000000)
        return zks_fail(err, err_len, "verification key: nPublic missing or out of range");
    vk->n_public = (uint32_t)json_integer_value(np);
    if (!json_is_array(ic) || json_array_size(ic) != (size_t)vk->n_public + 1)
        return zks_fail(err, err_len, "verification key: IC must hold nPublic + 1 = %u points", vk->n_public + 1);
    if (!g1_from_json(&vk->alpha1, json_object_get(j, "vk_alpha_1"), "vk_alpha_1", err, err_len) ||
        !g2_from_json(&vk->beta2, json_object_get(j, "vk_beta_2"), "vk_beta_2", err, err_len) ||
        !g2_from_json(&vk->gamma2, json_object_get(j, "vk_gamma_2"), "vk_gamma_2", err, err_len) ||
        !g2_from_json(&vk->delta2, json_object_get(j, "vk_delta_2"), "vk_delta_2", err, err_len))
        return false;
    vk->ic = malloc(((size_t)vk->n_public + 1) * sizeof(g1_affine_t));
    if (!vk->ic)
        return zks_fail(err, err_len, "verification key: out of memory");
    for (size_t i = 0; i <= vk->n_public; i++) {
        char what[32];
        snprintf(what, sizeof what, "IC[%zu]", i);
        if (!g1_from_json(&vk->ic[i], json_array_get(ic, i), what, err, err_len)) {
            free(vk->ic);
            vk->ic = NULL;
            return false;
        }
    }
    return true;
}

json_t *groth16_proof_to_json(const groth16_proof_t *p)
{
    return json_pack("{s:o, s:o, s:o, s:s, s:s}", "pi_a", g1_json(&p->a), "pi_b", g2_json(&p->b), "pi_c",
                     g1_json(&p->c), "protocol", "groth16", "curve", "bn128");
}

bool groth16_proof_from_json(groth16_proof_t *p, const json_t *j, char *err, size_t err_len)
{
    if (!json_is_object(j))
        return zks_fail(err, err_len, "proof: not a JSON object");
    const json_t *proto = json_object_get(j, "protocol");
    if (proto && (!json_is_string(proto) || strcmp(json_string_value(proto), "groth16") != 0))
        return zks_fail(err, err_len, "proof: protocol is not groth16");
    return g1_from_json(&p->a, json_object_get(j, "pi_a"), "proof pi_a", err, err_len) &&
           g2_from_json(&p->b, json_object_get(j, "pi_b"), "proof pi_b", err, err_len) &&
           g1_from_json(&p->c, json_object_get(j, "pi_c"), "proof pi_c", err, err_len);
}

json_t *groth16_public_to_json(const fr_t *pub, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        char s[80];
        fr_to_dec(s, &pub[i]);
        json_array_append_new(a, json_string(s));
    }
    return a;
}

bool groth16_public_from_json(fr_t **pub, size_t *n, const json_t *j, char *err, size_t err_len)
{
    *pub = NULL;
    *n = 0;
    if (!json_is_array(j))
        return zks_fail(err, err_len, "public signals: not a JSON array");
    size_t count = json_array_size(j);
    fr_t *v = malloc((count ? count : 1) * sizeof(fr_t));
    if (!v)
        return zks_fail(err, err_len, "public signals: out of memory");
    for (size_t i = 0; i < count; i++) {
        const char *s = dec_at(j, i);
        if (!s || !fr_from_dec(&v[i], s)) {
            free(v);
            return zks_fail(err, err_len, "public signal %zu: not a decimal string below r", i);
        }
    }
    *pub = v;
    *n = count;
    return true;
}

json_t *snark_json_load(const char *path, char *err, size_t err_len)
{
    json_error_t je;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        zks_fail(err, err_len, "%s: %s (line %d)", path, je.text, je.line);
    return j;
}

bool snark_json_save(const json_t *j, const char *path, char *err, size_t err_len)
{
    if (!j || json_dump_file(j, path, JSON_INDENT(1)) != 0)
        return zks_fail(err, err_len, "%s: cannot write", path);
    return true;
}
