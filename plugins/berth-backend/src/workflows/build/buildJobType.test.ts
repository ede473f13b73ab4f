import { InputError } from '@backstage/errors';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { BerthJobContext } from '@berth/plugin-berth-node';
import { RegistryConfig, RegistryEntry } from '../../registries/RegistryConfig';
import { BuildJobInput, buildJobInputSchema } from './buildJobInput';
import { createBuildJobType, imageHost } from './buildJobType';
import { BuildFailedError } from './buildOutputs';
import {
  KubernetesJobRequest,
  KubernetesJobResult,
} from './kubernetesJobContract';
import { buildTestConfig } from './__testUtils__/buildTestConfig';

const digest = `sha256:${'e'.repeat(64)}`;
const commit = 'f'.repeat(40);

const registries = RegistryConfig.fromConfig(
  new ConfigReader({
    berth: {
      registries: [
        {
          name: 'corp',
          host: 'registry.corp.example',
          username: 'builder',
          password: 'corp-secret-password',
        },
        {
          name: 'local',
          host: '127.0.0.1:5000',
          plainHttp: true,
        },
        {
          name: 'other-team',
          host: 'registry.other.example',
          username: 'u',
          password: 'p',
          projects: ['system:default/other'],
        },
      ],
    },
  }),
);

/** A job context recording outputs, masks, checkpoints and log lines. */
function jobContext(
  params: Record<string, unknown>,
  options: { resumed?: boolean; saved?: unknown } = {},
) {
  const outputs: Record<string, unknown> = {};
  const masked: string[] = [];
  const saved: unknown[] = [];
  const logger = mockServices.logger.mock();
  const ctx: BerthJobContext<BuildJobInput> = {
    params: buildJobInputSchema.parse(params),
    logger,
    output: (name, value) => {
      outputs[name] = value;
    },
    upstream: {},
    signal: new AbortController().signal,
    run: {
      runId: 'run-1',
      jobRunId: 'jobrun-1',
      workflowId: 'wf-1',
      stage: 'build',
      job: 'web',
      attempt: 2,
      projectRef: 'system:default/shop',
      createdBy: 'user:default/alice',
    },
    resumed: options.resumed ?? false,
    checkpoint: {
      saved: options.saved,
      save: async value => {
        saved.push(value);
      },
    },
    setWaiting: async () => {},
    mask: value => masked.push(value),
    workDir: '/tmp/unused',
  };
  return { ctx, outputs, masked, saved, logger };
}

function setup(
  result: KubernetesJobResult,
  build: Record<string, unknown> = {},
) {
  const requests: KubernetesJobRequest[] = [];
  const secrets: Array<[string, string, RegistryEntry]> = [];
  const jobType = createBuildJobType({
    config: buildTestConfig(build),
    registries,
    kubernetesJobName: (runId, job, attempt) =>
      `berth-${runId}-${job}-${attempt}`,
    runKubernetesJob: async request => {
      requests.push(request);
      request.onLog('step 1', new Date());
      return result;
    },
    ensurePushSecret: async (cluster, namespace, registry) => {
      secrets.push([cluster, namespace, registry]);
      return `berth-push-${registry.name}`;
    },
  });
  return { jobType, requests, secrets };
}

const ok = (image: string): KubernetesJobResult => ({
  exitCode: 0,
  terminationMessage: JSON.stringify({ image, digest, commit }),
  logsComplete: true,
});

describe('the build job type', () => {
  it('runs the local builder as a Kubernetes Job and outputs image, digest, commit and reference', async () => {
    const { jobType, requests, secrets } = setup(
      ok('127.0.0.1:5000/shop/web:v2'),
    );
    const { ctx, outputs, saved, logger } = jobContext({
      repo: 'http://10.246.0.1:8080/shop.git',
      revision: commit,
      image: '127.0.0.1:5000/shop/web',
      tag: 'v2',
      builder: 'local',
    });
    await jobType.run(ctx);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({
      cluster: 'local-east',
      namespace: 'berth-builds',
      name: 'berth-run-1-web-2',
      labels: {
        'berth.dev/workflow-run': 'run-1',
        'berth.dev/job-run': 'jobrun-1',
      },
      timeoutSeconds: 1800,
      signal: ctx.signal,
    });
    expect(request.pod.containers[0].env).toContainEqual({
      name: 'BUILDER_REVISION',
      value: commit,
    });
    expect(request.pod.automountServiceAccountToken).toBe(false);
    expect(saved).toEqual([{ kubernetesJob: 'berth-run-1-web-2' }]);
    expect(secrets).toEqual([]);
    expect(outputs).toEqual({
      image: '127.0.0.1:5000/shop/web:v2',
      digest,
      commit,
      reference: `127.0.0.1:5000/shop/web@${digest}`,
    });
    expect(logger.info).toHaveBeenCalledWith('step 1');
  });

  it('runs BuildKit with the push secret of the image registry and masks its password', async () => {
    const { jobType, requests, secrets } = setup(
      ok('registry.corp.example/shop/web:main'),
    );
    const { ctx, masked, outputs } = jobContext({
      repo: 'https://git.corp.example/shop.git',
      revision: 'main',
      image: 'registry.corp.example/shop/web',
    });
    await jobType.run(ctx);
    expect(secrets.map(([c, n, r]) => [c, n, r.name])).toEqual([
      ['local-east', 'berth-builds', 'corp'],
    ]);
    expect(masked).toEqual(['corp-secret-password']);
    const [container] = requests[0].pod.containers;
    expect(container.image).toBe('moby/buildkit:rootless');
    expect(container.args).toContain(
      'type=image,name=registry.corp.example/shop/web:main,push=true',
    );
    expect(requests[0].pod.volumes).toContainEqual(
      expect.objectContaining({
        secret: expect.objectContaining({ secretName: 'berth-push-corp' }),
      }),
    );
    expect(JSON.stringify(requests[0].pod)).not.toContain(
      'corp-secret-password',
    );
    expect(outputs.image).toBe('registry.corp.example/shop/web:main');
  });

  it('marks a plain-HTTP registry insecure for BuildKit and needs no secret without credentials', async () => {
    const { jobType, requests, secrets } = setup(
      ok('127.0.0.1:5000/shop/web:main'),
    );
    await jobType.run(
      jobContext({
        repo: 'http://10.246.0.1:8080/shop.git',
        revision: 'main',
        image: '127.0.0.1:5000/shop/web',
        builder: 'buildkit',
      }).ctx,
    );
    expect(secrets).toEqual([]);
    expect(requests[0].pod.containers[0].args).toContain(
      'type=image,name=127.0.0.1:5000/shop/web:main,push=true,registry.insecure=true',
    );
  });

  it('re-attaches to the saved Kubernetes Job on resume and saves nothing again', async () => {
    const { jobType, requests } = setup(ok('127.0.0.1:5000/shop/web:v1'));
    const { ctx, saved } = jobContext(
      {
        repo: 'http://10.246.0.1:8080/shop.git',
        revision: 'main',
        image: '127.0.0.1:5000/shop/web',
        builder: 'local',
      },
      { resumed: true, saved: { kubernetesJob: 'berth-earlier-name' } },
    );
    await jobType.run(ctx);
    expect(requests[0].name).toBe('berth-earlier-name');
    expect(saved).toEqual([]);
  });

  it.each([
    [
      {
        exitCode: 1,
        terminationMessage:
          '{"error":"Dockerfile: line 2: RUN: not supported"}',
      },
      'The build berth-run-1-web-2 exited with code 1: The build failed: Dockerfile: line 2: RUN: not supported',
    ],
    [
      { exitCode: 137, reason: 'DeadlineExceeded' },
      'The build berth-run-1-web-2 exited with code 137 (DeadlineExceeded): The build left no termination message',
    ],
    [
      { exitCode: 0, terminationMessage: 'done' },
      "The build's termination message is not JSON: done",
    ],
    [
      {
        exitCode: 0,
        terminationMessage: '{"image":"x:1","digest":"sha256:1"}',
      },
      'no valid image and digest: digest:',
    ],
  ])(
    'fails with the reason and sets no output when the Job ends %j',
    async (result, message) => {
      const { jobType } = setup({ logsComplete: true, ...result });
      const { ctx, outputs } = jobContext({
        repo: 'http://10.246.0.1:8080/shop.git',
        revision: 'main',
        image: '127.0.0.1:5000/shop/web',
        builder: 'local',
      });
      const run = jobType.run(ctx);
      await expect(run).rejects.toThrow(BuildFailedError);
      await expect(run).rejects.toThrow(message);
      expect(outputs).toEqual({});
    },
  );

  it('refuses, running nothing, a registry the project may not use, a missing cluster, an unconfigured local builder', async () => {
    const params = {
      repo: 'http://10.246.0.1:8080/shop.git',
      revision: 'main',
      image: 'registry.other.example/shop/web',
    };
    const cases: Array<
      [Record<string, unknown>, Record<string, unknown>, string]
    > = [
      [
        params,
        {},
        "Image registry 'other-team' may not be used by 'system:default/shop' on cluster 'local-east'",
      ],
      [
        { ...params, image: 'app' },
        { cluster: undefined },
        'berth.workflows.build.cluster is not set',
      ],
      [
        { ...params, image: 'app', builder: 'local' },
        { local: undefined },
        'The local builder is not configured',
      ],
    ];
    for (const [p, build, message] of cases) {
      const { jobType, requests, secrets } = setup(ok('x:1'), build);
      const { ctx, saved } = jobContext(p);
      const run = jobType.run(ctx);
      await expect(run).rejects.toThrow(InputError);
      await expect(run).rejects.toThrow(message);
      expect(requests).toEqual([]);
      expect(secrets).toEqual([]);
      expect(saved).toEqual([]);
    }
  });

  it('reads the registry host of image names', () => {
    expect(imageHost('registry.example.com/a/b')).toBe('registry.example.com');
    expect(imageHost('127.0.0.1:5000/a')).toBe('127.0.0.1:5000');
    expect(imageHost('localhost/a')).toBe('localhost');
    expect(imageHost('team/app')).toBeUndefined();
    expect(imageHost('app')).toBeUndefined();
  });
});
