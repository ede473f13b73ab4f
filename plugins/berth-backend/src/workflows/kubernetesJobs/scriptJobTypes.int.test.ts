import { mockServices } from '@backstage/backend-test-utils';
import { BatchV1Api } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
} from '../../__testUtils__/testClusters';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { EnvironmentStore } from '../../database/EnvironmentStore';
import { ProjectStore } from '../../projects/ProjectStore';
import { KubernetesJobContext } from './KubernetesJobContext';
import { JOB_RUN_LABEL } from './KubernetesJobRequest';
import { KubernetesJobRunner } from './KubernetesJobRunner';
import { ScriptJobTypeOptions } from './runScriptJob';
import { createScriptJobType, createTestJobType } from './scriptJobTypes';

jest.setTimeout(180_000);

const PROJECT = 'system:default/k8sjobs-types';
const { cluster, realNode } = localEastWithRealNode();
const batch = kubeConfigFor(cluster).makeApiClient(BatchV1Api);
const namespaces = testNamespaces(cluster, 'k8sjobs-types');
const databases = createBerthTestDatabases();

let namespace: string;
let options: ScriptJobTypeOptions;

beforeAll(async () => {
  namespace = await namespaces.create();
  const knex = await migratedDatabase(databases, 'SQLITE_3');
  await new ProjectStore(knex).upsert({ ref: PROJECT, name: 'k8sjobs' });
  const environments = new EnvironmentStore(knex);
  await environments.create({
    projectRef: PROJECT,
    name: 'dev',
    cluster: cluster.name,
    namespace,
    tier: 'development',
    createdBy: 'user:default/ada',
  });
  options = {
    runner: new KubernetesJobRunner({
      clusters: { kubeConfig: () => kubeConfigFor(cluster) },
      settings: {
        tolerations: [
          {
            key: 'berth.dev/real-node',
            operator: 'Exists',
            effect: 'NoSchedule',
          },
        ],
        nodeSelector: { 'berth.dev/real-node': 'true' },
        ttlSecondsAfterFinished: 300,
        pollIntervalMs: 200,
        imagePullTimeoutMs: 10_000,
      },
    }),
    settings: {
      runnerImage: realNode.images.jobrunner,
      namespaces: [],
      defaultTimeoutSeconds: 120,
    },
    environments,
  };
});
afterAll(() => namespaces.cleanUp());

/** A job context as the engine gives it, recording outputs, log lines and the checkpoint. */
function jobContext<T>(params: T, job = 'check') {
  const outputs: Record<string, unknown> = {};
  const lines: string[] = [];
  const state: { saved?: unknown } = {};
  const context: KubernetesJobContext<T> = {
    params,
    logger: mockServices.logger.mock(),
    output: (name, value) => {
      outputs[name] = value;
    },
    upstream: {},
    signal: new AbortController().signal,
    run: {
      runId: randomUUID(),
      jobRunId: randomUUID(),
      workflowId: randomUUID(),
      stage: 'verify',
      job,
      attempt: 1,
      projectRef: PROJECT,
      createdBy: 'user:default/ada',
    },
    resumed: false,
    checkpoint: {
      get saved() {
        return state.saved;
      },
      save: async value => {
        state.saved = value;
      },
    },
    setWaiting: async () => {},
    mask: () => {},
    workDir: '/tmp',
    deadline: new Date(Date.now() + 90_000),
    log: text => lines.push(text),
  };
  return { context, outputs, lines, state };
}

describe('script and test job types on the real node', () => {
  it('a script job in an environment gives its outputs and saves where its Job is', async () => {
    const type = createScriptJobType(options);
    const params = type.inputSchema.parse({
      environment: 'dev',
      commands: [
        'echo building',
        `printf '{"image":"reg/app@sha256:abc","tag":"1.0"}' > /berth/outputs.json`,
      ],
      outputs: ['image'],
    });
    const { context, outputs, lines, state } = jobContext(params);
    await type.run(context);
    expect(outputs).toEqual({ image: 'reg/app@sha256:abc', tag: '1.0' });
    expect(lines[0]).toBe('building');
    expect(state.saved).toEqual({
      cluster: cluster.name,
      namespace,
      name: expect.stringMatching(/^berth-/),
    });
    const { items } = await batch.listNamespacedJob({
      namespace,
      labelSelector: `${JOB_RUN_LABEL}=${context.run.jobRunId}`,
    });
    expect(items.map(j => j.metadata!.labels!['berth.dev/job-type'])).toEqual([
      'script',
    ]);
  });

  it('a script job fails with the exit code, and when an expected output is missing', async () => {
    const type = createScriptJobType(options);
    const failing = jobContext(
      type.inputSchema.parse({
        environment: 'dev',
        commands: ['true', 'exit 4', 'echo never'],
      }),
    );
    await expect(type.run(failing.context)).rejects.toThrow(
      /exited with code 4 \(Error\)/,
    );
    expect(failing.lines).not.toContain('never');

    const missing = jobContext(
      type.inputSchema.parse({
        environment: 'dev',
        commands: 'echo hi',
        outputs: ['image'],
      }),
    );
    await expect(type.run(missing.context)).rejects.toThrow(
      /did not give the output image/,
    );
  });

  it('a test job with one failing JUnit case fails with failed=1 and its name in the outputs', async () => {
    const type = createTestJobType(options);
    const report =
      '<testsuites><testsuite name="checkout">' +
      '<testcase name="adds to cart"/><testcase name="pays"><failure message="402"/></testcase>' +
      '<testcase name="later"><skipped/></testcase></testsuite></testsuites>';
    const params = type.inputSchema.parse({
      environment: 'dev',
      commands: [
        `mkdir -p /tmp/reports/unit`,
        `echo '${report}' > /tmp/reports/unit/junit.xml`,
      ],
      junit: '/tmp/reports/**/*.xml',
    });
    const { context, outputs } = jobContext(params, 'e2e');
    await expect(type.run(context)).rejects.toThrow(
      /1 test failed: checkout\.pays/,
    );
    expect(outputs).toEqual({
      passed: 1,
      failed: 1,
      skipped: 1,
      failures: ['checkout.pays'],
    });
  });

  it('a test job whose tests pass succeeds with the summary', async () => {
    const type = createTestJobType(options);
    const params = type.inputSchema.parse({
      environment: 'dev',
      commands: `echo '<testsuite name="s"><testcase name="ok"/></testsuite>' > /tmp/r.xml`,
      junit: ['/tmp/r.xml'],
    });
    const { context, outputs } = jobContext(params, 'smoke');
    await type.run(context);
    expect(outputs).toEqual({ passed: 1, failed: 0, skipped: 0, failures: [] });
  });

  it('refuses an environment the project does not have', async () => {
    const type = createScriptJobType(options);
    const { context, state } = jobContext(
      type.inputSchema.parse({ environment: 'nope', commands: 'true' }),
    );
    await expect(type.run(context)).rejects.toThrow(
      `No environment 'nope' in project '${PROJECT}'`,
    );
    expect(state.saved).toBeUndefined();
  });
});
