#!/usr/bin/env bash
# bench/helm-import: 100 charts of one Git tree imported by Berth in ONE
# request (tree read once, charts packed and stored in parallel) vs a baseline
# in the same run: 100 other charts imported one request each, in turn.
# Prints the total time (target <= 30 s), the per-chart cost and the ratio,
# and writes them to bench/helm-import/last-run.txt. BENCH_CHARTS changes the size.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source <(sed -n '/^ensure_node()/,/^}/p;/^ensure_yarn()/,/^}/p' berth)
export BERTH_CACHE_DIR="${BERTH_CACHE_DIR:-$HOME/.cache/berth}"
NODE_VERSION=22.23.3 YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"
step() { printf '\n==> %s\n' "$*"; }
ensure_node
ensure_yarn
step "bench/helm-import (no cluster needed; about a minute)"
BENCH_OUT="$ROOT/bench/helm-import" CI=true \
  yarn backstage-cli repo test --testPathPatterns 'helmImport\.bench\.test\.ts$' --verbose=false
cat "$ROOT/bench/helm-import/helm-import.txt" | tee "$ROOT/bench/helm-import/last-run.txt"
rm -f "$ROOT/bench/helm-import/helm-import.txt"
