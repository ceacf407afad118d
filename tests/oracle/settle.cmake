# SettleBatch(L): circomlibjs-signed requests proved by zks prove, verified by snarkjs.
zks_node_test(oracle_settle_prove settle_prove.js LABEL oracle TIMEOUT 600)
