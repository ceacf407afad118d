# deploy/: container build, Kubernetes manifests, dashboard and alerts (no cluster needed).
zks_shell_test(deploy_yamllint deploy_check.sh LABEL integration TIMEOUT 120 ARGS yamllint)
zks_shell_test(deploy_manifests deploy_check.sh LABEL integration TIMEOUT 300 ARGS manifests)
zks_shell_test(deploy_alerts deploy_check.sh LABEL integration TIMEOUT 120 ARGS alerts)
zks_shell_test(deploy_metrics deploy_check.sh LABEL integration TIMEOUT 120 ARGS metrics)
zks_shell_test(deploy_dockerfile deploy_check.sh LABEL integration TIMEOUT 120 ARGS dockerfile)
