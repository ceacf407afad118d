/*
 * zks prove-zkey: rapidsnark's `prover` for any circom circuit.
 *   zks prove-zkey [--threads N] circuit.zkey witness.wtns proof.json public.json
 * proof.json and public.json have snarkjs's shapes, so `snarkjs groth16 verify`
 * and every downstream tool read them unchanged. The key is memory-mapped.
 */
#include "commands.h"

#include "snark/fft.h"
#include "snark/groth16.h"
#include "snark/wtns_file.h"
#include "snark/zkey.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void prove_zkey_usage(FILE *out)
{
    fprintf(out, "usage: zks prove-zkey [--threads N] circuit.zkey witness.wtns proof.json public.json\n"
                 "  Groth16 proof of a circom witness with a snarkjs .zkey (rapidsnark's arguments).\n"
                 "  --threads N  worker threads (default: all cores)\n"
                 "exit: 0 proved, 2 bad input, 3 I/O failure or out of memory\n");
}

/* The files exist and are readable: otherwise it is the environment (3), not the input (2). */
static bool readable(const char *path)
{
    if (access(path, R_OK) == 0)
        return true;
    fprintf(stderr, "zks prove-zkey: cannot read %s: %s\n", path, strerror(errno));
    return false;
}

static bool write_proof_json(const char *path, const groth16_proof_t *p)
{
    char ax[80], ay[80], az[80], cx[80], cy[80], cz[80], bxy[4][80], bz[2][80];
    g1_to_dec(ax, ay, az, &p->a);
    g1_to_dec(cx, cy, cz, &p->c);
    g2_to_dec(bxy, bz, &p->b);
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fprintf(f,
            "{\n \"pi_a\": [\n  \"%s\",\n  \"%s\",\n  \"%s\"\n ],\n"
            " \"pi_b\": [\n  [\n   \"%s\",\n   \"%s\"\n  ],\n  [\n   \"%s\",\n   \"%s\"\n  ],\n  [\n   \"%s\",\n   \"%s\"\n  ]\n ],\n"
            " \"pi_c\": [\n  \"%s\",\n  \"%s\",\n  \"%s\"\n ],\n"
            " \"protocol\": \"groth16\",\n \"curve\": \"bn128\"\n}\n",
            ax, ay, az, bxy[0], bxy[1], bxy[2], bxy[3], bz[0], bz[1], cx, cy, cz);
    bool ok = !ferror(f);
    return (fclose(f) == 0) && ok;
}

static bool write_public_json(const char *path, const fr_t *witness, uint32_t n_public)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fputs("[", f);
    for (uint32_t i = 1; i <= n_public; i++) {
        char dec[80];
        fr_to_dec(dec, &witness[i]);
        fprintf(f, "%s\n \"%s\"", i == 1 ? "" : ",", dec);
    }
    fputs(n_public ? "\n]\n" : "]\n", f);
    bool ok = !ferror(f);
    return (fclose(f) == 0) && ok;
}

int cmd_prove_zkey(int argc, char **argv)
{
    unsigned threads = 0;
    const char *pos[4];
    int n_pos = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            prove_zkey_usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--threads") == 0) {
            char *end;
            if (i + 1 >= argc || (threads = (unsigned)strtoul(argv[i + 1], &end, 10), *end != '\0') ||
                argv[i + 1][0] == '-' || argv[i + 1][0] == '\0' || threads > 256) {
                fprintf(stderr, "zks prove-zkey: --threads needs a count from 0 to 256\n");
                return 2;
            }
            i++;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "zks prove-zkey: unknown option %s (see --help)\n", argv[i]);
            return 2;
        }
        if (n_pos == 4) {
            fprintf(stderr, "zks prove-zkey: too many arguments (see --help)\n");
            return 2;
        }
        pos[n_pos++] = argv[i];
    }
    if (n_pos != 4) {
        fprintf(stderr, "zks prove-zkey: expects circuit.zkey witness.wtns proof.json public.json (see --help)\n");
        return 2;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "zks prove-zkey: libsodium failed to initialise\n");
        return 3;
    }
    if (!readable(pos[0]) || !readable(pos[1]))
        return 3;

    char err[256];
    zkey_t zk;
    if (!zkey_open(&zk, pos[0], err, sizeof err)) {
        fprintf(stderr, "zks prove-zkey: %s: %s\n", pos[0], err);
        return 2;
    }
    fr_t *witness = NULL;
    uint32_t n_witness = 0;
    if (!wtns_read(&witness, &n_witness, zk.n_vars, pos[1], err, sizeof err)) {
        fprintf(stderr, "zks prove-zkey: %s: %s\n", pos[1], err);
        zkey_close(&zk);
        return 2;
    }
    groth16_proof_t proof;
    int rc = 0;
    if (zk.log_domain > FFT_MAX_LOG) {
        fprintf(stderr, "zks prove-zkey: %s: domain 2^%u is beyond the prover's 2^%u\n", pos[0], zk.log_domain,
                FFT_MAX_LOG);
        rc = 2;
    } else if (!groth16_prove(&zk, witness, &proof, threads, err, sizeof err)) {
        /* the key and the witness were validated above: what is left is running out of memory */
        fprintf(stderr, "zks prove-zkey: %s\n", err);
        rc = 3;
    } else if (!write_proof_json(pos[2], &proof)) {
        fprintf(stderr, "zks prove-zkey: cannot write %s: %s\n", pos[2], strerror(errno));
        rc = 3;
    } else if (!write_public_json(pos[3], witness, zk.n_public)) {
        fprintf(stderr, "zks prove-zkey: cannot write %s: %s\n", pos[3], strerror(errno));
        rc = 3;
    }
    sodium_memzero(witness, (size_t)n_witness * sizeof *witness); /* private inputs */
    free(witness);
    zkey_close(&zk);
    return rc;
}
