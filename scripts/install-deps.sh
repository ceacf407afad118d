#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, test and run the fleet:
# the C libraries (Debian -dev packages), the servers and tools the tests drive
# (redis-server, kcat, yamllint), and the node oracles from tests/oracle's lockfile.
# Idempotent and quiet when everything is there already.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake pkg-config
  libgmp-dev libsodium-dev libjansson-dev
  librdkafka-dev libhiredis-dev libprotobuf-c-dev protobuf-c-compiler libmicrohttpd-dev
  redis-server kcat yamllint curl procps
  time
  prometheus
  nodejs npm
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# node and npm may come from outside Debian (as on the CI image); only ask apt when they are absent.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for pkg in "${missing[@]}"; do
    [[ "$pkg" == nodejs || "$pkg" == npm ]] || filtered+=("$pkg")
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if ((${#missing[@]})); then
  echo "install-deps: apt-get install ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node oracles (circomlibjs, snarkjs, solc, @ethereumjs/evm, kafkajs) pinned by the lockfile.
if [[ ! -d tests/oracle/node_modules ]] || [[ tests/oracle/package-lock.json -nt tests/oracle/node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci in tests/oracle"
  (cd tests/oracle && npm ci --no-audit --no-fund --loglevel=error)
fi

# deploy/ checks: schema validators pinned by tests/deploy's own lockfile. kubectl
# (its built-in kustomize) comes with the machine image; Debian's kubernetes-client
# is too old for the kustomize features deploy/k8s uses, so it is not a fallback.
if [[ ! -d tests/deploy/node_modules ]] || [[ tests/deploy/package-lock.json -nt tests/deploy/node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci in tests/deploy"
  (cd tests/deploy && npm ci --no-audit --no-fund --loglevel=error)
fi
# Where an apt source that carries kubectl is configured (Kubernetes' or Google Cloud's repository, as
# on the CI image), install it from there; a bare Debian 12 has none, and the test then fails saying so.
if ! command -v kubectl >/dev/null; then
  if apt-cache show kubectl >/dev/null 2>&1; then
    echo "install-deps: apt-get install kubectl"
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends kubectl >/dev/null
  else
    echo "install-deps: kubectl not found and no apt source offers it; the deploy_manifests test needs it (kubectl kustomize)" >&2
  fi
fi
