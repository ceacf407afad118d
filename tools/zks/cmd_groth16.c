/*
 * Groth16 for any circom circuit: development setup, verification in
 * snarkjs's argument order, Solidity verifier export and EVM calldata.
 */
#include "commands.h"

#include "snark/calldata.h"
#include "snark/groth16_verify.h"
#include "snark/r1cs_file.h"
#include "snark/setup.h"
#include "snark/snark_json.h"
#include "snark/solidity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Finds `--name VALUE`; *value stays NULL when absent. False when the flag has no value. */
static bool flag_value(int argc, char **argv, const char *name, const char **value)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0) {
            if (i + 1 >= argc)
                return false;
            *value = argv[i + 1];
            return true;
        }
    return true;
}

static bool has_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

/* Loads a JSON file: 3 when it cannot be read at all, 2 when it is not JSON. */
static int load_json(const char *cmd, const char *path, json_t **out)
{
    char err[256];
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "%s: cannot read %s\n", cmd, path);
        return 3;
    }
    *out = snark_json_load(path, err, sizeof err);
    if (!*out) {
        fprintf(stderr, "%s: %s\n", cmd, err);
        return 2;
    }
    return 0;
}

static int load_vkey(const char *cmd, const char *path, groth16_vkey_t *vk)
{
    json_t *j;
    char err[256];
    int rc = load_json(cmd, path, &j);
    if (rc)
        return rc;
    bool ok = groth16_vkey_from_json(vk, j, err, sizeof err);
    json_decref(j);
    if (!ok) {
        fprintf(stderr, "%s: %s: %s\n", cmd, path, err);
        return 2;
    }
    return 0;
}

static int load_proof(const char *cmd, const char *path, groth16_proof_t *p)
{
    json_t *j;
    char err[256];
    int rc = load_json(cmd, path, &j);
    if (rc)
        return rc;
    bool ok = groth16_proof_from_json(p, j, err, sizeof err);
    json_decref(j);
    if (!ok) {
        fprintf(stderr, "%s: %s: %s\n", cmd, path, err);
        return 2;
    }
    return 0;
}

static int load_public(const char *cmd, const char *path, fr_t **pub, size_t *n)
{
    json_t *j;
    char err[256];
    int rc = load_json(cmd, path, &j);
    if (rc)
        return rc;
    bool ok = groth16_public_from_json(pub, n, j, err, sizeof err);
    json_decref(j);
    if (!ok) {
        fprintf(stderr, "%s: %s: %s\n", cmd, path, err);
        return 2;
    }
    return 0;
}

int cmd_setup(int argc, char **argv)
{
    if (has_flag(argc, argv, "--batch"))
        return cmd_settle_setup(argc, argv);
    const char *r1cs_path = NULL, *zkey_path = NULL, *vkey_path = NULL, *threads_s = NULL;
    if (has_flag(argc, argv, "--help")) {
        printf("usage: zks setup --r1cs CIRCUIT.r1cs --zkey OUT.zkey [--vkey verification_key.json] [--threads N]\n"
               "       zks setup --batch L ...   (the settlement circuit)\n"
               "Single-party DEVELOPMENT setup from local randomness: not for production.\n");
        return 0;
    }
    if (!flag_value(argc, argv, "--r1cs", &r1cs_path) || !flag_value(argc, argv, "--zkey", &zkey_path) ||
        !flag_value(argc, argv, "--vkey", &vkey_path) || !flag_value(argc, argv, "--threads", &threads_s) ||
        !r1cs_path || !zkey_path) {
        fprintf(stderr, "zks setup: usage: zks setup --r1cs CIRCUIT.r1cs --zkey OUT.zkey [--vkey VK.json]\n");
        return 2;
    }
    unsigned threads = threads_s ? (unsigned)strtoul(threads_s, NULL, 10) : 0;
    char err[256];
    r1cs_t cs;
    if (access(r1cs_path, R_OK) != 0) {
        fprintf(stderr, "zks setup: cannot read %s\n", r1cs_path);
        return 3;
    }
    if (!r1cs_read(&cs, r1cs_path, err, sizeof err)) {
        fprintf(stderr, "zks setup: %s\n", err);
        return 2;
    }
    fprintf(stderr, "WARNING: zks setup is a SINGLE-PARTY DEVELOPMENT SETUP. Whoever ran it could forge proofs. "
                    "NOT FOR PRODUCTION: use a Powers-of-Tau + phase-2 ceremony.\n");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    groth16_vkey_t vk = {0};
    bool ok = groth16_dev_setup(&cs, zkey_path, &vk, threads, err, sizeof err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    unsigned log_n = groth16_domain_log(&cs);
    uint32_t n_constraints = cs.n_constraints;
    r1cs_free(&cs);
    if (!ok) {
        fprintf(stderr, "zks setup: %s\n", err);
        return 3;
    }
    fprintf(stderr, "zks setup: %u constraints, domain 2^%u, %.2f s\n", n_constraints, log_n,
            (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    int rc = 0;
    if (vkey_path) {
        json_t *j = groth16_vkey_to_json(&vk);
        if (!snark_json_save(j, vkey_path, err, sizeof err)) {
            fprintf(stderr, "zks setup: %s\n", err);
            rc = 3;
        }
        json_decref(j);
    }
    groth16_vkey_free(&vk);
    return rc;
}

int cmd_verify(int argc, char **argv)
{
    if (has_flag(argc, argv, "--help")) {
        printf("usage: zks verify verification_key.json public.json proof.json\n"
               "exit 0 valid, 1 invalid, 2 malformed input, 3 unreadable file\n");
        return 0;
    }
    if (argc != 4) {
        fprintf(stderr, "zks verify: usage: zks verify verification_key.json public.json proof.json\n");
        return 2;
    }
    groth16_vkey_t vk = {0};
    groth16_proof_t proof;
    fr_t *pub = NULL;
    size_t n_pub = 0;
    int rc = load_vkey("zks verify", argv[1], &vk);
    if (!rc)
        rc = load_public("zks verify", argv[2], &pub, &n_pub);
    if (!rc)
        rc = load_proof("zks verify", argv[3], &proof);
    if (!rc && n_pub != vk.n_public) {
        fprintf(stderr, "zks verify: %zu public signals, the key expects %u\n", n_pub, vk.n_public);
        rc = 2;
    }
    if (!rc) {
        if (groth16_verify(&vk, pub, &proof)) {
            printf("OK\n");
        } else {
            fprintf(stderr, "zks verify: invalid proof\n");
            rc = 1;
        }
    }
    free(pub);
    groth16_vkey_free(&vk);
    return rc;
}

int cmd_export_verifier(int argc, char **argv)
{
    const char *vkey_path = NULL, *out_path = NULL;
    if (has_flag(argc, argv, "--help")) {
        printf("usage: zks export-verifier --vkey verification_key.json --out Verifier.sol\n"
               "The contract has verifyProof (snarkjs ABI) and verifyBatch(uint[] inProof, uint[] proofInputs, uint "
               "numProofs).\n");
        return 0;
    }
    if (!flag_value(argc, argv, "--vkey", &vkey_path) || !flag_value(argc, argv, "--out", &out_path) || !vkey_path ||
        !out_path) {
        fprintf(stderr, "zks export-verifier: usage: zks export-verifier --vkey VK.json --out Verifier.sol\n");
        return 2;
    }
    groth16_vkey_t vk = {0};
    int rc = load_vkey("zks export-verifier", vkey_path, &vk);
    if (rc)
        return rc;
    char err[256];
    FILE *f = fopen(out_path, "w");
    if (!f || !solidity_write_verifier(f, &vk) || fclose(f) != 0) {
        snprintf(err, sizeof err, "cannot write %s", out_path);
        fprintf(stderr, "zks export-verifier: %s\n", err);
        rc = 3;
    }
    groth16_vkey_free(&vk);
    return rc;
}

int cmd_calldata(int argc, char **argv)
{
    if (has_flag(argc, argv, "--help") || argc < 3) {
        FILE *out = argc < 3 && !has_flag(argc, argv, "--help") ? stderr : stdout;
        fprintf(out, "usage: zks calldata public.json proof.json              (verifyProof arguments, snarkjs shape)\n"
                     "       zks calldata --batch public1.json proof1.json [public2.json proof2.json ...]\n"
                     "                                                     (verifyBatch arguments)\n");
        return out == stdout ? 0 : 2;
    }
    bool batch = strcmp(argv[1], "--batch") == 0;
    int first = batch ? 2 : 1;
    int pairs = (argc - first) / 2;
    if ((argc - first) % 2 != 0 || pairs < 1 || (!batch && pairs != 1)) {
        fprintf(stderr, "zks calldata: expected public.json proof.json pairs\n");
        return 2;
    }
    groth16_proof_t *proofs = calloc((size_t)pairs, sizeof *proofs);
    fr_t **pubs = calloc((size_t)pairs, sizeof *pubs);
    size_t *n_pub = calloc((size_t)pairs, sizeof *n_pub);
    int rc = (!proofs || !pubs || !n_pub) ? 3 : 0;
    for (int i = 0; i < pairs && !rc; i++) {
        rc = load_public("zks calldata", argv[first + 2 * i], &pubs[i], &n_pub[i]);
        if (!rc)
            rc = load_proof("zks calldata", argv[first + 2 * i + 1], &proofs[i]);
        if (!rc && n_pub[i] != n_pub[0]) {
            fprintf(stderr, "zks calldata: proofs have different public signal counts\n");
            rc = 2;
        }
    }
    if (!rc) {
        char *text = batch ? calldata_batch(proofs, (const fr_t *const *)pubs, (size_t)pairs, n_pub[0])
                           : calldata_single(&proofs[0], pubs[0], n_pub[0]);
        if (!text) {
            rc = 3;
        } else {
            printf("%s\n", text);
            free(text);
        }
    }
    for (int i = 0; i < pairs && pubs; i++)
        free(pubs[i]);
    free(pubs);
    free(proofs);
    free(n_pub);
    return rc;
}
