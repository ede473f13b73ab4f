import { ConfigReader } from '@backstage/config';
import { CoreV1Api } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { createMockJobContext } from '@berth/plugin-berth-node-test-utils';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
} from '../../__testUtils__/testClusters';
import { RegistryConfig } from '../../registries/RegistryConfig';
import {
  KubernetesJobRunner,
  kubernetesJobName,
  JOB_RUN_LABEL,
} from '../kubernetesJobs';
import { startTestGitServer, TestGitServer } from './__testUtils__/gitServer';
import { buildTestConfig } from './__testUtils__/buildTestConfig';
import { createBuildJobType } from './buildJobType';
import { buildJobInputSchema } from './buildJobInput';

// The `build` job type for real: a Kubernetes Job on local-east's real node checks a commit out of
// a Git server the test runs on the node IP, builds it with the local builder image and pushes it
// to the node registry; a pod of the built image, pulled by digest, answers HTTP with the version
// of that commit.
jest.setTimeout(300_000);

const NODE_IP = '10.246.0.1';
const { cluster, realNode } = localEastWithRealNode();
const kc = kubeConfigFor(cluster);
const core = kc.makeApiClient(CoreV1Api);
const namespaces = testNamespaces(cluster, 'realbuild');

let namespace: string;
let git: TestGitServer;

beforeAll(async () => {
  namespace = await namespaces.create();
  git = await startTestGitServer({ host: NODE_IP, name: 'web' });
});
afterAll(async () => {
  await git?.stop();
  await namespaces.cleanUp();
});

function buildType() {
  const runner = new KubernetesJobRunner({
    clusters: { kubeConfig: () => kc },
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
      imagePullTimeoutMs: 30_000,
    },
  });
  return createBuildJobType({
    config: buildTestConfig({
      builder: 'local',
      cluster: cluster.name,
      namespace,
      local: {
        image: realNode.images.builder,
        registryUrl: `http://${realNode.registry}`,
      },
    }),
    registries: RegistryConfig.fromConfig(new ConfigReader({})),
    runKubernetesJob: request => runner.run(request),
    kubernetesJobName,
    ensurePushSecret: async () => {
      throw new Error('the local builder needs no push secret');
    },
  });
}

async function podAnswer(name: string, image: string) {
  await core.createNamespacedPod({
    namespace,
    body: {
      metadata: { name },
      spec: {
        nodeSelector: { 'berth.dev/real-node': 'true' },
        tolerations: [
          {
            key: 'berth.dev/real-node',
            operator: 'Exists',
            effect: 'NoSchedule',
          },
        ],
        automountServiceAccountToken: false,
        containers: [
          { name: 'web', image, env: [{ name: 'ECHO_NAME', value: name }] },
        ],
      },
    },
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const pod = await core.readNamespacedPod({ name, namespace });
    const ip = pod.status?.podIP;
    if (ip && pod.status?.phase === 'Running') {
      try {
        const res = await fetch(`http://${ip}:8080/`, {
          signal: AbortSignal.timeout(2000),
        });
        if (res.ok) return (await res.json()) as { version?: string };
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `pod ${name} never answered: ${JSON.stringify(pod.status)}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

describe('the build job type on the real node', () => {
  it('builds a commit, pushes it to the node registry, and the image by digest serves that version', async () => {
    const commit = await git.commit({
      Dockerfile: [
        'FROM 127.0.0.1:5000/berth/echo:latest',
        'COPY version.txt /version.txt',
        '',
      ].join('\n'),
      'version.txt': '2.4.6\n',
    });
    const params = buildJobInputSchema.parse({
      repo: git.url,
      revision: commit,
      image: `${realNode.registry}/demo/web`,
      tag: 'v246',
      builder: 'local',
    });
    const context = createMockJobContext({
      params,
      run: {
        runId: randomUUID(),
        jobRunId: randomUUID(),
        job: 'build',
        projectRef: 'system:default/realbuild',
      },
    });
    await buildType().run(context);

    expect(context.outputs).toMatchObject({
      image: `${realNode.registry}/demo/web:v246`,
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      commit,
    });
    const reference = `${realNode.registry}/demo/web@${context.outputs.digest}`;
    expect(context.outputs.reference).toBe(reference);
    // One Kubernetes Job, labelled with the job run, ran the build.
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: `${JOB_RUN_LABEL}=${context.run.jobRunId}`,
    });
    expect(pods.items.length).toBe(1);

    const answer = await podAnswer('web-built', reference);
    expect(answer.version).toBe('2.4.6');
  });
});
