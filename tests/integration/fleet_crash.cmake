# The fleet's crash test: kill -9 of the aggregator and a worker mid-run, the
# broker down/up through the dev broker's fault commands, the killed processes
# restarted, a redis-server kill -9 and restart from its AOF; every invariant
# of zks-loadgen must still hold (tests/integration/fleet_crash.sh).
zks_shell_test(fleet_crash fleet_crash.sh LABEL integration TIMEOUT 600)
