# Service plumbing (common/service, zks devbroker, zks lag) against real peers:
# kcat and kafkajs on `zks devbroker`, a private redis-server, promtool.
foreach(driver itest_kafka itest_redis itest_http)
  add_executable(${driver} ${ZKS_TEST_DIR}/${driver}.c)
  target_link_libraries(${driver} PRIVATE zks_service)
  target_include_directories(${driver} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
endforeach()

zks_shell_test(integration_devbroker_kcat devbroker_kcat.sh LABEL integration TIMEOUT 120)
zks_shell_test(integration_kafka_roundtrip kafka_roundtrip.sh LABEL integration TIMEOUT 180
  ARGS $<TARGET_FILE:itest_kafka>)
zks_shell_test(integration_kafka_faults kafka_faults.sh LABEL integration TIMEOUT 180
  ARGS $<TARGET_FILE:itest_kafka>)
zks_node_test(integration_devbroker_kafkajs devbroker_kafkajs.js LABEL integration TIMEOUT 180
  ARGS $<TARGET_FILE:itest_kafka>)
zks_shell_test(integration_redis_client redis_client.sh LABEL integration TIMEOUT 120
  ARGS $<TARGET_FILE:itest_redis>)
zks_node_test(integration_http_server http_server.js LABEL integration TIMEOUT 120
  ARGS $<TARGET_FILE:itest_http>)
zks_shell_test(integration_kafka_rebalance kafka_rebalance.sh LABEL integration TIMEOUT 400
  ARGS $<TARGET_FILE:itest_kafka>)
zks_shell_test(integration_kafka_leave_unassigned kafka_leave_unassigned.sh LABEL integration TIMEOUT 300
  ARGS $<TARGET_FILE:itest_kafka>)
