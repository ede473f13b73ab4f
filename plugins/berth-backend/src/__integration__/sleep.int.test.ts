import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { BerthProject, ServiceSpec } from '@berth/plugin-berth-common';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubernetesObject,
  V1Deployment,
  V1StatefulSet,
  Watch,
} from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { createBerthServices } from '../createBerthServices';
import { applyDatabaseMigrations } from '../database/migrations';
import { EnvironmentService } from '../environments/EnvironmentService';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { SleepScheduler } from '../sleep/SleepScheduler';
import { SleepService } from '../sleep/SleepService';
import { HELLO_CHART } from '../__testUtils__/testProjectFile';
import { kubeConfigFor, testClusters } from '../__testUtils__/testClusters';
import { awaitOperationIn } from '../__testUtils__/awaitOperation';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { OperationEngine } from '../operations/OperationEngine';

// Sleep and wake on the local cluster: replicas recorded and scaled to zero,
// CronJobs suspended; wake restores the counts group by group in start order
// (proven from the times a watch saw each workload scaled up and ready), and
// resumes only the CronJobs that sleep suspended.
jest.setTimeout(300_000);

const [east] = testClusters();
const actor = 'user:default/ada';
const GROUPS = [['one'], ['two'], ['three']];

const helm = (replicas: number): ServiceSpec => ({
  kind: 'helm',
  chart: { type: 'path', path: HELLO_CHART },
  values: `replicaCount: ${replicas}\n`,
  images: [
    { name: 'main', repositoryPath: 'image.repository', tagPath: 'image.tag' },
  ],
});

// A StatefulSet of three, a CronJob that runs and one already suspended.
const statefulWithCronJobs: ServiceSpec = {
  kind: 'manifests',
  variables: [],
  manifests: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: three
spec:
  replicas: 3
  serviceName: three
  selector:
    matchLabels:
      app: three
  template:
    metadata:
      labels:
        app: three
    spec:
      containers:
        - name: db
          image: ghcr.io/berth-demo/db:1.0.0
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: three-report
spec:
  schedule: '0 3 * * *'
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: ghcr.io/berth-demo/report:1.0.0
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: three-cleanup
spec:
  schedule: '0 4 * * *'
  suspend: true
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: cleanup
              image: ghcr.io/berth-demo/report:1.0.0
`,
};

describe('sleep and wake on the local cluster', () => {
  let knex: Knex;
  let project: BerthProject;
  let environmentService: EnvironmentService;
  let environments: EnvironmentStore;
  let sleep: SleepService;
  let sleepScheduler: SleepScheduler;
  let engine: OperationEngine | undefined;
  let environmentOperations: EnvironmentOperations;
  let namespace: string | undefined;
  const projectName = `slp-${randomBytes(3).toString('hex')}`;
  const projectRef = `system:default/${projectName}`;
  const kc = kubeConfigFor(east);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);

  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
    const config = new ConfigReader(
      JSON.parse(readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8')),
    );
    const berth = createBerthServices({
      config: new ConfigReader({
        berth: {
          helm: { binary: join(east.bin, 'helm') },
          deploy: { groupTimeoutSeconds: 120 },
        },
      }),
      knex,
      clusters: ClusterRegistry.fromConfig(config),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    ({ environments, environmentService, sleep, sleepScheduler } = berth);
    // The scheduler starts sleep and wake operations: run them here.
    environmentOperations = berth.environmentOperations;
    engine = berth.operations;
    engine.start();
    await berth.projectStore.upsert({ ref: projectRef, name: projectName });
    const specs: Record<string, ServiceSpec> = {
      one: helm(1),
      two: helm(2),
      three: statefulWithCronJobs,
    };
    for (const [name, spec] of Object.entries(specs)) {
      await berth.projects.createService(
        projectRef,
        { name, componentRef: `component:default/${name}`, spec },
        actor,
      );
    }
    await berth.projects.setStartOrder(projectRef, GROUPS);
    project = await berth.projects.getProject(projectRef);
  });

  afterAll(async () => {
    await engine?.stop();
    if (namespace) {
      await kc
        .makeApiClient(CoreV1Api)
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    }
    await knex?.destroy();
  });

  async function replicas(ns: string) {
    const [deployments, statefulSets] = await Promise.all([
      apps.listNamespacedDeployment({ namespace: ns }),
      apps.listNamespacedStatefulSet({ namespace: ns }),
    ]);
    return Object.fromEntries(
      [...deployments.items, ...statefulSets.items].map(w => [
        w.metadata!.name!,
        { spec: w.spec?.replicas, ready: w.status?.readyReplicas ?? 0 },
      ]),
    );
  }

  async function suspended(ns: string) {
    const { items } = await batch.listNamespacedCronJob({ namespace: ns });
    return Object.fromEntries(
      items.map(c => [c.metadata!.name!, c.spec?.suspend ?? false]),
    );
  }

  /** Watches Deployments and StatefulSets: when each was first seen scaled up, and ready. */
  async function watchScaleUps(ns: string) {
    const seen: Record<string, { scaledAt?: number; readyAt?: number }> = {};
    const controllers = await Promise.all(
      ['deployments', 'statefulsets'].map(resource =>
        new Watch(kc).watch(
          `/apis/apps/v1/namespaces/${ns}/${resource}`,
          {},
          (_type: string, object: KubernetesObject) => {
            const w = object as V1Deployment | V1StatefulSet;
            const name = w.metadata!.name!;
            const entry = (seen[name] ??= {});
            const wanted = w.spec?.replicas ?? 0;
            if (wanted > 0 && entry.scaledAt === undefined) {
              entry.scaledAt = Date.now();
            }
            if (
              wanted > 0 &&
              entry.readyAt === undefined &&
              (w.status?.readyReplicas ?? 0) === wanted
            ) {
              entry.readyAt = Date.now();
            }
          },
          () => undefined,
        ),
      ),
    );
    return { seen, stop: () => controllers.forEach(c => c.abort()) };
  }

  it('sleeps, refuses deploys, and wakes in start order with the original counts', async () => {
    const [plan] = await environmentService.plan(project, [
      { name: 'dev', cluster: east.name, tier: 'development' },
    ]);
    let [environment] = await environmentService.create([plan], actor);
    namespace = environment.namespace;
    const deployed = await environmentService.deploy(
      project,
      environment,
      actor,
    );
    expect(deployed.failed).toBe(false);
    const awake = await replicas(namespace);
    expect(awake).toEqual({
      one: { spec: 1, ready: 1 },
      two: { spec: 2, ready: 2 },
      three: { spec: 3, ready: 3 },
    });
    expect(await suspended(namespace)).toEqual({
      'three-report': false,
      'three-cleanup': true,
    });

    // Sleep: counts recorded, everything at zero, CronJobs suspended.
    const asleep = await sleep.sleep(environment, actor);
    expect(asleep).toMatchObject({ sleeping: true, state: 'asleep', actor });
    expect(
      Object.fromEntries(
        asleep.workloads.map(w => [w.name, w.replicas ?? w.suspended]),
      ),
    ).toEqual({
      one: 1,
      two: 2,
      three: 3,
      'three-report': false,
      'three-cleanup': true,
    });
    expect(Object.values(await replicas(namespace)).map(r => r.spec)).toEqual([
      0, 0, 0,
    ]);
    expect(await suspended(namespace)).toEqual({
      'three-report': true,
      'three-cleanup': true,
    });

    // Asleep: deploys, updates, scale and a second sleep are refused.
    environment = await environments.getById(environment.id);
    expect(environment).toMatchObject({ sleeping: true, sleepState: 'asleep' });
    const asleepMessage = `Environment 'dev' is asleep; wake it first`;
    expect(() =>
      environmentService.deploy(project, environment, actor),
    ).toThrow(new ConflictError(asleepMessage));
    await expect(
      environmentService.checkDeployable(project, environment),
    ).rejects.toThrow(asleepMessage);
    await expect(
      environmentService.updateService(project, environment, 'one', {
        images: { main: 'ghcr.io/berth-demo/one:9' },
      }),
    ).rejects.toThrow(asleepMessage);
    await expect(
      environmentService.scale(project, environment, 'two', 5),
    ).rejects.toThrow(asleepMessage);
    await expect(sleep.sleep(environment, actor)).rejects.toThrow(
      "Environment 'dev' is already asleep",
    );
    // The refused update stored nothing: the service keeps only its pin.
    expect((await environments.getById(environment.id)).services.one).toEqual({
      revision: 1,
    });
    expect(Object.values(await replicas(namespace)).map(r => r.spec)).toEqual([
      0, 0, 0,
    ]);

    // Wake, watched from the cluster.
    const watch = await watchScaleUps(namespace);
    const { sleep: waking, restore } = await sleep.wake(
      project,
      environment,
      actor,
    );
    expect(waking).toMatchObject({ sleeping: true, state: 'waking' });
    await expect(sleep.wake(project, environment, actor)).rejects.toThrow(
      "Environment 'dev' is already waking up",
    );
    const outcome = await restore();
    watch.stop();
    expect(outcome.failed).toBe(false);
    expect(outcome.groups.map(g => g.services)).toEqual(GROUPS);

    expect(await replicas(namespace)).toEqual(awake);
    expect(await suspended(namespace)).toEqual({
      'three-report': false,
      'three-cleanup': true,
    });
    const woken = await environments.getById(environment.id);
    expect(woken.sleeping).toBe(false);

    // Start order, from what the watch saw: each group scaled up only after
    // the previous one was ready.
    const { seen } = watch;
    for (const name of ['one', 'two', 'three']) {
      expect(seen[name]?.scaledAt).toBeDefined();
      expect(seen[name]?.readyAt).toBeDefined();
    }
    expect(seen.two.scaledAt!).toBeGreaterThanOrEqual(seen.one.readyAt!);
    expect(seen.three.scaledAt!).toBeGreaterThanOrEqual(seen.two.readyAt!);
    // And from Berth's own account of the wake.
    for (let i = 1; i < outcome.groups.length; i++) {
      expect(Date.parse(outcome.groups[i].scaledAt)).toBeGreaterThanOrEqual(
        Date.parse(outcome.groups[i - 1].readyAt),
      );
    }

    // Awake again: a second wake is refused and changes nothing; deploys go.
    await expect(sleep.wake(project, woken, actor)).rejects.toThrow(
      new ConflictError("Environment 'dev' is not asleep"),
    );
    expect(await replicas(namespace)).toEqual(awake);
    await expect(
      environmentService.checkDeployable(project, woken),
    ).resolves.toBeUndefined();
  });

  it('sleeps and wakes on schedule, each due time once', async () => {
    let environment = await environments.get(projectRef, 'dev');
    const now = new Date('2026-11-23T12:00:00Z');
    const schedule = await sleepScheduler.set(
      environment,
      { sleepCron: '0 20 * * *', wakeCron: '0 7 * * *', timeZone: 'UTC' },
      actor,
      now,
    );
    expect(schedule).toMatchObject({
      nextSleepAt: '2026-11-23T20:00:00.000Z',
      nextWakeAt: '2026-11-24T07:00:00.000Z',
    });

    // Two replicas' ticks at the same time: one sleep operation.
    const evening = new Date('2026-11-23T20:00:30Z');
    await Promise.all([
      sleepScheduler.runDue(evening),
      sleepScheduler.runDue(evening),
    ]);
    const sleeps = await environmentOperations.list(environment.id);
    expect(sleeps.map(o => [o.kind, o.actor, o.actorType])).toEqual([
      ['sleep', 'berth:sleep-schedule', 'schedule'],
    ]);
    expect(
      await awaitOperationIn(
        environmentOperations,
        environment.id,
        sleeps[0].id,
      ),
    ).toMatchObject({ status: 'succeeded' });
    environment = await environments.getById(environment.id);
    expect(environment.sleepState).toBe('asleep');
    expect((await sleep.describe(environment)).actor).toBe(
      'berth:sleep-schedule',
    );
    expect(Object.values(await replicas(namespace!)).map(r => r.spec)).toEqual([
      0, 0, 0,
    ]);
    expect((await sleep.describe(environment)).schedule).toMatchObject({
      nextSleepAt: '2026-11-24T20:00:00.000Z',
      nextWakeAt: '2026-11-24T07:00:00.000Z',
    });

    await sleepScheduler.runDue(new Date('2026-11-24T07:00:10Z'));
    const [wake] = await environmentOperations.list(environment.id);
    expect(wake).toMatchObject({ kind: 'wake', actor: 'berth:sleep-schedule' });
    expect(
      await awaitOperationIn(environmentOperations, environment.id, wake.id),
    ).toMatchObject({ status: 'succeeded' });
    expect((await environments.getById(environment.id)).sleeping).toBe(false);
    expect(await replicas(namespace!)).toEqual({
      one: { spec: 1, ready: 1 },
      two: { spec: 2, ready: 2 },
      three: { spec: 3, ready: 3 },
    });
  });
});
