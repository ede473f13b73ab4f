#!/usr/bin/env bash
# bench/workflows: the workflow engine on a throwaway PostgreSQL. BENCH_WORKFLOW_RUNS one-job runs
# (default 1000) queued at once on one engine (the baseline) and on two engines sharing the
# database; then BENCH_WORKFLOW_LIMIT_RUNS runs (default 200) of a workflow with a concurrency limit
# of 2 (global 10), and BENCH_WORKFLOW_FREE_RUNS (default 100) queued one at a time into running
# engines (queue-to-start with free slots). The job is an in-backend job type that returns at once, so the figures are the
# engine's own. Prints runs per hour, queue-to-start p50/p95, the two-engine ratio and the most runs
# seen running at once. Then the triggers (triggers.bench.test.ts): BENCH_WEBHOOK_PUSHES signed
# GitHub pushes (default 100; baseline: as many runs through the REST API), 10 redeliveries and 10
# unsigned ones; BENCH_CRON_TRIGGERS every-minute cron triggers (default 50) over BENCH_CRON_MINUTES
# simulated minutes (default 10) on one replica and on two. Then, unless BENCH_KILL=0, the kill -9
# figure on the local clusters (started by the Jest global setup, stopped after unless running
# before): the real backend with BENCH_KILL_RUNS runs (default 20) of a BENCH_KILL_JOB_SECONDS
# (default 60) script job on the real node and 5 runs waiting for an approval, SIGKILLed once every
# job runs (baseline: the same runs, nobody killed), and the throughput with a real deploy
# (deployRuns.bench.test.ts): BENCH_DEPLOY_RUNS one-job runs (default 1000) each deploying one
# manifests service into one of BENCH_DEPLOY_ENVIRONMENTS environments (default 10), queued at once
# on one backend (baseline: BENCH_DEPLOY_BASELINE deploy operations started directly, default 200);
# and two real backend processes on one PostgreSQL (workflowReplicas.bench.test.ts): BENCH_REPLICA_RUNS
# deploy runs (default 500) sent to both, one SIGKILLed midway (takeover time, one deployment record
# per run; baseline: half as many runs on one replica before).
# Writes it all to bench/workflows/last-run.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source <(sed -n '/^ensure_node()/,/^}/p;/^ensure_yarn()/,/^}/p' berth)
export BERTH_CACHE_DIR="${BERTH_CACHE_DIR:-$HOME/.cache/berth}"
NODE_VERSION=22.23.3 YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"
step() { printf '\n==> %s\n' "$*"; }
ensure_node
ensure_yarn
step "bench/workflows (PostgreSQL of its own; a few minutes)"
BENCH_OUT="$ROOT/bench/workflows" CI=true \
  node scripts/test/with-postgres.mjs \
  yarn backstage-cli repo test --runInBand \
  --testPathPatterns '__bench__/(workflows|triggers)\.bench\.test\.ts$' --verbose=false
outputs=("$ROOT/bench/workflows/workflows.txt" "$ROOT/bench/workflows/triggers.txt")
if [ "${BENCH_KILL:-1}" != 0 ]; then
  step "bench/workflows: kill -9 and real deploys on the local clusters (the first start builds them; half an hour or more)"
  BENCH_OUT="$ROOT/bench/workflows" CI=true BERTH_INTEGRATION=1 \
    node scripts/test/with-postgres.mjs \
    yarn backstage-cli repo test --runInBand \
    --testPathPatterns '(__crash__/workflow(Kill|Replicas)|workflows/__bench__/deployRuns)\.bench\.test\.ts$' --verbose=false
  outputs+=("$ROOT/bench/workflows/kill.txt" "$ROOT/bench/workflows/deploy.txt" "$ROOT/bench/workflows/replicas.txt")
fi
cat "${outputs[@]}" > "$ROOT/bench/workflows/last-run.txt"
rm -f "${outputs[@]}"
