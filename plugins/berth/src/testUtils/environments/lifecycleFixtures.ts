import {
  BerthRegistry,
  DeploymentRecord,
  EnvironmentConfig,
  ServiceDrift,
} from '@berth/plugin-berth-common';
import { deployments, fakeBerthApi } from '../fixtures';
import { FakeBerthApi, FakeBerthOptions } from '../FakeBerthApi';
import { FakeLifecycleData } from './FakeLifecycleBackend';

function cartManifest(image: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: app
          image: ${image}
---
apiVersion: v1
kind: Service
metadata:
  name: cart
spec:
  ports:
    - port: 80
`;
}

/** Two earlier deploys of cart in dev (1.2.0, then 1.3.0) before the fixtures' 1.4.0 one. */
export const cartHistory: DeploymentRecord[] = [
  {
    id: 'deploy-cart-1',
    environmentId: 'env-shop-dev',
    service: 'cart',
    revision: 2,
    valuesDigest: 'sha256:c1',
    images: ['ghcr.io/acme/cart:1.2.0'],
    actor: 'user:default/alice',
    startedAt: '2026-01-06T09:00:00Z',
    finishedAt: '2026-01-06T09:01:00Z',
    result: 'succeeded',
    settings: {
      revision: 2,
      values: 'replicaCount: 1\n',
      images: { main: 'ghcr.io/acme/cart:1.2.0' },
    },
  },
  {
    id: 'deploy-cart-2',
    environmentId: 'env-shop-dev',
    service: 'cart',
    revision: 3,
    valuesDigest: 'sha256:c2',
    images: ['ghcr.io/acme/cart:1.3.0'],
    actor: 'user:default/alice',
    startedAt: '2026-01-07T09:00:00Z',
    finishedAt: '2026-01-07T09:01:00Z',
    result: 'succeeded',
    settings: {
      revision: 3,
      values: 'replicaCount: 2\n',
      images: { main: 'ghcr.io/acme/cart:1.3.0' },
    },
  },
];

export const registries: BerthRegistry[] = [
  {
    name: 'east-mirror',
    host: 'registry.east.example.com',
    hasCredentials: true,
    insecure: false,
    plainHttp: false,
    pullSecretName: 'berth-pull-east-mirror',
    defaultForClusters: ['local-east'],
  },
  {
    name: 'loopback',
    host: '127.0.0.1:5000',
    hasCredentials: false,
    insecure: false,
    plainHttp: true,
    pullSecretName: 'berth-pull-loopback',
    defaultForClusters: [],
  },
];

/** A ConfigMap and a Secret in dev; the Secret's value is only in the fake "cluster". */
export const devConfigs: EnvironmentConfig[] = [
  {
    kind: 'ConfigMap',
    name: 'shop-settings',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'shop-settings' },
      data: { LOG_LEVEL: 'info' },
    },
    masked: false,
    keys: ['LOG_LEVEL'],
    version: 1,
    usedBy: ['deployment/cart'],
    updatedBy: 'user:default/alice',
    updatedAt: '2026-01-05T10:00:00Z',
  },
  {
    kind: 'Secret',
    name: 'payments-keys',
    object: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'payments-keys' },
      type: 'Opaque',
      data: { API_KEY: Buffer.from('s3cr3t-value').toString('base64') },
    },
    masked: false,
    keys: ['API_KEY'],
    version: 1,
    usedBy: ['deployment/payments'],
    updatedBy: 'user:default/bob',
    updatedAt: '2026-01-05T11:00:00Z',
  },
];

export const cartDrift: ServiceDrift = {
  service: 'cart',
  state: 'Drifted',
  deploymentId: 'deploy-c',
  objects: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'cart',
      change: 'changed',
      diff: '@@ -3,3 +3,3 @@\n spec:\n-  replicas: 2\n+  replicas: 5\n   template:',
      outOfBand: ['kubectl-scale: spec.replicas'],
    },
  ],
  checkedAt: '2026-01-10T12:00:00Z',
};

export const paymentsDrift: ServiceDrift = {
  service: 'payments',
  state: 'Unknown',
  reason: 'The last deployment of payments predates snapshots',
  objects: [],
  checkedAt: '2026-01-10T12:00:00Z',
};

/** Lifecycle data of the fake backend for the dev environment. */
export function lifecycleData(): Partial<FakeLifecycleData> {
  return {
    configs: { 'env-shop-dev': devConfigs },
    registries,
    drift: { 'env-shop-dev': [cartDrift, paymentsDrift] },
    snapshots: {
      'deploy-cart-1': {
        values: 'replicaCount: 1\nimage:\n  tag: 1.2.0\n',
        manifest: cartManifest('ghcr.io/acme/cart:1.2.0', 1),
      },
      'deploy-cart-2': {
        values: 'replicaCount: 2\nimage:\n  tag: 1.3.0\n',
        manifest: cartManifest('ghcr.io/acme/cart:1.3.0', 2),
      },
    },
  };
}

/** The fixtures' fake backend with cart's history, configs, drift and registries. */
export function lifecycleApi(options: FakeBerthOptions = {}): FakeBerthApi {
  return fakeBerthApi({
    ...options,
    data: {
      deployments: [...cartHistory, ...deployments],
      lifecycle: lifecycleData(),
    },
  });
}
