import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import { startDeployProfile } from '../shared/deployProfile';
import {
  HELLO_CHART,
  writeTestProjectFile,
} from '../__testUtils__/testProjectFile';
import {
  kubeConfigFor,
  testClusters,
  waitFor,
} from '../__testUtils__/testClusters';

// bench/env-create: an environment of SERVICES generated Helm services in
// GROUPS start-order groups, deployed by Berth through its API, against a
// sequential `helm upgrade --install --wait` loop over the same charts, in
// one run on the same cluster. Prints both times, the ratio, and the p95 of
// the status endpoint for that environment. Run with bench/env-create/run.sh.
const SERVICES = Number(process.env.BENCH_SERVICES ?? 100);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 4);
const STATUS_SAMPLES = 200;
jest.setTimeout(60 * 60 * 1000);

const run = promisify(execFile);
const [cluster] = testClusters();
const id = Math.random().toString(36).slice(2, 7);
const project = `bench-${id}`;
const names = Array.from(
  { length: SERVICES },
  (_, i) => `svc-${String(i).padStart(3, '0')}`,
);
const groups = Array.from({ length: GROUPS }, (_, g) =>
  names.filter((_n, i) => i % GROUPS === g),
);

/**
 * The deploy profile as lines: per phase its count, total, mean and largest
 * time, biggest first; phases under `helm.` are parts of `deploy`. The sum
 * of `deploy` over the wall time says how many helms ran at once.
 */
function describeProfile(
  phases: Record<string, { count: number; totalMs: number; maxMs: number }>,
  wallSeconds: number,
): string[] {
  const rows = Object.entries(phases)
    .filter(
      ([phase]) => phase !== 'helm.requests' && !phase.startsWith('request '),
    )
    .sort((a, b) => b[1].totalMs - a[1].totalMs);
  const byRequest = Object.entries(phases)
    .filter(([phase]) => phase.startsWith('request '))
    .sort((a, b) => b[1].totalMs - a[1].totalMs);
  const requests = phases['helm.requests'];
  return [
    '  profile of the deploys (time summed over services; they overlap):',
    ...rows.map(
      ([phase, p]) =>
        `    ${phase.padEnd(34)} n=${String(p.count).padStart(4)}  total ${(
          p.totalMs / 1000
        )
          .toFixed(1)
          .padStart(7)} s  mean ${(p.totalMs / p.count)
          .toFixed(0)
          .padStart(6)} ms  max ${p.maxMs.toFixed(0).padStart(6)} ms`,
    ),
    '  helm requests through the proxy, by kind (time summed over calls):',
    ...byRequest.map(
      ([phase, p]) =>
        `    ${phase.slice('request '.length).padEnd(60)} n=${String(
          p.count,
        ).padStart(5)}  total ${(p.totalMs / 1000)
          .toFixed(1)
          .padStart(7)} s  mean ${(p.totalMs / p.count)
          .toFixed(0)
          .padStart(6)} ms`,
    ),
    ...(requests
      ? [
          `    API requests per helm call: ${(
            requests.totalMs / requests.count
          ).toFixed(1)} (through the loopback proxy)`,
        ]
      : []),
    ...(phases.deploy
      ? [
          `    deploy time summed / wall time: ${(
            phases.deploy.totalMs /
            1000 /
            wallSeconds
          ).toFixed(2)} (how many deploys ran at once, on average)`,
        ]
      : []),
  ];
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

it(`creates an environment of ${SERVICES} Helm services in ${GROUPS} groups`, async () => {
  // One pod per service on both sides: three kwok nodes hold 330.
  const projectFile = writeTestProjectFile(project, {
    services: names,
    groups,
    values: 'replicaCount: 1\n',
  });
  const config = JSON.parse(
    readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
  );
  const { server } = await startTestBackend({
    features: [
      berthPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...config,
          berth: {
            demo: { projectFile },
            deploy: { groupTimeoutSeconds: 900 },
          },
        },
      }),
    ],
  });
  const core = kubeConfigFor(cluster).makeApiClient(CoreV1Api);
  const apps = kubeConfigFor(cluster).makeApiClient(AppsV1Api);
  const allReady = async (namespace: string) => {
    const { items } = await apps.listNamespacedDeployment({ namespace });
    return (
      items.length === SERVICES &&
      items.every(d => d.status?.readyReplicas === d.spec?.replicas)
    );
  };

  // Berth: one request, then wait until every workload is Ready; where its
  // deploys spend their time is collected on the way.
  const profile = startDeployProfile();
  const berthStart = Date.now();
  const created = await request(server)
    .post(`/api/berth/projects/default/${project}/environments`)
    .send({
      environments: [{ name: 'bench', cluster: cluster.name, tier: 'testing' }],
    });
  expect(created.status).toBe(201);
  const environment = created.body.items[0];
  await waitFor(
    () => allReady(environment.namespace),
    30 * 60_000,
    'Berth environment',
  );
  const berthSeconds = (Date.now() - berthStart) / 1000;
  profile.stop();
  expect(await allReady(environment.namespace)).toBe(true);
  const profileLines = describeProfile(profile.phases(), berthSeconds);
  // eslint-disable-next-line no-console
  console.log(
    `Berth: ${berthSeconds.toFixed(1)} s to all Ready\n${profileLines.join(
      '\n',
    )}`,
  );

  // Status endpoint p95 for that environment.
  const samples: number[] = [];
  for (let i = 0; i < STATUS_SAMPLES; i++) {
    const t = process.hrtime.bigint();
    const res = await request(server).get(
      `/api/berth/environments/${environment.id}/status`,
    );
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    expect(res.body.status).toBe('Running');
  }

  // Remove Berth's environment first, so the baseline gets the same cluster.
  const deleted = await request(server).delete(
    `/api/berth/environments/${environment.id}`,
  );
  // 202: the delete runs as an operation; its namespace goes when it ends
  expect(deleted.status).toBe(202);
  await waitFor(
    () =>
      core.readNamespace({ name: environment.namespace }).then(
        () => false,
        e => e.code === 404,
      ),
    10 * 60_000,
    'the environment namespace to be gone',
  );

  if (process.env.BENCH_BASELINE === '0') {
    // A profile only: no baseline, no ratio.
    const lines = [
      `bench/env-create: ${SERVICES} Helm services in ${GROUPS} start-order groups on ${cluster.name} (no baseline: BENCH_BASELINE=0)`,
      `  Berth: ${berthSeconds.toFixed(1)} s to all Ready`,
      ...profileLines,
    ];
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
    writeFileSync(
      join(process.env.BENCH_OUT ?? tmpdir(), 'env-create.txt'),
      `${lines.join('\n')}\n`,
    );
    return;
  }

  // Baseline: the same charts, one `helm upgrade --install --wait` after another.
  const baselineNamespace = `bench-${id}-baseline`;
  await core.createNamespace({
    body: { metadata: { name: baselineNamespace } },
  });
  const helm = join(cluster.bin, 'helm');
  const baselineStart = Date.now();
  for (const name of names) {
    await run(helm, [
      '--kubeconfig',
      cluster.kubeconfig,
      '--namespace',
      baselineNamespace,
      'upgrade',
      '--install',
      name,
      HELLO_CHART,
      '--set',
      'replicaCount=1',
      '--wait',
      '--timeout',
      '300s',
    ]);
  }
  const baselineSeconds = (Date.now() - baselineStart) / 1000;
  expect(await allReady(baselineNamespace)).toBe(true);

  const ratio = berthSeconds / baselineSeconds;
  const p95 = percentile(samples, 95);
  const lines = [
    `bench/env-create: ${SERVICES} Helm services in ${GROUPS} start-order groups on ${cluster.name}`,
    `  Berth (one request, groups in order, services of a group in parallel): ${berthSeconds.toFixed(
      1,
    )} s to all Ready`,
    `  sequential helm upgrade --install --wait loop:                        ${baselineSeconds.toFixed(
      1,
    )} s`,
    `  ratio Berth / sequential: ${ratio.toFixed(
      3,
    )} (target <= 0.25); Berth time target <= 60 s`,
    `  status endpoint over ${STATUS_SAMPLES} requests: p50 ${percentile(
      samples,
      50,
    ).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target <= 50 ms)`,
    ...profileLines,
  ];
  // eslint-disable-next-line no-console
  console.log(lines.join('\n'));
  writeFileSync(
    join(process.env.BENCH_OUT ?? tmpdir(), 'env-create.txt'),
    `${lines.join('\n')}\n`,
  );

  await core.deleteNamespace({ name: baselineNamespace });
});
