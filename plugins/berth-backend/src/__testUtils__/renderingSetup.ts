import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ServiceSpec } from '@berth/plugin-berth-common';
import knexFactory from 'knex';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { createBerthServices } from '../createBerthServices';
import { applyDatabaseMigrations } from '../database/migrations';
import { HELLO_CHART } from './testProjectFile';
import { TestCluster } from './testClusters';

// Shared by the rendering, drift and values integration tests: Berth's own
// wiring on an in-memory database, over the local clusters.

export const actor = 'user:default/ada';

export function helloSpec(values = ''): ServiceSpec {
  return {
    kind: 'helm',
    chart: { type: 'path', path: HELLO_CHART },
    values,
    images: [
      {
        name: 'main',
        repositoryPath: 'image.repository',
        tagPath: 'image.tag',
      },
    ],
  };
}

/** A manifests service with a Secret whose password is a variable. */
export function secretSpec(): ServiceSpec {
  return {
    kind: 'manifests',
    manifests: [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: vault-credentials',
      'stringData:',
      '  password: "{{ .password }}"',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: vault-settings',
      'data:',
      '  mode: "{{ .mode }}"',
    ].join('\n'),
    variables: [
      { name: 'password', type: 'string', default: 'first-s3cret-value' },
      { name: 'mode', type: 'string', default: 'strict' },
    ],
  };
}

export async function berthOnTestDatabase(cluster: TestCluster) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await applyDatabaseMigrations(knex);
  const config = new ConfigReader(
    JSON.parse(readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8')),
  );
  const berth = createBerthServices({
    config: new ConfigReader({
      berth: {
        helm: { binary: join(cluster.bin, 'helm') },
        deploy: { groupTimeoutSeconds: 120 },
      },
    }),
    knex,
    clusters: ClusterRegistry.fromConfig(config),
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  });
  return { knex, ...berth };
}

/** Runs the control plane's kubectl against a test cluster. */
export async function kubectl(cluster: TestCluster, args: string[]) {
  const { stdout } = await promisify(execFile)(join(cluster.bin, 'kubectl'), [
    '--kubeconfig',
    cluster.kubeconfig,
    '--context',
    cluster.name,
    ...args,
  ]);
  return stdout;
}

/**
 * A project with the given services (created in this order) and a
 * development environment `dev` of it on the cluster, not deployed.
 */
export async function projectWithEnvironment(
  berth: Awaited<ReturnType<typeof berthOnTestDatabase>>,
  cluster: TestCluster,
  projectName: string,
  services: Record<string, ServiceSpec>,
) {
  const projectRef = `system:default/${projectName}`;
  await berth.projectStore.upsert({ ref: projectRef, name: projectName });
  for (const [name, spec] of Object.entries(services)) {
    await berth.projects.createService(
      projectRef,
      { name, componentRef: `component:default/${name}`, spec },
      actor,
    );
  }
  const project = await berth.projects.getProject(projectRef);
  const [plan] = await berth.environmentService.plan(project, [
    { name: 'dev', cluster: cluster.name, tier: 'development' },
  ]);
  const [environment] = await berth.environmentService.create([plan], actor);
  return { project, environment };
}
