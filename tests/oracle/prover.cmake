# zks prove-zkey against snarkjs (owner: prover): proofs verified by `snarkjs groth16 verify`
# with a key from our dev setup and with a key from snarkjs's own ceremony; tampered witnesses rejected.
zks_shell_test(prover_snarkjs prover_snarkjs.sh LABEL oracle TIMEOUT 900
  ARGS $<TARGET_FILE:zks-synth>)
