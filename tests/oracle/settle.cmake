# SettleBatch(L): circomlibjs-signed requests proved by zks prove, verified by snarkjs and by the
# exported verifier.sol (solc + @ethereumjs/evm: verifyProof, verifyBatch) for L = 1, 4 and 64,
# full and padded; zks prove --wtns checked by snarkjs. Makes the L=64 key once (~100 MB, build tmp).
zks_node_test(oracle_settle_prove settle_prove.js LABEL oracle TIMEOUT 900)
