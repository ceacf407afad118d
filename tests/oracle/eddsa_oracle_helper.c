/*
 * Line-oriented driver of our Poseidon / BabyJubJub / EdDSA for
 * eddsa_oracle.js, which compares every answer with circomlibjs. One command
 * per line on stdin, one answer line on stdout:
 *   poseidon N X1..XN                 -> decimal hash
 *   pub PRVHEX                        -> PACKEDHEX AX AY
 *   sign PRVHEX MSG                   -> SIGHEX (packPoint(R8) || S LE)
 *   verify MSG R8X R8Y S AX AY        -> 1 or 0 (affine points, any S below 2^256)
 *   verifyp MSG SIGHEX PUBHEX         -> 1 or 0
 *   unpack HEX                        -> X Y, or null
 *   pack X Y                          -> HEX
 * Numbers are decimal; field elements must be below r.
 */
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/babyjub.h"
#include "crypto/eddsa.h"
#include "crypto/poseidon.h"

static bool parse_hex(uint8_t *out, size_t n, const char *s)
{
    if (!s || strlen(s) != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1)
            return false;
        out[i] = (uint8_t)v;
    }
    return true;
}

static void print_hex(const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("%02x", b[i]);
}

static bool parse_fr(fr_t *r, const char *s)
{
    return s && fr_from_dec(r, s);
}

static void print_fr(const fr_t *a)
{
    char dec[80];
    fr_to_dec(dec, a);
    fputs(dec, stdout);
}

/* A decimal below 2^256 into 4 limbs. */
static bool parse_u256(uint64_t out[4], const char *s)
{
    mpz_t z;
    if (!s || mpz_init_set_str(z, s, 10) != 0 || mpz_sgn(z) < 0 || mpz_sizeinbase(z, 2) > 256) {
        mpz_clear(z);
        return false;
    }
    memset(out, 0, 32);
    mpz_export(out, NULL, -1, 8, 0, 0, z);
    mpz_clear(z);
    return true;
}

static bool run(const eddsa_ctx *ctx, char *line)
{
    char *save = NULL;
    const char *cmd = strtok_r(line, " \t\n", &save);
#define ARG() strtok_r(NULL, " \t\n", &save)
    if (!cmd)
        return false;
    if (strcmp(cmd, "poseidon") == 0) {
        const char *ns = ARG();
        int n = ns ? atoi(ns) : 0;
        if (n < 1 || n > POSEIDON_MAX_INPUTS)
            return false;
        fr_t in[POSEIDON_MAX_INPUTS], out;
        for (int i = 0; i < n; i++)
            if (!parse_fr(&in[i], ARG()))
                return false;
        poseidon_hash(&out, in, (size_t)n);
        print_fr(&out);
    } else if (strcmp(cmd, "pub") == 0) {
        uint8_t prv[32], packed[32];
        babyjub_point a;
        if (!parse_hex(prv, 32, ARG()))
            return false;
        eddsa_prv2pub(ctx, &a, prv);
        babyjub_pack(packed, &a);
        print_hex(packed, 32);
        putchar(' ');
        print_fr(&a.x);
        putchar(' ');
        print_fr(&a.y);
    } else if (strcmp(cmd, "sign") == 0) {
        uint8_t prv[32], packed[64];
        fr_t msg;
        eddsa_signature sig;
        if (!parse_hex(prv, 32, ARG()) || !parse_fr(&msg, ARG()))
            return false;
        eddsa_sign(ctx, &sig, prv, &msg);
        eddsa_signature_pack(packed, &sig);
        print_hex(packed, 64);
    } else if (strcmp(cmd, "verify") == 0) {
        fr_t msg;
        eddsa_signature sig;
        babyjub_point a;
        if (!parse_fr(&msg, ARG()) || !parse_fr(&sig.r8.x, ARG()) || !parse_fr(&sig.r8.y, ARG()) ||
            !parse_u256(sig.s, ARG()) || !parse_fr(&a.x, ARG()) || !parse_fr(&a.y, ARG()))
            return false;
        putchar(eddsa_verify(ctx, &msg, &sig, &a) ? '1' : '0');
    } else if (strcmp(cmd, "verifyp") == 0) {
        fr_t msg;
        uint8_t sig[64], pub[32];
        if (!parse_fr(&msg, ARG()) || !parse_hex(sig, 64, ARG()) || !parse_hex(pub, 32, ARG()))
            return false;
        putchar(eddsa_verify_packed(ctx, &msg, sig, pub) ? '1' : '0');
    } else if (strcmp(cmd, "unpack") == 0) {
        uint8_t packed[32];
        babyjub_point p;
        if (!parse_hex(packed, 32, ARG()))
            return false;
        if (!babyjub_unpack(&p, packed)) {
            fputs("null", stdout);
        } else {
            print_fr(&p.x);
            putchar(' ');
            print_fr(&p.y);
        }
    } else if (strcmp(cmd, "pack") == 0) {
        babyjub_point p;
        uint8_t packed[32];
        if (!parse_fr(&p.x, ARG()) || !parse_fr(&p.y, ARG()))
            return false;
        babyjub_pack(packed, &p);
        print_hex(packed, 32);
    } else {
        return false;
    }
#undef ARG
    putchar('\n');
    return true;
}

int main(void)
{
    eddsa_ctx *ctx = eddsa_ctx_new();
    if (!ctx) {
        fprintf(stderr, "eddsa_oracle_helper: out of memory\n");
        return 3;
    }
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (getline(&line, &cap, stdin) > 0) {
        if (!run(ctx, line)) {
            fprintf(stderr, "eddsa_oracle_helper: bad command\n");
            rc = 2;
            break;
        }
        fflush(stdout);
    }
    free(line);
    eddsa_ctx_free(ctx);
    return rc;
}
