import { BatchV1Api } from '@kubernetes/client-node';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
} from '../../__testUtils__/testClusters';
import { KubernetesJobAbortedError } from './abortDeletesJob';
import {
  JOB_RUN_LABEL,
  KubernetesJobRequest,
  WORKFLOW_RUN_LABEL,
} from './KubernetesJobRequest';
import { KubernetesJobRunner } from './KubernetesJobRunner';
import { kubernetesJobName } from './kubernetesJobName';
import { randomUUID } from 'node:crypto';

jest.setTimeout(180_000);

const { cluster, realNode } = localEastWithRealNode();
const kc = kubeConfigFor(cluster);
const batch = kc.makeApiClient(BatchV1Api);
const namespaces = testNamespaces(cluster, 'k8sjobs-runner');
const REAL_NODE = {
  tolerations: [
    { key: 'berth.dev/real-node', operator: 'Exists', effect: 'NoSchedule' },
  ],
  nodeSelector: { 'berth.dev/real-node': 'true' },
};
const runner = new KubernetesJobRunner({
  clusters: { kubeConfig: () => kubeConfigFor(cluster) },
  settings: {
    ...REAL_NODE,
    ttlSecondsAfterFinished: 300,
    pollIntervalMs: 200,
    imagePullTimeoutMs: 3000,
  },
});

let namespace: string;
beforeAll(async () => {
  namespace = await namespaces.create();
});
afterAll(() => namespaces.cleanUp());

/** A request for a script in the job runner image; its lines are collected. */
function scriptRequest(
  script: string,
  options: { timeoutSeconds?: number; image?: string; job?: string } = {},
) {
  const runId = randomUUID();
  const jobRunId = randomUUID();
  const lines: Array<{ text: string; at: Date; received: number }> = [];
  const steps: Array<{ step: string; at: number }> = [];
  const controller = new AbortController();
  const request: KubernetesJobRequest = {
    cluster: cluster.name,
    namespace,
    name: kubernetesJobName(runId, options.job ?? 'script', 1),
    labels: { [WORKFLOW_RUN_LABEL]: runId, [JOB_RUN_LABEL]: jobRunId },
    pod: {
      containers: [
        {
          name: 'job',
          image: options.image ?? realNode.images.jobrunner,
          args: [script],
          env: [{ name: 'OUTPUTS_PATH', value: '/berth/outputs.json' }],
        },
      ],
    },
    timeoutSeconds: options.timeoutSeconds ?? 120,
    onLog: (text, at) => lines.push({ text, at, received: Date.now() }),
    onProgress: step => steps.push({ step, at: Date.now() }),
    signal: controller.signal,
  };
  return { request, lines, steps, controller };
}

async function jobsOf(request: KubernetesJobRequest) {
  const { items } = await batch.listNamespacedJob({
    namespace,
    labelSelector: `${JOB_RUN_LABEL}=${request.labels[JOB_RUN_LABEL]}`,
  });
  return items;
}

async function waitForLines(lines: unknown[], count: number) {
  const deadline = Date.now() + 60_000;
  while (lines.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${lines.length} lines`);
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('KubernetesJobRunner on the real node', () => {
  it('runs a script: live lines with their times, outputs through the termination message, a TTL after the logs', async () => {
    const { request, lines, steps } = scriptRequest(
      'for i in 1 2 3; do echo "line $i"; sleep 0.3; done; echo oops >&2; ' +
        `printf '{"version":"1.2.3"}' > /berth/outputs.json`,
    );
    const started = Date.now();
    const result = await runner.run(request);
    const completed = Date.now();

    expect(result).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
      logsComplete: true,
    });
    expect(JSON.parse(result.terminationMessage!)).toEqual({
      exitCode: 0,
      outputs: { version: '1.2.3' },
    });
    const texts = lines.map(l => l.text);
    expect(texts.slice(0, 4)).toEqual(['line 1', 'line 2', 'line 3', 'oops']);
    expect(texts[4]).toMatch(/^jobrunner: script exited with code 0 after /);
    // the lines' own times, ~0.3 s apart, before they were received
    const gap = lines[1].at.getTime() - lines[0].at.getTime();
    expect(gap).toBeGreaterThanOrEqual(250);
    expect(gap).toBeLessThan(1500);
    for (const line of lines) {
      expect(line.at.getTime()).toBeLessThanOrEqual(line.received + 1000);
      expect(line.at.getTime()).toBeGreaterThanOrEqual(started - 1000);
    }
    // followed live: the first line arrived before the Job completed
    expect(lines[0].received).toBeLessThan(lines[3].at.getTime() + 1000);
    expect(steps.map(s => s.step)).toEqual(['created', 'running']);

    const [job] = await jobsOf(request);
    expect(job.spec).toMatchObject({
      backoffLimit: 0,
      activeDeadlineSeconds: 120,
      ttlSecondsAfterFinished: 300,
    });
    expect(job.spec!.template.spec).toMatchObject({
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
    });

    const figures = {
      createToRunningMs: steps[1].at - steps[0].at,
      runningToFirstLineMs: lines[0].received - steps[1].at,
      createToFirstLineMs: lines[0].received - steps[0].at,
      createToCompletedMs: completed - steps[0].at,
      scriptMs: lines[3].at.getTime() - lines[0].at.getTime(),
    };
    // eslint-disable-next-line no-console
    console.log(`real node trivial script figures: ${JSON.stringify(figures)}`);
  });

  it('gives a failing command its exit code', async () => {
    const { request } = scriptRequest('echo failing; exit 7');
    const result = await runner.run(request);
    expect(result).toMatchObject({ exitCode: 7, reason: 'Error' });
    expect(JSON.parse(result.terminationMessage!).exitCode).toBe(7);
  });

  it('ends a Job past its deadline with DeadlineExceeded and deletes it', async () => {
    const { request, lines } = scriptRequest('echo started; sleep 60', {
      timeoutSeconds: 3,
    });
    const result = await runner.run(request);
    expect(result.reason).toBe('DeadlineExceeded');
    expect(result.exitCode).not.toBe(0);
    expect(lines[0]?.text).toBe('started');
    await expectGone(request);
  });

  it('deletes the Job when aborted for a cancel, and rejects', async () => {
    const { request, lines, controller } = scriptRequest(
      'echo started; sleep 60',
    );
    const running = runner.run(request);
    await waitForLines(lines, 1);
    controller.abort('cancel');
    const error = await running.catch(e => e);
    expect(error).toBeInstanceOf(KubernetesJobAbortedError);
    expect(error.deleted).toBe(true);
    await expectGone(request);
  });

  it('re-attaches after a replica stops: no second Job, the result, the logs resumed without duplicates', async () => {
    const first = scriptRequest(
      'for i in 1 2 3 4 5 6; do echo "line $i"; sleep 0.5; done; ' +
        `printf '{"done":"yes"}' > /berth/outputs.json`,
    );
    const running = runner.run(first.request);
    await waitForLines(first.lines, 2);
    first.controller.abort('shutdown');
    const error = await running.catch(e => e);
    expect(error).toBeInstanceOf(KubernetesJobAbortedError);
    expect(error.deleted).toBe(false);
    expect(await jobsOf(first.request)).toHaveLength(1);

    const second = scriptRequest('never runs');
    const resumed = {
      ...first.request,
      sinceTime: first.lines.at(-1)!.at,
      pod: second.request.pod,
      onLog: second.request.onLog,
      onProgress: second.request.onProgress,
      signal: second.controller.signal,
    };
    const result = await runner.run(resumed);
    expect(second.steps[0].step).toBe('adopted');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.terminationMessage!).outputs).toEqual({
      done: 'yes',
    });
    expect(await jobsOf(first.request)).toHaveLength(1);
    const all = [...first.lines, ...second.lines]
      .map(l => l.text)
      .filter(t => t.startsWith('line '));
    expect(all).toEqual([1, 2, 3, 4, 5, 6].map(i => `line ${i}`));
  });

  it('gives up an image that cannot be pulled, and deletes the Job', async () => {
    const { request } = scriptRequest('true', {
      image: 'berth/not-pushed-anywhere:1',
    });
    const result = await runner.run(request);
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(result.reason);
    expect(result.exitCode).toBe(-1);
    await expectGone(request);
  });

  it('refuses to adopt a Job of another job run', async () => {
    const { request } = scriptRequest('true');
    await runner.run(request);
    const other = {
      ...request,
      labels: { ...request.labels, [JOB_RUN_LABEL]: randomUUID() },
    };
    await expect(runner.run(other)).rejects.toThrow(
      /belongs to job run '.*', not '/,
    );
  });
});

async function expectGone(request: KubernetesJobRequest) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const jobs = await jobsOf(request);
    if (jobs.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`Job ${request.name} is still there`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}
