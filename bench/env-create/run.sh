#!/usr/bin/env bash
# bench/env-create: Berth creating an environment of 100 Helm services in four
# start-order groups vs a sequential `helm upgrade --install --wait` loop over
# the same charts, on the local cluster, in one run; plus the status
# endpoint's p95. Prints the figures and writes them to bench/env-create/last-run.txt.
# BENCH_SERVICES and BENCH_GROUPS change the size.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source <(sed -n '/^ensure_node()/,/^}/p;/^ensure_yarn()/,/^}/p' berth)
export BERTH_CACHE_DIR="${BERTH_CACHE_DIR:-$HOME/.cache/berth}"
NODE_VERSION=22.23.3 YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"
step() { printf '\n==> %s\n' "$*"; }
ensure_node
ensure_yarn
step "bench/env-create (clusters from the Jest global setup; several minutes)"
BENCH_OUT="$ROOT/bench/env-create" CI=true BERTH_INTEGRATION=1 \
  yarn backstage-cli repo test --testPathPatterns 'envCreate\.bench\.test\.ts$' --verbose=false
cat "$ROOT/bench/env-create/env-create.txt" > "$ROOT/bench/env-create/last-run.txt"
rm -f "$ROOT/bench/env-create/env-create.txt"
