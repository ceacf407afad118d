# EdDSA-Poseidon, BabyJubJub and Poseidon against circomlibjs (owner: eddsa).
add_executable(eddsa_oracle_helper ${ZKS_TEST_DIR}/eddsa_oracle_helper.c)
target_link_libraries(eddsa_oracle_helper PRIVATE zks_crypto)
zks_node_test(eddsa_oracle eddsa_oracle.js LABEL oracle TIMEOUT 300
  ARGS $<TARGET_FILE:eddsa_oracle_helper>)
zks_node_test(eddsa_cli_oracle eddsa_cli_oracle.js LABEL oracle TIMEOUT 300)
