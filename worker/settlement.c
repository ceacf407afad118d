#include "settlement.h"

#include "snark/calldata.h"
#include "zks.pb-c.h"

#include <stdlib.h>
#include <string.h>

/* keccak256("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[7])")[0..4],
 * the Solidity ABI function selector (https://docs.soliditylang.org/en/latest/abi-spec.html#function-selector);
 * tests/integration/worker_e2e.js recomputes it with js-sha3. */
static const uint8_t VERIFY_PROOF_SELECTOR[4] = {0xc8, 0x94, 0xe7, 0x57};

void settlement_calldata(uint8_t out[SETTLEMENT_CALLDATA_LEN], const groth16_proof_t *proof,
                         const fr_t pub[SETTLE_N_PUBLIC])
{
    uint8_t words[8][32];
    calldata_proof_words(words, proof);
    memcpy(out, VERIFY_PROOF_SELECTOR, 4);
    memcpy(out + 4, words, sizeof words);
    for (int i = 0; i < SETTLE_N_PUBLIC; i++)
        fr_to_bytes_be(out + 4 + sizeof words + 32 * (size_t)i, &pub[i]);
}

uint8_t *settlement_encode(const settlement_info *info, const groth16_proof_t *proof,
                           const fr_t pub[SETTLE_N_PUBLIC], size_t *len)
{
    uint8_t pub_bytes[SETTLE_N_PUBLIC][32], words[8][32], calldata[SETTLEMENT_CALLDATA_LEN];
    uint8_t id[BATCH_ID_LEN], user[TRACE_ADDRESS_LEN], provider[TRACE_ADDRESS_LEN];
    ProtobufCBinaryData pubs[SETTLE_N_PUBLIC], proof_words[8];
    for (int i = 0; i < SETTLE_N_PUBLIC; i++) {
        fr_to_bytes_be(pub_bytes[i], &pub[i]);
        pubs[i] = (ProtobufCBinaryData){32, pub_bytes[i]};
    }
    calldata_proof_words(words, proof);
    for (int i = 0; i < 8; i++)
        proof_words[i] = (ProtobufCBinaryData){32, words[i]};
    settlement_calldata(calldata, proof, pub);
    /* protobuf-c wants non-const pointers; copies keep the inputs const. */
    memcpy(id, info->batch_id, sizeof id);
    memcpy(user, info->pair->user, sizeof user);
    memcpy(provider, info->pair->provider, sizeof provider);

    Zks__V1__Settlement s = ZKS__V1__SETTLEMENT__INIT;
    s.version = 1;
    s.batch_id = (ProtobufCBinaryData){sizeof id, id};
    s.n_public_inputs = SETTLE_N_PUBLIC;
    s.public_inputs = pubs;
    s.n_proof_words = 8;
    s.proof_words = proof_words;
    s.calldata = (ProtobufCBinaryData){sizeof calldata, calldata};
    s.key_id = (char *)info->key_id;
    s.count = info->count;
    s.sealed_at_ms = info->sealed_at_ms;
    s.proved_at_ms = info->proved_at_ms;
    s.prove_duration_ms = info->prove_duration_ms;
    s.prover = (char *)info->prover;
    s.user = (ProtobufCBinaryData){sizeof user, user};
    s.provider = (ProtobufCBinaryData){sizeof provider, provider};
    *len = zks__v1__settlement__get_packed_size(&s);
    uint8_t *buf = malloc(*len ? *len : 1);
    if (buf != NULL)
        zks__v1__settlement__pack(&s, buf);
    return buf;
}
