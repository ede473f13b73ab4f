#!/usr/bin/env bash
# bench/gateway: what Traefik's watchPodsOnNode saves. While the cluster's Traefik (only
# berth-gateway and the namespaces with real pods) and a second, upstream-behaving Traefik (every
# namespace) run against local-east, a kwok-only namespace with 300 Deployments and headless
# Services is created and becomes Ready; prints both Traefiks' CPU seconds during it, the ratio, and
# their RSS. Writes the figures to bench/gateway/last-run.txt. Clusters from the Jest global setup.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source <(sed -n '/^ensure_node()/,/^}/p;/^ensure_yarn()/,/^}/p' berth)
export BERTH_CACHE_DIR="${BERTH_CACHE_DIR:-$HOME/.cache/berth}"
NODE_VERSION=22.23.3 YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"
step() { printf '\n==> %s\n' "$*"; }
ensure_node
ensure_yarn
step "bench/gateway (clusters from the Jest global setup; a few minutes)"
BENCH_OUT="$ROOT/bench/gateway" CI=true BERTH_INTEGRATION=1 \
  yarn backstage-cli repo test --testPathPatterns '__bench__/gatewayWatchCost\.bench\.test\.ts$' --verbose=false
cat "$ROOT/bench/gateway/gateway.txt" > "$ROOT/bench/gateway/last-run.txt"
rm -f "$ROOT/bench/gateway/gateway.txt"
