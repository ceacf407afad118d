/*
 * SettleBatch(L): the settlement circuit of DESIGN §4.
 *
 * Public inputs (wires 1..7, in this order):
 *   user, provider, initNonce, finalNonce, totalFee, signer0, signer1
 * Private inputs per slot i < L: nonce_i, fee_i, enabled_i, R8_i (x, y), S_i.
 * The signer point A is a hint decompressed from signer0/signer1.
 *
 * settle_synthesize() is the one synthesis function: it computes every wire
 * and emits every constraint in one pass, whatever the input values, so setup
 * runs it over settle_input_dummy() and the prover over real requests.
 */
#ifndef ZKS_CIRCUIT_SETTLE_BATCH_H
#define ZKS_CIRCUIT_SETTLE_BATCH_H

#include "circuit/gadget_babyjub.h"
#include "snark/cs.h"

#include <stdbool.h>
#include <stdint.h>

#define SETTLE_MAX_BATCH 256
#define SETTLE_N_PUBLIC 7

typedef struct {
    fr_t nonce, fee, enabled;
    fr_t r8x, r8y, s;
} settle_slot_t;

/* Every value is a raw field element, so that tests can feed out-of-range values. */
typedef struct {
    unsigned batch; /* L */
    fr_t user, provider, init_nonce, final_nonce, total_fee, signer0, signer1;
    settle_slot_t *slot; /* L entries */
} settle_input_t;

/* Per-synthesis caches (the constant tables of Base8), owned by the caller. */
typedef struct {
    g_fixed_table_t base8;
} settle_ctx_t;

bool settle_ctx_init(settle_ctx_t *ctx);
void settle_ctx_free(settle_ctx_t *ctx);

/* Allocates in->slot for L slots, all zero; false on bad L or no memory. */
bool settle_input_alloc(settle_input_t *in, unsigned batch);
void settle_input_free(settle_input_t *in);
/*
 * A canonical assignment for building the matrices: one enabled slot and
 * padding with the identity as R8; its signature does not verify, which does
 * not matter for the matrices.
 */
void settle_input_dummy(settle_input_t *in);
/* Sets initNonce, finalNonce and totalFee from the slots (as an honest prover does). */
void settle_input_fill_public(settle_input_t *in);

/* Runs the synthesis into cs (fresh from cs_init). False only on misuse or out of memory. */
bool settle_synthesize(cs_t *cs, settle_ctx_t *ctx, const settle_input_t *in);

/* Where the constraints of one synthesis go. */
typedef struct {
    uint32_t per_batch; /* signer, address ranges, public-value checks */
    uint32_t first_slot, per_slot; /* slot 0, and each later slot (all alike) */
} settle_counts_t;

/* settle_synthesize, also counting constraints by part (counts may be NULL). */
bool settle_synthesize_counted(cs_t *cs, settle_ctx_t *ctx, const settle_input_t *in, settle_counts_t *counts);

typedef struct {
    uint32_t n_constraints, n_wires, n_public;
    unsigned domain_log; /* the Groth16 domain snarkjs picks */
    settle_counts_t counts;
} settle_size_t;

/* The size of SettleBatch(L) from one synthesis that records no matrices. */
bool settle_circuit_size(settle_ctx_t *ctx, unsigned batch, settle_size_t *out);

/* The public values in wire order. */
void settle_public_values(const settle_input_t *in, fr_t out[SETTLE_N_PUBLIC]);

#endif
