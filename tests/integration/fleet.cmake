# The quick start end to end (scripts/fleet.sh with a small load): every
# service started and stopped, traces over HTTP and the raw topic, probes
# rejected, every accepted trace settled once with a verifying proof.
zks_shell_test(fleet_smoke fleet_smoke.sh LABEL integration TIMEOUT 480)
