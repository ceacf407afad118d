# Ingest end to end: zks-ingest against the dev broker; kcat and kafkajs as
# independent clients, circomlibjs as the signer (tests/integration/ingest_e2e.js).
zks_node_test(ingest_e2e ingest_e2e.js LABEL integration TIMEOUT 300)
