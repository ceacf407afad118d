# Worker end to end behind the real aggregator, with a development key for L = 2;
# proofs checked by snarkjs (tests/integration/worker_e2e.js).
zks_node_test(worker_e2e worker_e2e.js LABEL integration TIMEOUT 400)
