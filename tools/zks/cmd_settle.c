/*
 * The settlement circuit SettleBatch(L): circuit-info, export-r1cs, setup
 * (--batch) and prove. The reusable work lives in common/circuit.
 */
#include "commands.h"

#include "circuit/settle_prove.h"
#include "snark/groth16_verify.h"
#include "snark/r1cs_file.h"
#include "snark/setup.h"
#include "snark/snark_json.h"
#include "snark/solidity.h"
#include "snark/wtns_file.h"
#include "wire/request_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *opt(int argc, char **argv, const char *name, bool *missing_value)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0) {
            if (i + 1 >= argc) {
                *missing_value = true;
                return NULL;
            }
            return argv[i + 1];
        }
    return NULL;
}

static bool has(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

/* --batch L, 1..256; 0 on a bad value (reported). */
static unsigned batch_arg(const char *cmd, int argc, char **argv)
{
    bool miss = false;
    const char *s = opt(argc, argv, "--batch", &miss);
    if (!s) {
        fprintf(stderr, "%s: --batch L is required (1..%d)\n", cmd, SETTLE_MAX_BATCH);
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || end == s || v < 1 || v > SETTLE_MAX_BATCH) {
        fprintf(stderr, "%s: --batch '%s' is not in 1..%d\n", cmd, s, SETTLE_MAX_BATCH);
        return 0;
    }
    return (unsigned)v;
}

static int build(const char *cmd, unsigned batch, r1cs_t *r)
{
    settle_ctx_t ctx;
    if (!settle_ctx_init(&ctx)) {
        fprintf(stderr, "%s: out of memory\n", cmd);
        return 3;
    }
    bool ok = settle_build_r1cs(r, &ctx, batch);
    settle_ctx_free(&ctx);
    if (!ok) {
        fprintf(stderr, "%s: out of memory building SettleBatch(%u)\n", cmd, batch);
        return 3;
    }
    return 0;
}

int cmd_circuit_info(int argc, char **argv)
{
    if (has(argc, argv, "--help")) {
        printf("usage: zks circuit-info --batch L [--json]\n"
               "prints constraints, wires, public inputs and constraints per slot of SettleBatch(L)\n");
        return 0;
    }
    unsigned batch = batch_arg("zks circuit-info", argc, argv);
    if (!batch)
        return 2;
    settle_ctx_t ctx;
    if (!settle_ctx_init(&ctx)) {
        fprintf(stderr, "zks circuit-info: out of memory\n");
        return 3;
    }
    /* one synthesis without matrices; it counts each slot's constraints as it goes */
    settle_size_t z;
    bool ok = settle_circuit_size(&ctx, batch, &z);
    settle_ctx_free(&ctx);
    if (!ok) {
        fprintf(stderr, "zks circuit-info: out of memory building SettleBatch(%u)\n", batch);
        return 3;
    }
    /* per slot: what one more slot adds (slot 0 and the signer are per batch); L = 1 has only slot 0 */
    uint32_t per_slot = batch > 1 ? z.counts.per_slot : z.counts.first_slot;
    if (has(argc, argv, "--json"))
        printf("{\"batch\":%u,\"constraints\":%u,\"wires\":%u,\"public_inputs\":%u,\"constraints_per_slot\":%u,"
               "\"constraints_per_slot_avg\":%.1f,\"constraints_per_batch\":%u,\"domain_log2\":%u}\n",
               batch, z.n_constraints, z.n_wires, z.n_public, per_slot, (double)z.n_constraints / batch,
               z.counts.per_batch, z.domain_log);
    else
        printf("batch                 %u\nconstraints           %u\nwires                 %u\npublic inputs         %u\n"
               "constraints per slot  %u (marginal), %.1f (average)\nconstraints per batch %u (signer, ranges, "
               "totals)\ndomain                2^%u\n",
               batch, z.n_constraints, z.n_wires, z.n_public, per_slot, (double)z.n_constraints / batch,
               z.counts.per_batch, z.domain_log);
    return 0;
}

int cmd_export_r1cs(int argc, char **argv)
{
    if (has(argc, argv, "--help")) {
        printf("usage: zks export-r1cs --batch L --out FILE.r1cs\n");
        return 0;
    }
    bool miss = false;
    const char *out = opt(argc, argv, "--out", &miss);
    unsigned batch = batch_arg("zks export-r1cs", argc, argv);
    if (!batch)
        return 2;
    if (!out) {
        fprintf(stderr, "zks export-r1cs: --out FILE is required\n");
        return 2;
    }
    r1cs_t r;
    int rc = build("zks export-r1cs", batch, &r);
    if (rc)
        return rc;
    char err[256];
    if (!r1cs_write(&r, out, err, sizeof err)) {
        fprintf(stderr, "zks export-r1cs: %s\n", err);
        rc = 3;
    }
    r1cs_free(&r);
    return rc;
}

static bool path_join(char *buf, size_t len, const char *dir, const char *name)
{
    int n = snprintf(buf, len, "%s/%s", dir, name);
    return n > 0 && (size_t)n < len;
}

int cmd_settle_setup(int argc, char **argv)
{
    if (has(argc, argv, "--help")) {
        printf("usage: zks setup --batch L --out DIR [--zkey CEREMONY.zkey] [--threads N]\n"
               "writes DIR/settle_L.zkey, settle_L.r1cs, verification_key.json, verifier.sol.\n"
               "Without --zkey this is a SINGLE-PARTY DEVELOPMENT setup: NOT FOR PRODUCTION.\n"
               "With --zkey the ceremony key is checked against the circuit and copied.\n");
        return 0;
    }
    const char *cmd = "zks setup";
    bool miss = false;
    const char *dir = opt(argc, argv, "--out", &miss);
    const char *ceremony = opt(argc, argv, "--zkey", &miss);
    const char *threads_s = opt(argc, argv, "--threads", &miss);
    unsigned batch = batch_arg(cmd, argc, argv);
    if (!batch)
        return 2;
    if (!dir || miss) {
        fprintf(stderr, "%s: usage: zks setup --batch L --out DIR [--zkey FILE]\n", cmd);
        return 2;
    }
    unsigned threads = threads_s ? (unsigned)strtoul(threads_s, NULL, 10) : 0;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: cannot create %s: %s\n", cmd, dir, strerror(errno));
        return 3;
    }
    char zkey_path[4096], r1cs_path[4096], vk_path[4096], sol_path[4096], name[64], err[256];
    snprintf(name, sizeof name, "settle_%u.zkey", batch);
    bool paths = path_join(zkey_path, sizeof zkey_path, dir, name);
    snprintf(name, sizeof name, "settle_%u.r1cs", batch);
    paths = paths && path_join(r1cs_path, sizeof r1cs_path, dir, name) &&
            path_join(vk_path, sizeof vk_path, dir, "verification_key.json") &&
            path_join(sol_path, sizeof sol_path, dir, "verifier.sol");
    if (!paths) {
        fprintf(stderr, "%s: output directory name too long\n", cmd);
        return 2;
    }
    r1cs_t r;
    int rc = build(cmd, batch, &r);
    if (rc)
        return rc;
    if (!r1cs_write(&r, r1cs_path, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", cmd, err);
        r1cs_free(&r);
        return 3;
    }
    groth16_vkey_t vk = {0};
    if (ceremony) {
        zkey_t zk;
        if (!zkey_open(&zk, ceremony, err, sizeof err)) {
            fprintf(stderr, "%s: %s: %s\n", cmd, ceremony, err);
            r1cs_free(&r);
            return access(ceremony, R_OK) == 0 ? 2 : 3;
        }
        bool ok = settle_key_matches(&zk, &r, err, sizeof err);
        if (!ok) {
            fprintf(stderr, "%s: %s does not match SettleBatch(%u): %s\n", cmd, ceremony, batch, err);
            rc = 2;
        } else if (!groth16_vkey_from_zkey(&vk, &zk)) {
            fprintf(stderr, "%s: %s: cannot read its verification key\n", cmd, ceremony);
            rc = 2;
        } else {
            FILE *out = fopen(zkey_path, "wb");
            ok = out && fwrite(zk.map, 1, zk.map_len, out) == zk.map_len;
            if (out && fclose(out) != 0)
                ok = false;
            if (!ok) {
                fprintf(stderr, "%s: cannot write %s\n", cmd, zkey_path);
                rc = 3;
            }
        }
        zkey_close(&zk);
    } else {
        fprintf(stderr, "WARNING: zks setup is a SINGLE-PARTY DEVELOPMENT SETUP. Whoever ran it could forge proofs. "
                        "NOT FOR PRODUCTION: use a Powers-of-Tau + phase-2 ceremony (zks export-r1cs, snarkjs, "
                        "then zks setup --zkey).\n");
        if (!groth16_dev_setup(&r, zkey_path, &vk, threads, err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", cmd, err);
            rc = 3;
        }
    }
    r1cs_free(&r);
    if (rc == 0) {
        json_t *j = groth16_vkey_to_json(&vk);
        if (!j || !snark_json_save(j, vk_path, err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", cmd, j ? err : "out of memory");
            rc = 3;
        }
        json_decref(j);
        FILE *sol = rc == 0 ? fopen(sol_path, "w") : NULL;
        if (rc == 0 && (!sol || !solidity_write_verifier(sol, &vk) || fclose(sol) != 0)) {
            fprintf(stderr, "%s: cannot write %s\n", cmd, sol_path);
            rc = 3;
        }
    }
    groth16_vkey_free(&vk);
    return rc;
}

/* Reads traces.json (an array of signed requests). 0, or the exit code after a one-line message. */
static int read_traces(const char *path, settle_request_t **out, size_t *n)
{
    json_error_t jerr;
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "zks prove: cannot read %s\n", path);
        return 3;
    }
    json_t *arr = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!arr || !json_is_array(arr)) {
        fprintf(stderr, "zks prove: %s: %s\n", path, arr ? "not a JSON array of signed requests" : jerr.text);
        json_decref(arr);
        return 2;
    }
    *n = json_array_size(arr);
    *out = calloc(*n ? *n : 1, sizeof **out);
    if (!*out) {
        json_decref(arr);
        fprintf(stderr, "zks prove: out of memory\n");
        return 3;
    }
    for (size_t i = 0; i < *n; i++) {
        zks_request r;
        char err[200];
        if (!zks_request_from_json(&r, json_array_get(arr, i), ZKS_REQUEST_SIGNED, err, sizeof err)) {
            fprintf(stderr, "zks prove: trace %zu: %s\n", i, err);
            json_decref(arr);
            free(*out);
            return 2;
        }
        settle_request_t *s = &(*out)[i];
        s->nonce = r.nonce;
        s->fee = r.fee;
        memcpy(s->user, r.user, 20);
        memcpy(s->provider, r.provider, 20);
        memcpy(s->signer, r.signer, 32);
        memcpy(s->signature, r.signature, 64);
    }
    json_decref(arr);
    return 0;
}

/*
 * --wtns: the witness of in as a snarkjs .wtns, so snarkjs can prove the very
 * same assignment with the same key (benchmarks, cross-checks). It is
 * synthesised again rather than taken from settle_prove, which keeps the
 * proving path free of this option; synthesis is cheap next to proving.
 */
static int write_witness(settle_ctx_t *ctx, const settle_input_t *in, const char *path)
{
    cs_t cs;
    cs_init_mode(&cs, CS_WITNESS_ONLY);
    char err[256];
    int rc = 0;
    if (!settle_synthesize(&cs, ctx, in)) {
        fprintf(stderr, "zks prove: witness generation failed (out of memory)\n");
        rc = 3;
    } else if (!cs.satisfied) {
        fprintf(stderr, "zks prove: witness violates constraint %u\n", cs.first_failed);
        rc = 2;
    } else if (!wtns_write(cs.w, cs.n_wires, path, err, sizeof err)) {
        fprintf(stderr, "zks prove: %s\n", err);
        rc = 3;
    }
    cs_free(&cs);
    return rc;
}

int cmd_prove(int argc, char **argv)
{
    if (has(argc, argv, "--help")) {
        printf("usage: zks prove --keys DIR --traces traces.json --proof proof.json --public public.json\n"
               "       [--batch L] [--threads N] [--wtns witness.wtns]\n"
               "traces.json: a JSON array of 1..L signed requests (zks sign output) of one user/provider pair\n"
               "and one signer, in any order. L is taken from the one settle_L.zkey in DIR unless given.\n"
               "--wtns also writes the witness (snarkjs .wtns) so snarkjs can prove the same assignment.\n"
               "exit 0 proved, 2 invalid input (reason names the trace), 3 I/O failure\n");
        return 0;
    }
    bool miss = false;
    const char *keys = opt(argc, argv, "--keys", &miss), *traces = opt(argc, argv, "--traces", &miss),
               *proof_path = opt(argc, argv, "--proof", &miss), *public_path = opt(argc, argv, "--public", &miss),
               *threads_s = opt(argc, argv, "--threads", &miss), *wtns_path = opt(argc, argv, "--wtns", &miss);
    if (miss || !keys || !traces || !proof_path || !public_path) {
        fprintf(stderr, "zks prove: usage: zks prove --keys DIR --traces traces.json --proof proof.json "
                        "--public public.json\n");
        return 2;
    }
    unsigned threads = threads_s ? (unsigned)strtoul(threads_s, NULL, 10) : 0;
    unsigned batch = 0;
    if (has(argc, argv, "--batch")) {
        batch = batch_arg("zks prove", argc, argv);
        if (!batch)
            return 2;
    }
    char zkey_path[4096], name[64], err[256];
    if (!batch) {
        /* the key directory of `zks setup --batch L` holds exactly one settle_L.zkey */
        for (unsigned l = 1; l <= SETTLE_MAX_BATCH; l++) {
            snprintf(name, sizeof name, "settle_%u.zkey", l);
            if (path_join(zkey_path, sizeof zkey_path, keys, name) && access(zkey_path, R_OK) == 0) {
                if (batch) {
                    fprintf(stderr, "zks prove: %s holds keys for several batch sizes; pass --batch L\n", keys);
                    return 2;
                }
                batch = l;
            }
        }
        if (!batch) {
            fprintf(stderr, "zks prove: no settle_L.zkey in %s (run zks setup --batch L --out %s)\n", keys, keys);
            return 3;
        }
    }
    snprintf(name, sizeof name, "settle_%u.zkey", batch);
    if (!path_join(zkey_path, sizeof zkey_path, keys, name)) {
        fprintf(stderr, "zks prove: key directory name too long\n");
        return 2;
    }

    settle_request_t *req = NULL;
    size_t n = 0;
    int rc = read_traces(traces, &req, &n);
    if (rc)
        return rc;
    eddsa_ctx *ed = eddsa_ctx_new();
    settle_ctx_t ctx;
    bool have_ctx = ed && settle_ctx_init(&ctx);
    if (!have_ctx) {
        fprintf(stderr, "zks prove: out of memory\n");
        eddsa_ctx_free(ed);
        free(req);
        return 3;
    }
    settle_input_t in;
    if (!settle_input_from_requests(&in, batch, req, n, ed, err, sizeof err)) {
        fprintf(stderr, "zks prove: %s\n", err);
        rc = 2;
    }
    free(req);
    zkey_t zk;
    bool have_key = false;
    if (!rc) {
        have_key = zkey_open(&zk, zkey_path, err, sizeof err);
        if (!have_key) {
            fprintf(stderr, "zks prove: %s: %s\n", zkey_path, err);
            rc = 3;
        }
    }
    groth16_proof_t proof;
    fr_t pub[SETTLE_N_PUBLIC];
    if (!rc && !settle_prove(&zk, &ctx, &in, &proof, pub, threads, err, sizeof err)) {
        fprintf(stderr, "zks prove: %s\n", err);
        rc = 2;
    }
    if (!rc) {
        json_t *jp = groth16_proof_to_json(&proof), *ju = groth16_public_to_json(pub, SETTLE_N_PUBLIC);
        if (!jp || !ju || !snark_json_save(jp, proof_path, err, sizeof err) ||
            !snark_json_save(ju, public_path, err, sizeof err)) {
            fprintf(stderr, "zks prove: %s\n", err);
            rc = 3;
        }
        json_decref(jp);
        json_decref(ju);
    }
    if (!rc && wtns_path)
        rc = write_witness(&ctx, &in, wtns_path);
    if (have_key)
        zkey_close(&zk);
    if (in.slot)
        settle_input_free(&in);
    settle_ctx_free(&ctx);
    eddsa_ctx_free(ed);
    return rc;
}
