# Groth16 file parsers and CLI error paths (owner: groth16).
# The parser fuzz driver (tests/fuzz/fuzz_parsers.c): a plain main over mutated valid files,
# labelled unit so that the sanitizer build runs it too.
add_executable(fuzz_parsers ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_parsers.c)
target_link_libraries(fuzz_parsers PRIVATE zks_snark zks_crypto)
add_test(NAME fuzz_parsers COMMAND fuzz_parsers 3000)
set_tests_properties(fuzz_parsers PROPERTIES LABELS unit TIMEOUT 300)

zks_shell_test(groth16_cli groth16_cli.sh LABEL unit TIMEOUT 300 ARGS $<TARGET_FILE:zks-synth>)
