#!/usr/bin/env bash
# bench/env-copy: Berth creating an environment of 100 Helm services in four
# start-order groups fresh on one local cluster, then copying it onto the
# other, in one run; prints both times to all Ready and the ratio
# copy / fresh, and writes them to bench/env-copy/last-run.txt.
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
step "bench/env-copy (clusters from the Jest global setup; a few minutes)"
BENCH_OUT="$ROOT/bench/env-copy" CI=true BERTH_INTEGRATION=1 \
  yarn backstage-cli repo test --testPathPatterns 'envCopy\.bench\.test\.ts$' --verbose=false
cat "$ROOT/bench/env-copy/env-copy.txt" > "$ROOT/bench/env-copy/last-run.txt"
rm -f "$ROOT/bench/env-copy/env-copy.txt"
