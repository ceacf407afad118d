#!/usr/bin/env bash
# Checks of deploy/ (no container engine or cluster needed). One part per ctest test:
#   deploy_check.sh yamllint     yamllint with deploy/.yamllint
#   deploy_check.sh manifests    kustomize build of base + overlay, schemas, fleet rules
#   deploy_check.sh alerts       promtool check/test rules; PrometheusRule in sync
#   deploy_check.sh metrics      dashboard/alert metric names vs metrics_catalog, PromQL parse
#   deploy_check.sh dockerfile   Dockerfile lint; runtime packages vs ldd of the built binaries
# Needs: yamllint, promtool, node, readelf/ldd/dpkg, and tests/deploy/node_modules with the
# kubectl unpacked from it (npm ci there and the unpacking: scripts/install-deps.sh does both).
set -euo pipefail
src="${ZKS_SOURCE_DIR:?ZKS_SOURCE_DIR not set}"
part="${1:?usage: deploy_check.sh yamllint|manifests|alerts|metrics|dockerfile}"
deploy="$src/deploy"
checks="$src/tests/deploy"

need() {
  command -v "$1" >/dev/null || { echo "deploy_check: $1 not found (scripts/install-deps.sh installs it)" >&2; exit 3; }
}
need node
[[ -d "$checks/node_modules" ]] || { echo "deploy_check: run 'npm ci' in tests/deploy" >&2; exit 3; }

case "$part" in
  yamllint)
    need yamllint
    yamllint --strict -c "$deploy/.yamllint" "$deploy"
    echo "yamllint: $(find "$deploy" -name '*.yaml' | wc -l) files clean"
    ;;
  manifests)
    # on x86-64 the kubectl pinned by tests/deploy's lockfile (scripts/install-deps.sh unpacks it), so
    # a machine's own kubectl neither hides a missing install step nor changes the kustomize version
    if [[ $(uname -m) == x86_64 ]]; then
      kubectl="$checks/.tools/kubectl"
      [[ -x "$kubectl" ]] || { echo "deploy_check: $kubectl missing (scripts/install-deps.sh unpacks it)" >&2; exit 3; }
    else
      need kubectl
      kubectl=kubectl
    fi
    echo "kustomize: $("$kubectl" version --client 2>/dev/null | grep -i kustomize)"
    KUSTOMIZE_CMD="$kubectl kustomize" node "$checks/validate_manifests.mjs"
    ;;
  alerts)
    need promtool
    promtool check rules "$deploy/prometheus/alerts.yaml"
    promtool test rules "$deploy/prometheus/alerts.test.yaml"
    node "$checks/sync_prometheus_rule.mjs"
    node "$checks/check_runbook.mjs"
    ;;
  metrics)
    need promtool
    node "$checks/check_metrics.mjs"
    ;;
  dockerfile)
    need readelf
    need ldd
    need dpkg
    build="${ZKS_BUILD_DIR:?ZKS_BUILD_DIR not set}"
    bins=("${ZKS_BIN:?ZKS_BIN not set}")
    for svc in ingest aggregator worker; do
      [[ -x "$build/$svc/zks-$svc" ]] && bins+=("$build/$svc/zks-$svc")
    done
    node "$checks/check_dockerfile.mjs" "${bins[@]}"
    ;;
  *)
    echo "deploy_check: unknown part '$part'" >&2
    exit 2
    ;;
esac
