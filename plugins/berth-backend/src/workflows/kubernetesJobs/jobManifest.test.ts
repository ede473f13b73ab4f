import { jobManifest } from './jobManifest';

const labels = {
  'berth.dev/workflow-run': '3f2b8c1e-9d4a-4e6b-8f00-123456789abc',
  'berth.dev/job-run': '7a1c2d3e-0000-4e6b-8f00-123456789abc',
};
const request = {
  name: 'berth-3f2b8c1e-unit-1-0123456789',
  namespace: 'team-a-dev',
  labels,
  timeoutSeconds: 600,
  pod: {
    restartPolicy: 'Always',
    automountServiceAccountToken: true,
    containers: [
      { name: 'job', image: 'berth/jobrunner:latest', args: ['echo hi'] },
    ],
    tolerations: [
      { key: 'berth.dev/real-node', operator: 'Exists', effect: 'NoSchedule' },
    ],
    nodeSelector: { zone: 'a' },
  },
};
const settings = {
  tolerations: [
    { key: 'berth.dev/real-node', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'dedicated', operator: 'Equal', value: 'ci' },
  ],
  nodeSelector: { 'berth.dev/real-node': 'true', zone: 'b' },
};

describe('jobManifest', () => {
  it('makes a Job that runs once, without a token, until its deadline', () => {
    const job = jobManifest(request, settings);
    expect(job).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: request.name,
        namespace: 'team-a-dev',
        labels: { ...labels, 'app.kubernetes.io/managed-by': 'berth' },
      },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: 600,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            containers: request.pod.containers,
            // the same toleration once; the pod's node selector keys win
            tolerations: [
              {
                key: 'berth.dev/real-node',
                operator: 'Exists',
                effect: 'NoSchedule',
              },
              { key: 'dedicated', operator: 'Equal', value: 'ci' },
            ],
            nodeSelector: { 'berth.dev/real-node': 'true', zone: 'a' },
          },
        },
      },
    });
    expect(job.spec).not.toHaveProperty('ttlSecondsAfterFinished');
  });

  it('adds no empty tolerations or node selector', () => {
    const job = jobManifest(
      { ...request, pod: { containers: request.pod.containers } },
      { tolerations: [], nodeSelector: {} },
    );
    expect(job.spec!.template.spec).toEqual({
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      containers: request.pod.containers,
    });
  });

  it('refuses what Kubernetes would refuse', () => {
    const bad = (change: object) => () =>
      jobManifest({ ...request, ...change }, settings);
    expect(bad({ name: 'x'.repeat(64) })).toThrow(
      /not a DNS label of at most 63/,
    );
    expect(bad({ name: 'Upper' })).toThrow(/not a DNS label/);
    expect(bad({ namespace: 'a_b' })).toThrow(
      "Namespace 'a_b' is not a DNS label",
    );
    expect(bad({ labels: { 'berth.dev/job-run': 'x' } })).toThrow(
      /needs label berth.dev\/workflow-run/,
    );
    expect(bad({ labels: { ...labels, extra: 'a b' } })).toThrow(
      "Label extra of Job 'berth-3f2b8c1e-unit-1-0123456789': 'a b' is not a label value",
    );
    expect(bad({ timeoutSeconds: 0 })).toThrow(/at least 1, got 0/);
    expect(bad({ timeoutSeconds: 1.5 })).toThrow(/whole number/);
    expect(bad({ pod: { containers: [] } })).toThrow(/has no container/);
  });
});
