# Groth16 formats, development setup, verifier and Solidity export (owner: groth16).
zks_node_test(groth16_solidity groth16_solidity.js LABEL oracle TIMEOUT 600
  ARGS $<TARGET_FILE:zks-synth>)
zks_node_test(groth16_snarkjs groth16_snarkjs.js LABEL oracle TIMEOUT 900
  ARGS $<TARGET_FILE:zks-synth>)
