#!/usr/bin/env bash
# bench/operations: OPERATIONS per-service deploy operations queued across two
# replicas of the real backend (packages/backend as child processes) on a
# throwaway PostgreSQL, on the local cluster (kwok pods); as the baseline in
# the same run, the same operations on one replica; then one replica killed
# with SIGKILL during a further batch. Prints operations per hour, the p95
# queue-to-start latency and the time to recover after the SIGKILL, and
# writes them to bench/operations/last-run.txt. BENCH_OPERATIONS and
# BENCH_RECOVERY_OPERATIONS change the sizes (default 300 and 80).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source <(sed -n '/^ensure_node()/,/^}/p;/^ensure_yarn()/,/^}/p' berth)
export BERTH_CACHE_DIR="${BERTH_CACHE_DIR:-$HOME/.cache/berth}"
NODE_VERSION=22.23.3 YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"
step() { printf '\n==> %s\n' "$*"; }
ensure_node
ensure_yarn
step "bench/operations (PostgreSQL of its own, clusters from the Jest global setup; several minutes)"
BENCH_OUT="$ROOT/bench/operations" CI=true BERTH_INTEGRATION=1 \
  node scripts/test/with-postgres.mjs \
  yarn backstage-cli repo test --testPathPatterns 'operations\.bench\.test\.ts$' --verbose=false
cat "$ROOT/bench/operations/operations.txt" > "$ROOT/bench/operations/last-run.txt"
rm -f "$ROOT/bench/operations/operations.txt"
