# Aggregator integration tests: the Redis scripts against a real redis-server,
# and the service end to end with the dev broker (tests/integration/aggregator_e2e.js).
add_executable(aggregator_store_test ${ZKS_TEST_DIR}/aggregator_store_test.c)
target_include_directories(aggregator_store_test PRIVATE ${CMAKE_SOURCE_DIR}/tests/unit)
target_link_libraries(aggregator_store_test PRIVATE zks_fleet_store zks_service)
zks_shell_test(aggregator_store aggregator_store.sh LABEL integration TIMEOUT 60
  ARGS $<TARGET_FILE:aggregator_store_test>)
zks_node_test(aggregator_e2e aggregator_e2e.js LABEL integration TIMEOUT 300)
