import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { WorkflowRun } from '@berth/plugin-berth-common';
import { BatchV1Api, CoreV1Api } from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { createBerthServices } from '../../createBerthServices';
import { applyDatabaseMigrations } from '../../database/migrations';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
  waitFor,
} from '../../__testUtils__/testClusters';
import {
  startTestGitServer,
  TestGitServer,
} from '../build/__testUtils__/gitServer';
import { createWorkflows, Workflows } from '../wiring/createWorkflows';

// A whole workflow on local-east's real node, through the engine as the
// plugin wires it: `build` checks a commit out of a Git server on the node IP
// and pushes the image to the node registry; `deploy` deploys it by digest
// into an environment, whose pod answers HTTP with the commit's version; a
// `test` job checks that answer from inside the namespace (JUnit summary);
// an `approval` waits for a second user (the creator may not approve); a
// `notification` reaches the creator. Every job's log is still readable after
// its pods are deleted.
jest.setTimeout(10 * 60_000);

const NODE_IP = '10.246.0.1';
const REAL_NODE_TOLERATION = {
  key: 'berth.dev/real-node',
  operator: 'Exists',
  effect: 'NoSchedule',
};
const ada = 'user:default/ada';
const bob = 'user:default/bob';
const repoRoot = resolve(__dirname, '../../../../..');
const { cluster, realNode } = localEastWithRealNode();
const kc = kubeConfigFor(cluster);
const core = kc.makeApiClient(CoreV1Api);
const batch = kc.makeApiClient(BatchV1Api);
const namespaces = testNamespaces(cluster, 'wf-e2e');

class RecordingNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  async send(options: NotificationSendOptions) {
    this.sent.push(options);
  }
}

describe('a workflow run end to end on the real node', () => {
  let knex: Knex;
  let git: TestGitServer;
  let berth: ReturnType<typeof createBerthServices>;
  let workflows: Workflows;
  let buildNamespace: string;
  let envNamespace = '';
  const notifications = new RecordingNotifications();
  const projectName = `wfe-${randomBytes(3).toString('hex')}`;
  const projectRef = `system:default/${projectName}`;

  beforeAll(async () => {
    buildNamespace = await namespaces.create();
    git = await startTestGitServer({ host: NODE_IP, name: 'web' });
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
    const clusters = ClusterRegistry.fromConfig(
      new ConfigReader(
        JSON.parse(readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8')),
      ),
    );
    const config = new ConfigReader({
      berth: {
        helm: { binary: join(cluster.bin, 'helm'), chartRoot: repoRoot },
        deploy: { groupTimeoutSeconds: 180 },
        workflows: {
          engine: { pollIntervalMs: 200 },
          jobs: {
            runnerImage: realNode.images.jobrunner,
            tolerations: [REAL_NODE_TOLERATION],
            nodeSelector: { 'berth.dev/real-node': 'true' },
            pollIntervalMs: 250,
          },
          build: {
            builder: 'local',
            cluster: cluster.name,
            namespace: buildNamespace,
            tolerations: [REAL_NODE_TOLERATION],
            nodeSelector: { 'berth.dev/real-node': 'true' },
            local: {
              image: realNode.images.builder,
              registryUrl: `http://${realNode.registry}`,
            },
          },
        },
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
    workflows = createWorkflows({
      config,
      knex,
      clusters,
      berth,
      logger,
      notifications,
    });
    await berth.projectStore.upsert({
      ref: projectRef,
      name: projectName,
      ownerRef: 'group:default/team-web',
    });
    await berth.projects.createService(
      projectRef,
      {
        name: 'web',
        componentRef: 'component:default/web',
        spec: {
          kind: 'helm',
          chart: {
            type: 'path',
            path: join(repoRoot, 'examples/charts/web-service'),
          },
          values: stringify({
            replicaCount: 1,
            image: { repository: `${realNode.registry}/demo/web`, tag: '0' },
            env: { ECHO_NAME: 'web' },
            probes: { readinessPath: '/', livenessPath: '/' },
            route: { enabled: false },
            nodeSelector: { 'berth.dev/real-node': 'true' },
            tolerations: [REAL_NODE_TOLERATION],
          }),
          images: [
            {
              name: 'main',
              repositoryPath: 'image.repository',
              tagPath: 'image.tag',
            },
          ],
        },
      },
      ada,
    );
    const project = await berth.projects.getProject(projectRef);
    const [plan] = await berth.environmentService.plan(project, [
      { name: 'dev', cluster: cluster.name, tier: 'development' },
    ]);
    const [environment] = await berth.environmentService.create([plan], ada);
    envNamespace = environment.namespace;
    berth.operations.start();
    workflows.engine.start();
  });

  afterAll(async () => {
    await workflows?.engine.stop();
    await berth?.operations.stop();
    await git?.stop();
    if (envNamespace) {
      await core.deleteNamespace({ name: envNamespace }).catch(() => undefined);
    }
    await namespaces.cleanUp();
    await knex?.destroy();
  });

  async function runNow(runId: string): Promise<WorkflowRun> {
    return workflows.service.getRun(runId);
  }

  /** Polls `read` until it gives a value. */
  async function waitForValue<T>(
    read: () => Promise<T | undefined>,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    let value: T | undefined;
    await waitFor(
      async () => (value = await read()) !== undefined,
      timeoutMs,
      what,
    );
    return value!;
  }

  it('builds, deploys by digest, tests, waits for a second user, notifies, and keeps the logs', async () => {
    const commit = await git.commit({
      Dockerfile: [
        'FROM 127.0.0.1:5000/berth/echo:latest',
        'COPY version.txt /version.txt',
        '',
      ].join('\n'),
      'version.txt': '3.0.1\n',
    });
    const workflow = await workflows.service.createWorkflow(
      projectRef,
      {
        name: 'release',
        yaml: stringify({
          title: 'Release web',
          params: [{ name: 'revision', type: 'string', required: true }],
          stages: [
            {
              name: 'build',
              jobs: [
                {
                  name: 'build',
                  type: 'build',
                  spec: {
                    repo: git.url,
                    revision: '${params.revision}',
                    image: `${realNode.registry}/demo/web`,
                    tag: 'e2e',
                    builder: 'local',
                  },
                },
              ],
            },
            {
              name: 'deploy',
              jobs: [
                {
                  name: 'deploy-dev',
                  type: 'deploy',
                  spec: {
                    environment: 'dev',
                    services: ['web'],
                    images: { fromJob: 'build' },
                  },
                },
              ],
            },
            {
              name: 'verify',
              jobs: [
                {
                  name: 'smoke',
                  type: 'test',
                  spec: {
                    environment: 'dev',
                    commands: [
                      'wget -qO /tmp/answer.json http://web/',
                      'cat /tmp/answer.json',
                      'grep -q \'"version":"3.0.1"\' /tmp/answer.json',
                      'mkdir -p /berth/reports',
                      'echo \'<testsuite tests="1"><testcase classname="web" name="answers with the new version"/></testsuite>\' > /berth/reports/junit.xml',
                    ],
                    junit: '/berth/reports/*.xml',
                  },
                },
              ],
            },
            {
              name: 'approve',
              jobs: [
                {
                  name: 'release',
                  type: 'approval',
                  spec: { approvers: [bob], message: 'Release to staging?' },
                },
              ],
            },
            {
              name: 'announce',
              jobs: [
                {
                  name: 'tell',
                  type: 'notification',
                  spec: {
                    to: ['creator'],
                    title: 'web ${params.revision} is approved',
                  },
                },
              ],
            },
          ],
        }),
      },
      ada,
    );
    expect(workflow.targets.environments).toHaveLength(1);

    const started = await workflows.service.startRun(
      workflow.id,
      { revision: commit },
      { type: 'manual', actor: ada },
    );

    // The run reaches the approval and waits there, visibly.
    const waiting = await waitForValue(
      async () => {
        const run = await runNow(started.id);
        if (run.status === 'failed' || run.status === 'cancelled') {
          throw new Error(`the run ended: ${JSON.stringify(run, null, 1)}`);
        }
        return run.status === 'waiting' ? run : undefined;
      },
      8 * 60_000,
      'the run to wait for its approval',
    );
    const jobs = Object.fromEntries(
      waiting.stages.flatMap(s => s.jobs).map(j => [j.job, j]),
    );
    expect(jobs.build.status).toBe('succeeded');
    expect(jobs.build.outputs).toMatchObject({
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      commit,
    });
    expect(jobs['deploy-dev'].status).toBe('succeeded');
    expect(jobs.smoke.status).toBe('succeeded');
    expect(jobs.smoke.outputs).toMatchObject({ passed: 1, failed: 0 });
    expect(jobs.release.status).toBe('waiting');

    // The deployed pod runs the built image by digest and answers with the commit's version.
    const pods = await core.listNamespacedPod({ namespace: envNamespace });
    const pod = pods.items.find(p => p.metadata?.name?.startsWith('web-'));
    expect(pod?.spec?.containers[0].image).toContain(
      `@${jobs.build.outputs.digest}`,
    );
    const answer = await (
      await fetch(`http://${pod!.status!.podIP}:8080/`)
    ).json();
    expect(answer.version).toBe('3.0.1');
    // Deployment records name the job run that made them.
    const environmentId = waiting.stages[1].jobs[0].outputs
      .environmentId as string;
    const records = await berth.deployments.list(environmentId);
    expect(records[0]).toMatchObject({
      service: 'web',
      jobRunId: jobs['deploy-dev'].id,
    });

    // The creator may not approve; bob may.
    const [approval] = await workflows.service.listApprovals({
      runId: started.id,
    });
    expect(approval.status).toBe('waiting');
    await expect(
      workflows.service.decideApproval(
        approval.id,
        { decision: 'approve' },
        { userRef: ada, ownershipRefs: [ada] },
      ),
    ).rejects.toThrow(NotAllowedError);
    await workflows.service.decideApproval(
      approval.id,
      { decision: 'approve', comment: 'ship it' },
      { userRef: bob, ownershipRefs: [bob] },
    );

    const finished = await waitForValue(
      async () => {
        const run = await runNow(started.id);
        return ['succeeded', 'failed', 'cancelled'].includes(run.status)
          ? run
          : undefined;
      },
      2 * 60_000,
      'the run to finish',
    );
    expect(finished.status).toBe('succeeded');
    // The notification job reached the creator.
    expect(notifications.sent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: [ada] },
          payload: expect.objectContaining({
            title: `web ${commit} is approved`,
          }),
        }),
      ]),
    );

    // The Kubernetes Jobs and their pods go; the logs stay.
    for (const namespace of [buildNamespace, envNamespace]) {
      await batch.deleteCollectionNamespacedJob({
        namespace,
        propagationPolicy: 'Foreground',
        labelSelector: `berth.dev/workflow-run=${started.id}`,
      });
    }
    await waitFor(
      async () => {
        const left = await Promise.all(
          [buildNamespace, envNamespace].map(namespace =>
            core.listNamespacedPod({
              namespace,
              labelSelector: `berth.dev/workflow-run=${started.id}`,
            }),
          ),
        );
        return left.every(l => l.items.length === 0);
      },
      60_000,
      'the job pods to be deleted',
    );
    const logOf = async (job: string) => {
      const jobRun = finished.stages
        .flatMap(s => s.jobs)
        .find(j => j.job === job)!;
      return (await workflows.jobLogs.read(jobRun.id, { limit: 1000 }))
        .map(c => c.text)
        .join('');
    };
    expect(await logOf('build')).toContain(`commit ${commit}`);
    expect(await logOf('smoke')).toContain('"version":"3.0.1"');
    expect(await logOf('deploy-dev')).not.toBe('');
    expect(await logOf('release')).not.toBe('');
  });
});
