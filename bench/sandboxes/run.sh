#!/usr/bin/env bash
# bench/sandboxes: on local-east's real node and gateway (clusters from the Jest global setup,
# kept when they ran before), a base environment of BENCH_SANDBOX_SERVICES services (default 300:
# the frontend and cart are real echo pods behind an HTTPRoute, the rest kwok pods), then a one-service
# sandbox (a fork of cart): seconds from the create call to the first reply routed to the fork
# (x-env), and from the delete call to the key reaching the base again; the same with
# BENCH_SANDBOX_OTHERS other sandboxes on the base (default 10); where the time goes (the create
# operation's steps); and the baseline of the same run, a bare HTTPRoute to the same fork applied
# by hand (apply -> first routed reply), with the ratio. Writes bench/sandboxes/last-run.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source <(sed -n '/^ensure_node()/,/^}/p;/^ensure_yarn()/,/^}/p' berth)
export BERTH_CACHE_DIR="${BERTH_CACHE_DIR:-$HOME/.cache/berth}"
NODE_VERSION=22.23.3 YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"
step() { printf '\n==> %s\n' "$*"; }
ensure_node
ensure_yarn
step "bench/sandboxes (local clusters from the Jest global setup; a few minutes)"
BENCH_OUT="$ROOT/bench/sandboxes" CI=true BERTH_INTEGRATION=1 \
  node scripts/test/with-postgres.mjs \
  yarn backstage-cli repo test --runInBand \
  --testPathPatterns 'sandboxes/__bench__/sandboxes\.bench\.test\.ts$' --verbose=false
cat "$ROOT/bench/sandboxes/sandboxes.txt" > "$ROOT/bench/sandboxes/last-run.txt"
rm -f "$ROOT/bench/sandboxes/sandboxes.txt"
cat "$ROOT/bench/sandboxes/last-run.txt"
