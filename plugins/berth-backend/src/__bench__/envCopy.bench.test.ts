import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';
import {
  kubeConfigFor,
  testClusters,
  TestCluster,
  waitFor,
} from '../__testUtils__/testClusters';

// bench/env-copy: an environment of SERVICES Helm services in GROUPS
// start-order groups created fresh by Berth through its API on one cluster,
// then copied through the API onto the other cluster, in one run. Prints
// both times to all Ready and the ratio copy / fresh. Run with
// bench/env-copy/run.sh.
const SERVICES = Number(process.env.BENCH_SERVICES ?? 100);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 4);
jest.setTimeout(60 * 60 * 1000);

const [east, west] = testClusters();
const id = Math.random().toString(36).slice(2, 7);
const project = `benchcp-${id}`;
const names = Array.from(
  { length: SERVICES },
  (_, i) => `svc-${String(i).padStart(3, '0')}`,
);
const groups = Array.from({ length: GROUPS }, (_, g) =>
  names.filter((_n, i) => i % GROUPS === g),
);

it(`copies an environment of ${SERVICES} Helm services in ${GROUPS} groups`, async () => {
  // One pod per service: 2 x SERVICES pods while both exist.
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
  const allReady = async (cluster: TestCluster, namespace: string) => {
    const { items } = await kubeConfigFor(cluster)
      .makeApiClient(AppsV1Api)
      .listNamespacedDeployment({ namespace });
    return (
      items.length === SERVICES &&
      items.every(d => d.status?.readyReplicas === d.spec?.replicas)
    );
  };
  const created: Array<{
    id: string;
    cluster: TestCluster;
    namespace: string;
  }> = [];

  try {
    // Fresh: one request, then wait until every workload is Ready.
    const freshStart = Date.now();
    const fresh = await request(server)
      .post(`/api/berth/projects/default/${project}/environments`)
      .send({
        environments: [{ name: 'fresh', cluster: east.name, tier: 'testing' }],
      });
    expect(fresh.status).toBe(201);
    const source = fresh.body.items[0];
    created.push({ id: source.id, cluster: east, namespace: source.namespace });
    await waitFor(
      () => allReady(east, source.namespace),
      30 * 60_000,
      'the fresh environment',
    );
    const freshSeconds = (Date.now() - freshStart) / 1000;
    // The deploy records are written just after readiness: wait for them,
    // since the copy pins what they say.
    await waitFor(
      async () => {
        const res = await request(server).get(
          `/api/berth/environments/${source.id}/deployments`,
        );
        return (
          res.body.items.length === SERVICES &&
          res.body.items.every(
            (r: { result: string }) => r.result === 'succeeded',
          )
        );
      },
      5 * 60_000,
      'the deployment records',
    );

    // Copy: one request onto the other cluster, then wait until all Ready.
    const copyStart = Date.now();
    const copy = await request(server)
      .post(`/api/berth/environments/${source.id}/copy`)
      .send({ name: 'copy', cluster: west.name });
    expect(copy.status).toBe(201);
    const target = copy.body.environment;
    created.push({ id: target.id, cluster: west, namespace: target.namespace });
    await waitFor(
      () => allReady(west, target.namespace),
      30 * 60_000,
      'the copy',
    );
    const copySeconds = (Date.now() - copyStart) / 1000;
    expect(Object.keys(copy.body.services)).toHaveLength(SERVICES);

    const lines = [
      `bench/env-copy: ${SERVICES} Helm services in ${GROUPS} start-order groups`,
      `  fresh create on ${
        east.name
      } (one request):            ${freshSeconds.toFixed(1)} s to all Ready`,
      `  copy of it onto ${
        west.name
      } (one request, pinned):   ${copySeconds.toFixed(1)} s to all Ready`,
      `  ratio copy / fresh: ${(copySeconds / freshSeconds).toFixed(3)}`,
    ];
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
    writeFileSync(
      join(process.env.BENCH_OUT ?? tmpdir(), 'env-copy.txt'),
      `${lines.join('\n')}\n`,
    );
  } finally {
    for (const environment of created) {
      await request(server).delete(`/api/berth/environments/${environment.id}`);
      await waitFor(
        () =>
          kubeConfigFor(environment.cluster)
            .makeApiClient(CoreV1Api)
            .readNamespace({ name: environment.namespace })
            .then(
              () => false,
              e => e.code === 404,
            ),
        10 * 60_000,
        'the namespace to be gone',
      ).catch(() => undefined);
    }
  }
});
