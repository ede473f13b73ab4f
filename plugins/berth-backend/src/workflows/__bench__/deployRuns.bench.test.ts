import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  isTerminalOperationStatus,
  isTerminalWorkflowRunStatus,
  OperationStatus,
} from '@berth/plugin-berth-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { Knex } from 'knex';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { createBerthServices } from '../../createBerthServices';
import { StoredEnvironment } from '../../model/environment';
import {
  kubeConfigFor,
  testClusters,
  waitFor,
} from '../../__testUtils__/testClusters';
import { createWorkflows, Workflows } from '../wiring/createWorkflows';
import { database, percentile } from './__testUtils__/benchKit';

// bench/workflows, the throughput row with a real deploy: RUNS one-job runs
// of a workflow whose only job deploys one manifests service (a Deployment of
// one pod on the kwok nodes) into one of ENVIRONMENTS environments (the run's
// param, round robin), all queued at once on one backend: the workflow
// engine, the operations engine and the real deploy path (render, server-side
// apply, readiness, deployment record) on PostgreSQL, with the default limits
// (20 runs of a workflow at once, 4 operations at once, one deploy per
// environment at a time). Baseline in the same run: BASELINE deploy
// operations of the same service started directly (no workflow), all at once.
// Prints jobs per hour of both, the ratio, and queue-to-start of the runs.
const RUNS = Number(process.env.BENCH_DEPLOY_RUNS ?? 1000);
const ENVIRONMENTS = Number(process.env.BENCH_DEPLOY_ENVIRONMENTS ?? 10);
const BASELINE = Number(process.env.BENCH_DEPLOY_BASELINE ?? 200);
jest.setTimeout(3 * 60 * 60_000);

const [cluster] = testClusters();
const actor = 'user:default/bench';
const projectName = `wfb-${Math.random().toString(36).slice(2, 7)}`;
const projectRef = `system:default/${projectName}`;

const manifests = stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'web', image: 'registry.example/web:1.0' }],
      },
    },
  },
});

const lines: string[] = [];
const log = (line: string) => {
  // eslint-disable-next-line no-console
  console.log(line);
  lines.push(line);
};
const perHour = (count: number, ms: number) =>
  Math.round((count / ms) * 3_600_000);

describe('bench/workflows: runs whose one job deploys a manifests service', () => {
  let knex: Knex;
  let berth: ReturnType<typeof createBerthServices>;
  let workflows: Workflows;
  let environments: StoredEnvironment[] = [];
  let baselineRate = 0;

  beforeAll(async () => {
    knex = await database('berth_bench_deploy_runs');
    const clusters = ClusterRegistry.fromConfig(
      new ConfigReader(
        JSON.parse(readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8')),
      ),
    );
    const config = new ConfigReader({
      berth: {
        helm: { binary: join(cluster.bin, 'helm') },
        deploy: { groupTimeoutSeconds: 300 },
      },
    });
    const logger = mockServices.logger.mock();
    berth = createBerthServices({
      config,
      knex,
      clusters,
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger,
    });
    workflows = createWorkflows({ config, knex, clusters, berth, logger });
    await berth.projectStore.upsert({ ref: projectRef, name: projectName });
    await berth.projects.createService(
      projectRef,
      {
        name: 'web',
        componentRef: 'component:default/web',
        spec: { kind: 'manifests', manifests, variables: [] },
      },
      actor,
    );
    const project = await berth.projects.getProject(projectRef);
    const plans = await berth.environmentService.plan(
      project,
      Array.from({ length: ENVIRONMENTS }, (_, i) => ({
        name: `e${String(i).padStart(2, '0')}`,
        cluster: cluster.name,
        tier: 'development' as const,
      })),
    );
    environments = await berth.environmentService.create(plans, actor);
    berth.operations.start();
    await waitFor(
      async () => {
        const ops = await Promise.all(
          environments.map(e => berth.environmentOperations.list(e.id)),
        );
        return ops.flat().every(o => isTerminalOperationStatus(o.status));
      },
      10 * 60_000,
      'the environments to be created',
    );
    workflows.engine.start();
  });

  afterAll(async () => {
    await workflows?.engine.stop();
    await berth?.operations.stop();
    const core = kubeConfigFor(cluster).makeApiClient(CoreV1Api);
    for (const e of environments) {
      await core.deleteNamespace({ name: e.namespace }).catch(() => undefined);
    }
    await knex?.destroy();
    if (process.env.BENCH_OUT) {
      writeFileSync(
        join(process.env.BENCH_OUT, 'deploy.txt'),
        `${lines.join('\n')}\n`,
      );
    }
  });

  it(`baseline: ${BASELINE} deploy operations started directly`, async () => {
    const started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < BASELINE; i++) {
      const environment = environments[i % environments.length];
      const operation = await berth.environmentOperations.start(
        environment,
        {
          kind: 'deploy-service',
          title: 'Deploy web (bench baseline)',
          spec: { services: ['web'] },
        },
        { ref: actor, type: 'user' },
      );
      ids.push(operation.id);
    }
    let statuses: OperationStatus[] = [];
    await waitFor(
      async () => {
        statuses = await Promise.all(
          ids.map(async id => (await berth.operationStore.get(id)).status),
        );
        return statuses.every(s => isTerminalOperationStatus(s));
      },
      60 * 60_000,
      'the baseline deploys',
    );
    const ms = Date.now() - started;
    expect(statuses.filter(s => s === 'succeeded')).toHaveLength(BASELINE);
    baselineRate = perHour(BASELINE, ms);
    log(
      `baseline: ${BASELINE} deploy operations started directly: ${(
        ms / 1000
      ).toFixed(1)} s, ${baselineRate} deploys/hour`,
    );
  });

  it(`${RUNS} one-job runs, each deploying the manifests service`, async () => {
    const workflow = await workflows.service.createWorkflow(
      projectRef,
      {
        name: 'deploy-web',
        yaml: stringify({
          params: [{ name: 'env', type: 'environment', required: true }],
          stages: [
            {
              name: 'deploy',
              jobs: [
                {
                  name: 'deploy',
                  type: 'deploy',
                  spec: { environment: '${params.env}', services: ['web'] },
                },
              ],
            },
          ],
        }),
      },
      actor,
    );
    const before = await Promise.all(
      environments.map(e => berth.deployments.list(e.id)),
    );
    const started = Date.now();
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await workflows.service.startRun(
        workflow.id,
        { env: environments[i % environments.length].name },
        { type: 'manual', actor },
      );
      runIds.push(run.id);
    }
    const queuedMs = Date.now() - started;
    await waitFor(
      async () => {
        const unfinished = await workflows.service.listRuns({
          workflowId: workflow.id,
          status: ['queued', 'running', 'waiting', 'cancelling'],
          limit: 1,
        });
        return unfinished.length === 0;
      },
      3 * 60 * 60_000,
      'the runs',
    );
    const ms = Date.now() - started;
    const runs = await Promise.all(
      runIds.map(id => workflows.service.getRun(id)),
    );
    const succeeded = runs.filter(r => r.status === 'succeeded');
    expect(runs.filter(r => !isTerminalWorkflowRunStatus(r.status))).toEqual(
      [],
    );
    expect(succeeded).toHaveLength(RUNS);
    // One deployment record per run, each naming its job run.
    const after = await Promise.all(
      environments.map(e => berth.deployments.list(e.id)),
    );
    const made = after.flat().filter(r => r.jobRunId);
    expect(after.flat().length - before.flat().length).toBe(RUNS);
    expect(new Set(made.map(r => r.jobRunId)).size).toBe(RUNS);
    const queueToStart = runs.map(
      r => (Date.parse(r.startedAt!) - Date.parse(r.createdAt)) / 1000,
    );
    const rate = perHour(RUNS, ms);
    log(
      `workflow runs: ${RUNS} one-job runs deploying a manifests service into ${ENVIRONMENTS} environments, queued in ${(
        queuedMs / 1000
      ).toFixed(1)} s, all done in ${(ms / 1000).toFixed(
        1,
      )} s: ${rate} jobs/hour (target >= 1,000)`,
    );
    log(
      `queue to start (a backlog of ${RUNS}): p50 ${percentile(
        queueToStart,
        50,
      ).toFixed(1)} s, p95 ${percentile(queueToStart, 95).toFixed(1)} s`,
    );
    log(
      `ratio workflow deploy runs / direct deploy operations (throughput): ${(
        rate / baselineRate
      ).toFixed(2)}`,
    );
    expect(rate).toBeGreaterThan(0);
  });
});
