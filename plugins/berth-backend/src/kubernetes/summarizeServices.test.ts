import { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { summarizeServices } from './summarizeServices';
import { Workload } from './workloadReadiness';

const labels = (service: string, environment = 'e1') => ({
  'berth.dev/service': service,
  'berth.dev/environment': environment,
});

function deployment(
  name: string,
  service: string,
  ready: number,
  extra: { environment?: string; revision?: string; images?: string[] } = {},
): Workload {
  const object: V1Deployment = {
    metadata: {
      name,
      uid: `uid-${name}`,
      generation: 1,
      labels: labels(service, extra.environment),
      annotations: extra.revision
        ? { 'berth.dev/revision': extra.revision }
        : {},
    },
    spec: {
      replicas: 2,
      selector: {},
      template: {
        spec: {
          containers: (extra.images ?? ['ghcr.io/acme/cart:1']).map(image => ({
            name: 'c',
            image,
          })),
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: ready,
    },
  };
  return { kind: 'Deployment', object };
}

const pod = (name: string, service: string, environment = 'e1'): V1Pod => ({
  metadata: { name, labels: labels(service, environment) },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});

describe('summarizeServices', () => {
  const base = {
    environmentId: 'e1',
    connection: 'Connected' as const,
    wasReady: () => true,
    now: Date.now(),
  };

  it('groups the workloads and pods of the environment by service', () => {
    const statuses = summarizeServices({
      ...base,
      workloads: [
        deployment('cart', 'cart', 2, {
          revision: '4',
          images: ['ghcr.io/acme/cart:2', 'ghcr.io/acme/sidecar:1'],
        }),
        deployment('cart-worker', 'cart', 2, {
          images: ['ghcr.io/acme/cart:2'],
        }),
        deployment('search', 'search', 1),
        deployment('other-env', 'cart', 0, { environment: 'e2' }),
      ],
      pods: [
        pod('cart-1', 'cart'),
        pod('search-1', 'search'),
        pod('x', 'cart', 'e2'),
      ],
    });
    expect(statuses).toEqual([
      {
        service: 'cart',
        status: 'Running',
        revision: 4,
        images: ['ghcr.io/acme/cart:2', 'ghcr.io/acme/sidecar:1'],
        readyReplicas: 4,
        replicas: 4,
      },
      {
        service: 'search',
        status: 'Unstable',
        revision: undefined,
        images: ['ghcr.io/acme/cart:1'],
        readyReplicas: 1,
        replicas: 2,
        message: 'deployment search: 1/2 ready',
      },
    ]);
  });

  it('uses what Berth remembers of a workload to tell Deploying from Unstable', () => {
    const [status] = summarizeServices({
      ...base,
      wasReady: w => w.object.metadata?.name !== 'search',
      workloads: [deployment('search', 'search', 1)],
      pods: [],
    });
    expect(status.status).toBe('Deploying');
  });

  it('lists expected services that are missing, and applies the caller’s flags', () => {
    const statuses = summarizeServices({
      ...base,
      workloads: [deployment('cart', 'cart', 2), deployment('db', 'db', 2)],
      pods: [],
      options: {
        services: ['cart', 'db', 'queue', 'mail'],
        deploying: ['cart', 'mail'],
        failures: { db: 'helm upgrade failed: boom' },
      },
    });
    expect(statuses.map(s => [s.service, s.status, s.message])).toEqual([
      ['cart', 'Deploying', 'Deploy in progress'],
      ['db', 'Error', 'helm upgrade failed: boom'],
      ['mail', 'Deploying', 'Deploy in progress'],
      ['queue', 'NotDeployed', undefined],
    ]);
  });

  it('says Disconnected for every service when the cluster is unreachable', () => {
    const statuses = summarizeServices({
      ...base,
      connection: 'Disconnected',
      workloads: [deployment('cart', 'cart', 2)],
      pods: [],
      options: { services: ['cart', 'db'] },
    });
    expect(statuses.map(s => s.status)).toEqual([
      'Disconnected',
      'Disconnected',
    ]);
  });

  it('reads a failed rollout from the Deployment conditions', () => {
    const stalled = deployment('cart', 'cart', 1);
    (stalled.object as V1Deployment).status!.conditions = [
      {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
      },
    ];
    const quota = deployment('db', 'db', 0);
    (quota.object as V1Deployment).status!.conditions = [
      {
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: 'exceeded quota',
      },
    ];
    const statuses = summarizeServices({
      ...base,
      workloads: [stalled, quota],
      pods: [],
    });
    expect(statuses.map(s => s.message)).toEqual([
      'deployment cart: ProgressDeadlineExceeded',
      'deployment db: FailedCreate: exceeded quota',
    ]);
  });
});
