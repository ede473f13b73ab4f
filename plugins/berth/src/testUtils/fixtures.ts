import { Entity } from '@backstage/catalog-model';
import {
  BerthCluster,
  BerthEnvironment,
  BerthProject,
  DeploymentRecord,
  EnvironmentStatus,
} from '@berth/plugin-berth-common';
import { FakeBerthApi, FakeBerthData, FakeBerthOptions } from './FakeBerthApi';
import { fakeHelmData } from './helm/helmFixtures';
import { fakeSandboxesData } from './sandboxes/sandboxFixtures';

export { FakeBerthApi } from './FakeBerthApi';
export { httpError } from './fakeHost';
export type { FakeBerthData, FakeBerthOptions } from './FakeBerthApi';
export { FakeSignalApi } from './signals/fakeSignalApi';

/** A System as the catalog returns it: short owner in spec, full refs in relations. */
export const shopSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'shop',
    namespace: 'default',
    title: 'Online Shop',
    description: 'The demo shop.',
    annotations: { 'berth.dev/project': 'true' },
  },
  spec: { owner: 'team-shop' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-shop' },
    { type: 'hasPart', targetRef: 'component:default/cart' },
    { type: 'hasPart', targetRef: 'component:default/payments' },
    { type: 'hasPart', targetRef: 'api:default/shop-api' },
  ],
};

/** A System of the catalog that is not a Berth project. */
export const wikiSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'wiki',
    namespace: 'default',
    description: 'The team wiki.',
  },
  spec: { owner: 'team-docs' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-docs' }],
};

export function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner, system: 'shop' },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      { type: 'partOf', targetRef: 'system:default/shop' },
    ],
  };
}

export const clusters: BerthCluster[] = [
  {
    name: 'local-east',
    url: 'https://127.0.0.1:6443',
    authProvider: 'serviceAccount',
    allowProduction: true,
    source: 'config',
    connection: 'Connected',
  },
  {
    name: 'local-west',
    title: 'West (no production)',
    url: 'https://127.0.0.1:7443',
    authProvider: 'serviceAccount',
    allowProduction: false,
    source: 'config',
    connection: 'Disconnected',
  },
];

export const shopProject: BerthProject = {
  ref: 'system:default/shop',
  name: 'shop',
  title: 'Online Shop',
  ownerRef: 'group:default/team-shop',
  services: [
    {
      name: 'cart',
      componentRef: 'component:default/cart',
      kind: 'helm',
      latestRevision: 4,
    },
    {
      name: 'payments',
      componentRef: 'component:default/payments',
      kind: 'manifests',
      latestRevision: 2,
    },
  ],
  startOrder: [['payments'], ['cart']],
  values: 'ingress:\n  enabled: true\n',
};

export const blogProject: BerthProject = {
  ref: 'system:default/blog',
  name: 'blog',
  ownerRef: 'group:default/team-blog',
  services: [
    {
      name: 'web',
      componentRef: 'component:default/blog-web',
      kind: 'helm',
      latestRevision: 1,
    },
  ],
  startOrder: [['web']],
  values: '',
};

export const devEnvironment: BerthEnvironment = {
  id: 'env-shop-dev',
  projectRef: 'system:default/shop',
  name: 'dev',
  cluster: 'local-east',
  namespace: 'shop-dev',
  tier: 'development',
  values: 'logLevel: debug\n',
  services: {
    cart: {
      revision: 3,
      values: 'replicaCount: 2\n',
      images: { main: 'ghcr.io/acme/cart:1.4.0' },
    },
    payments: { revision: 2 },
  },
  namespaceCreated: true,
  createdBy: 'user:default/alice',
  createdAt: '2026-01-05T09:00:00Z',
  updatedAt: '2026-01-09T16:00:00Z',
};

export const prodEnvironment: BerthEnvironment = {
  id: 'env-shop-prod',
  projectRef: 'system:default/shop',
  name: 'prod',
  cluster: 'local-east',
  namespace: 'shop-prod',
  tier: 'production',
  values: '',
  services: { cart: { revision: 2 }, payments: { revision: 2 } },
  namespaceCreated: false,
  createdBy: 'user:default/bob',
  createdAt: '2026-01-02T09:00:00Z',
  updatedAt: '2026-01-02T09:00:00Z',
};

export const devStatus: EnvironmentStatus = {
  environmentId: 'env-shop-dev',
  status: 'Running',
  services: [
    {
      service: 'cart',
      status: 'Running',
      revision: 3,
      images: ['ghcr.io/acme/cart:1.4.0'],
      readyReplicas: 2,
      replicas: 2,
    },
    {
      service: 'payments',
      status: 'Running',
      revision: 2,
      images: ['ghcr.io/acme/payments:2.0.1'],
      readyReplicas: 1,
      replicas: 1,
    },
  ],
  updatedAt: '2026-01-10T11:00:00Z',
};

export const prodStatus: EnvironmentStatus = {
  environmentId: 'env-shop-prod',
  status: 'Unstable',
  services: [
    {
      service: 'cart',
      status: 'Unstable',
      revision: 2,
      images: ['ghcr.io/acme/cart:1.3.2'],
      readyReplicas: 1,
      replicas: 3,
      message: 'Back-off restarting failed container',
    },
    {
      service: 'payments',
      status: 'Running',
      revision: 2,
      images: ['ghcr.io/acme/payments:2.0.1'],
      readyReplicas: 2,
      replicas: 2,
    },
  ],
  updatedAt: '2026-01-10T11:00:00Z',
};

export const deployments: DeploymentRecord[] = [
  {
    id: 'deploy-a',
    environmentId: 'env-shop-dev',
    service: 'payments',
    revision: 2,
    valuesDigest: 'sha256:aaaa',
    images: ['ghcr.io/acme/payments:2.0.0'],
    actor: 'user:default/bob',
    startedAt: '2026-01-08T10:00:00Z',
    finishedAt: '2026-01-08T10:05:00Z',
    result: 'failed',
    message: 'timed out waiting for the rollout',
  },
  {
    id: 'deploy-b',
    environmentId: 'env-shop-dev',
    service: 'payments',
    revision: 2,
    valuesDigest: 'sha256:bbbb',
    images: ['ghcr.io/acme/payments:2.0.1'],
    actor: 'user:default/bob',
    startedAt: '2026-01-08T11:00:00Z',
    finishedAt: '2026-01-08T11:02:00Z',
    result: 'succeeded',
  },
  {
    id: 'deploy-c',
    environmentId: 'env-shop-dev',
    service: 'cart',
    revision: 3,
    valuesDigest: 'sha256:cccc',
    images: ['ghcr.io/acme/cart:1.4.0'],
    actor: 'user:default/alice',
    startedAt: '2026-01-09T16:00:00Z',
    finishedAt: '2026-01-09T16:01:00Z',
    result: 'succeeded',
    helmRevision: 7,
  },
];

/**
 * The data of the fake backend: two projects, the shop with a dev and a prod
 * environment, and two sandboxes of dev.
 */
export function fakeBerthData(): FakeBerthData {
  return {
    clusters,
    projects: [shopProject, blogProject],
    environments: [devEnvironment, prodEnvironment],
    statuses: [devStatus, prodStatus],
    deployments,
    pods: {
      'env-shop-dev': [
        {
          name: 'cart-7d9f8-abcde',
          service: 'cart',
          phase: 'Running',
          ready: true,
          restarts: 0,
          node: 'east-worker-1',
          containers: ['cart'],
          createdAt: '2026-01-09T16:00:30Z',
        },
        {
          name: 'payments-5c6b-xyz12',
          service: 'payments',
          phase: 'Running',
          ready: true,
          restarts: 2,
          node: 'east-worker-2',
          containers: ['payments', 'istio-proxy'],
          createdAt: '2026-01-08T11:00:30Z',
        },
        {
          name: 'cart-7d9f8-pending',
          service: 'cart',
          phase: 'Pending',
          ready: false,
          restarts: 0,
          containers: ['cart'],
          createdAt: '2026-01-10T11:59:00Z',
        },
      ],
    },
    events: {
      'env-shop-dev': [
        {
          type: 'Normal',
          reason: 'Scheduled',
          message: 'Successfully assigned shop-dev/cart-7d9f8-pending',
          object: 'Pod/cart-7d9f8-pending',
          count: 1,
          lastSeen: '2026-01-10T11:59:00Z',
        },
        {
          type: 'Warning',
          reason: 'FailedPull',
          message: 'Failed to pull image "ghcr.io/acme/cart:1.5.0-rc1"',
          object: 'Pod/cart-7d9f8-pending',
          count: 3,
          lastSeen: '2026-01-10T11:59:40Z',
        },
      ],
    },
    logs: {
      'env-shop-dev/cart-7d9f8-abcde':
        'cart listening on :8080\nGET /healthz 200\nGET /cart/42 200',
      'env-shop-dev/payments-5c6b-xyz12': 'payments ready',
    },
    helm: fakeHelmData(),
    sandboxes: fakeSandboxesData(),
  };
}

/**
 * An in-memory Berth backend with {@link fakeBerthData}, optionally changed;
 * pass `error` to make every call fail, `signals` to receive status changes.
 */
export function fakeBerthApi(
  options: FakeBerthOptions & { data?: Partial<FakeBerthData> } = {},
): FakeBerthApi {
  const { data, ...rest } = options;
  return new FakeBerthApi({ ...fakeBerthData(), ...data }, rest);
}
