import {
  ChartInfo,
  ServicePreview,
  ServiceRevision,
} from '@berth/plugin-berth-common';
import { FakeHelmData } from './FakeHelmBackend';
import { archiveSource } from './archiveSource';

export const demoRepositoryUrl = 'http://127.0.0.1:8879';
export const gitTreeUrl = 'https://github.com/acme/charts/tree/main/charts';

/** web-service's values.schema.json: replicaCount is a whole number from 1. */
export const webServiceSchema = {
  $schema: 'http://json-schema.org/schema#',
  type: 'object',
  required: ['replicaCount'],
  properties: {
    replicaCount: { type: 'integer', minimum: 1, title: 'Replica count' },
    image: {
      type: 'object',
      title: 'Image',
      properties: {
        repository: { type: 'string', title: 'Repository' },
        tag: { type: 'string', title: 'Tag' },
      },
    },
  },
};

function repositoryChart(
  name: string,
  version: string,
  extra: Partial<ChartInfo> = {},
): ChartInfo {
  return {
    digest: `${name}-${version}`.replace(/[^a-z0-9]/g, '').padEnd(64, '0'),
    size: 2048,
    metadata: {
      apiVersion: 'v2',
      name,
      version,
      appVersion: '1.0.0',
      description: `The ${name} chart`,
      type: 'application',
    },
    dependencies: [],
    values: 'replicaCount: 1\n',
    origin: {
      type: 'repository',
      repository: 'demo',
      url: demoRepositoryUrl,
      chart: name,
      version,
    },
    ...extra,
  };
}

export const webService010 = repositoryChart('web-service', '0.1.0', {
  values: 'replicaCount: 1\nimage:\n  repository: nginx\n  tag: "1.27"\n',
  schema: webServiceSchema,
  metadata: {
    apiVersion: 'v2',
    name: 'web-service',
    version: '0.1.0',
    appVersion: '1.27.0',
    description: 'A web service behind a Service',
    type: 'application',
    keywords: ['web', 'nginx'],
    home: 'https://example.com/web-service',
    maintainers: [{ name: 'Team Shop', email: 'shop@example.com' }],
  },
  dependencies: [
    {
      name: 'common',
      version: '2.x.x',
      repository: 'https://charts.bitnami.com/bitnami',
      status: 'resolved',
    },
  ],
});

export const webService020 = repositoryChart('web-service', '0.2.0', {
  values: webService010.values,
  schema: webServiceSchema,
});

export const worker = repositoryChart('worker', '0.1.0', {
  dependencies: [
    {
      name: 'redis',
      version: '18.0.0',
      repository: 'https://unreachable.example.com/charts',
      status: 'unresolved',
      reason: 'Could not reach unreachable.example.com',
    },
  ],
});

export const cartChart = repositoryChart('cart', '1.0.0');

export const gitApiChart: ChartInfo = {
  ...repositoryChart('api', '0.3.0'),
  origin: { type: 'git', url: gitTreeUrl, path: 'charts/api' },
};

export const gitJobsChart: ChartInfo = {
  ...repositoryChart('jobs', '0.1.0'),
  origin: { type: 'git', url: gitTreeUrl, path: 'charts/jobs' },
};

export const uploadedChart: ChartInfo = {
  ...repositoryChart('uploaded', '1.0.0'),
  origin: { type: 'upload', filename: 'uploaded-1.0.0.tgz' },
};

export const cartValuesUrl =
  'https://github.com/acme/shop/blob/main/values/cart.yaml';

/** The shop's cart: four revisions of the imported web-service 0.1.0, values tracked from Git. */
export const cartRevisions: ServiceRevision[] = [1, 2, 3, 4].map(n => ({
  service: 'cart',
  revision: n,
  spec: {
    kind: 'helm',
    chart: archiveSource(webService010),
    values: `replicaCount: ${n === 4 ? 2 : 1}\n`,
    images: [
      {
        name: 'main',
        repositoryPath: 'image.repository',
        tagPath: 'image.tag',
      },
    ],
    valuesFrom: { url: cartValuesUrl, track: true },
  },
  createdBy: 'user:default/alice',
  createdAt: `2026-01-0${n}T10:00:00.000Z`,
}));

export const cartDevPreview: ServicePreview = {
  environmentId: 'env-shop-dev',
  service: 'cart',
  kind: 'helm',
  revision: 4,
  settings: { revision: 4 },
  values: 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: "1.27"\n',
  manifest:
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  replicas: 2\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: cart\n',
  images: ['nginx:1.27'],
  live: 'compared',
  objects: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'cart',
      change: 'changed',
      diff: '--- live\n+++ rendered\n@@ -3,4 +3,4 @@\n metadata:\n   name: cart\n spec:\n-  replicas: 1\n+  replicas: 2\n',
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      name: 'cart',
      change: 'unchanged',
      diff: '',
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'cart-config',
      change: 'removed',
      diff: '--- live\n+++ rendered\n@@ -1,3 +0,0 @@\n-apiVersion: v1\n-kind: ConfigMap\n-metadata:\n',
    },
  ],
  summary: { added: 0, removed: 1, changed: 1, unchanged: 1 },
};

export const cartProdPreview: ServicePreview = {
  ...cartDevPreview,
  environmentId: 'env-shop-prod',
  live: 'unavailable',
  message: 'Cluster local-east could not be reached',
  objects: cartDevPreview.objects.slice(0, 2).map(o => ({
    ...o,
    change: 'added',
    diff: '',
  })),
  summary: { added: 2, removed: 0, changed: 0, unchanged: 0 },
};

/** The Helm side of the fake backend: a `demo` repository, a Git tree, an upload and the shop's imported cart. */
export function fakeHelmData(): FakeHelmData {
  return {
    repositories: [
      { name: 'demo', url: demoRepositoryUrl, authenticated: false },
      {
        name: 'internal',
        url: 'https://charts.example.com',
        authenticated: true,
      },
    ],
    registries: [{ name: 'ghcr', host: 'ghcr.io', authenticated: true }],
    listings: {
      demo: [
        {
          name: 'cart',
          description: 'The cart chart',
          versions: [{ version: '1.0.0', appVersion: '1.0.0' }],
        },
        {
          name: 'web-service',
          description: 'A web service behind a Service',
          versions: [
            { version: '0.2.0', appVersion: '1.28.0' },
            { version: '0.1.0', appVersion: '1.27.0' },
          ],
        },
        {
          name: 'worker',
          description: 'A queue worker',
          versions: [{ version: '0.1.0' }],
        },
      ],
    },
    gitTrees: {
      [gitTreeUrl]: [
        { path: 'charts/api', name: 'api', version: '0.3.0' },
        { path: 'charts/jobs', name: 'jobs', version: '0.1.0' },
        {
          path: 'charts/broken',
          name: 'broken',
          version: '0.0.1',
          valuesFiles: ['values/api-eu.yaml', 'values/api-us.yaml'],
        },
      ],
    },
    charts: [
      webService010,
      webService020,
      worker,
      cartChart,
      gitApiChart,
      gitJobsChart,
    ],
    uploads: { 'uploaded-1.0.0.tgz': uploadedChart },
    revisions: { 'system:default/shop/cart': cartRevisions },
    valuesFiles: { [cartValuesUrl]: 'replicaCount: 3\n' },
    previews: {
      'env-shop-dev/cart': cartDevPreview,
      'env-shop-prod/cart': cartProdPreview,
    },
  };
}
