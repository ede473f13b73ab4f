import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import {
  awaitOperation,
  deleteEnvironments,
} from '../__testUtils__/awaitOperation';
import {
  kubeConfigFor,
  testClusters,
  testNamespaces,
} from '../__testUtils__/testClusters';
import {
  HELLO_CHART,
  writeTestProjectFile,
} from '../__testUtils__/testProjectFile';

// Namespace adoption on a real cluster: only namespaces matching the
// cluster's adoptableNamespaces, or by a holder of berth.namespace.adopt;
// never a namespace holding a Helm release or an object Berth did not make.
// A foreign Helm release named like a service is neither upgraded nor
// uninstalled. Registries are used only by the environments they allow.
jest.setTimeout(240_000);

const run = promisify(execFile);
const [east] = testClusters();
const tag = `adopt-${Math.random().toString(36).slice(2, 8)}`;
const project = tag;
const projectFile = writeTestProjectFile(project);
const ADMIN = 'user:default/ada';
const as = (user: string) => ({
  authorization: mockCredentials.user.header(user),
});
const developer = as('user:default/otto');
const admin = as(ADMIN);
const MANAGED_BY = 'app.kubernetes.io/managed-by';

describe('namespace adoption', () => {
  let server: Parameters<typeof request>[0];
  const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
  const team = testNamespaces(east, `${tag}-team`);
  const other = testNamespaces(east, `${tag}-other`);
  const path = `/api/berth/projects/default/${project}/environments`;
  const created: string[] = [];

  const helm = (namespace: string, ...args: string[]) =>
    run(join(east.bin, 'helm'), [
      '--kubeconfig',
      east.kubeconfig,
      '--namespace',
      namespace,
      ...args,
    ]);
  const releases = async (namespace: string) =>
    (
      JSON.parse(
        (await helm(namespace, 'list', '-a', '-o', 'json')).stdout,
      ) as {
        name: string;
        revision: string;
        status: string;
      }[]
    ).map(r => ({ name: r.name, revision: r.revision, status: r.status }));
  const installForeign = (namespace: string, release: string) =>
    helm(namespace, 'install', release, HELLO_CHART, '--set', 'message=theirs');

  async function create(
    headers: Record<string, string>,
    name: string,
    namespace: string,
  ): Promise<request.Response> {
    const res = await request(server)
      .post(path)
      .set(headers)
      .send({
        environments: [
          {
            name,
            cluster: east.name,
            namespace,
            tier: 'development',
            adoptNamespace: true,
            deploy: false,
          },
        ],
      });
    if (res.status === 201) created.push(res.body.items[0].id);
    return res;
  }

  async function adopted(
    headers: Record<string, string>,
    name: string,
    namespace: string,
  ) {
    const res = await create(headers, name, namespace);
    expect({ status: res.status, error: res.body.error?.message }).toEqual({
      status: 201,
      error: undefined,
    });
    const id = res.body.items[0].id as string;
    expect(
      await awaitOperation(server, id, res.body.operations[0].id, {
        headers: admin,
      }),
    ).toMatchObject({ kind: 'create', status: 'succeeded' });
    return id;
  }

  async function expectUntouched(namespace: string) {
    const ns = await core.readNamespace({ name: namespace });
    expect(ns.metadata?.labels?.[MANAGED_BY]).toBeUndefined();
    expect(ns.metadata?.labels?.['berth.dev/environment']).toBeUndefined();
    const list = await request(server).get(path).set(admin);
    expect(
      list.body.items.filter(
        (e: { namespace: string }) => e.namespace === namespace,
      ),
    ).toEqual([]);
  }

  beforeAll(async () => {
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            berth: {
              demo: { projectFile },
              registries: [
                {
                  name: 'east-registry',
                  host: 'east.registry.example.com',
                  username: 'puller',
                  password: 'east-password',
                  clusters: [east.name],
                },
                {
                  name: 'for-others',
                  host: 'others.registry.example.com',
                  username: 'puller',
                  password: 'others-password',
                  projects: ['system:default/another-project'],
                },
              ],
              clusters: {
                [east.name]: {
                  adoptableNamespaces: [`${tag}-team-*`],
                  registry: 'for-others',
                },
              },
            },
          },
        }),
        // The policy: everything allowed, except adopting namespaces outside
        // the patterns, which only the admin may.
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
          authorizeConditional: async (requests, options) =>
            requests.map(r => ({
              result:
                r.permission.name === 'berth.namespace.adopt' &&
                (options.credentials.principal as { userEntityRef?: string })
                  .userEntityRef !== ADMIN
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })) as any,
        }).factory,
      ],
    }));
  });

  afterAll(async () => {
    await deleteEnvironments(server, created, { headers: admin });
    await Promise.all([team.cleanUp(), other.cleanUp()]);
  });

  it('adopts an empty namespace that matches the cluster’s pattern, without the adopt permission', async () => {
    const namespace = await team.create();
    const id = await adopted(developer, 'by-pattern', namespace);
    const ns = await core.readNamespace({ name: namespace });
    expect(ns.metadata?.labels).toMatchObject({
      [MANAGED_BY]: 'berth',
      'berth.dev/environment': id,
    });
    const environment = await request(server)
      .get(`/api/berth/environments/${id}`)
      .set(developer);
    expect(environment.body.namespaceCreated).toBe(false);
  });

  it('refuses a namespace outside the pattern to a caller without the adopt permission, changing nothing', async () => {
    const namespace = await other.create();
    const res = await create(developer, 'outside', namespace);
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status: 403,
      message: `Namespace '${namespace}' on cluster '${east.name}' may not be adopted: it matches none of berth.clusters.${east.name}.adoptableNamespaces (${tag}-team-*), and adopting other namespaces needs the permission berth.namespace.adopt`,
    });
    await expectUntouched(namespace);
  });

  it('adopts a namespace outside the pattern for a holder of the adopt permission', async () => {
    const namespace = await other.create();
    const id = await adopted(admin, 'by-permission', namespace);
    const ns = await core.readNamespace({ name: namespace });
    expect(ns.metadata?.labels?.['berth.dev/environment']).toBe(id);
  });

  it('refuses a namespace holding a Helm release, even one matching the pattern, and leaves the release alone', async () => {
    const namespace = await team.create();
    await installForeign(namespace, 'their-app');
    for (const headers of [developer, admin]) {
      const res = await create(headers, 'has-release', namespace);
      expect({ status: res.status, message: res.body.error?.message }).toEqual({
        status: 409,
        message: expect.stringContaining(
          `Namespace '${namespace}' on cluster '${east.name}' cannot be adopted: it holds Helm releases their-app`,
        ),
      });
    }
    await expectUntouched(namespace);
    expect(await releases(namespace)).toEqual([
      { name: 'their-app', revision: '1', status: 'deployed' },
    ]);
  });

  it('refuses a namespace holding an object Berth did not make', async () => {
    const namespace = await team.create();
    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'their-settings' }, data: { a: 'b' } },
    });
    const res = await create(admin, 'has-object', namespace);
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status: 409,
      message: `Namespace '${namespace}' on cluster '${east.name}' cannot be adopted: it holds objects Berth did not make: ConfigMap/their-settings`,
    });
    await expectUntouched(namespace);
    // The namespace's own default objects do not count: without the
    // ConfigMap it is adoptable.
    await core.deleteNamespacedConfigMap({ namespace, name: 'their-settings' });
    await adopted(admin, 'has-object', namespace);
  });

  it('refuses the reserved namespaces even to the adopt permission', async () => {
    for (const namespace of ['kube-system', 'default']) {
      const res = await create(admin, 'reserved', namespace);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/reserved/);
    }
  });

  it('neither upgrades nor uninstalls a foreign Helm release named like a service', async () => {
    const namespace = await team.create();
    const id = await adopted(developer, 'clash', namespace);
    // After adoption, someone else installs a release named like the
    // project's service.
    await installForeign(namespace, 'hello');
    const before = await releases(namespace);
    expect(before).toEqual([
      { name: 'hello', revision: '1', status: 'deployed' },
    ]);

    const deploy = await request(server)
      .post(`/api/berth/environments/${id}/deploy`)
      .set(developer);
    expect(deploy.status).toBe(202);
    const deployed = await awaitOperation(
      server,
      id,
      deploy.body.operation.id,
      {
        headers: admin,
      },
    );
    expect(deployed.status).toBe('failed');
    expect(JSON.stringify(deployed)).toContain(
      `Helm release 'hello' in namespace '${namespace}' is not Berth's`,
    );
    expect(await releases(namespace)).toEqual(before);

    const deleted = await request(server)
      .delete(`/api/berth/environments/${id}`)
      .set(admin);
    expect(deleted.status).toBe(202);
    expect(
      await awaitOperation(server, id, deleted.body.operation.id, {
        headers: admin,
        projectRef: `system:default/${project}`,
      }),
    ).toMatchObject({ status: 'succeeded' });
    expect(await releases(namespace)).toEqual(before);
    const theirs = await core.readNamespacedConfigMap({
      namespace,
      name: 'hello-config',
    });
    expect(theirs.data?.message).toBe('theirs');
  });

  it('uses a registry only for the environments it allows, and writes pull credentials only there', async () => {
    const namespace = await team.create();
    const id = await adopted(developer, 'registries', namespace);
    const registry = `/api/berth/environments/${id}/registry`;

    // The cluster's default is for another project: not used here.
    const initial = await request(server).get(registry).set(developer);
    expect(initial.body).toEqual({ source: 'none' });

    const refused = await request(server)
      .put(registry)
      .set(developer)
      .send({ registry: 'for-others' });
    expect({
      status: refused.status,
      message: refused.body.error?.message,
    }).toEqual({
      status: 400,
      message: `Image registry 'for-others' may not be used by environment 'registries' of 'system:default/${project}' on cluster '${east.name}': berth.registries allows it for projects system:default/another-project`,
    });
    expect((await request(server).get(registry).set(developer)).body).toEqual({
      source: 'none',
    });

    const chosen = await request(server)
      .put(registry)
      .set(developer)
      .send({ registry: 'east-registry' });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({
      override: 'east-registry',
      source: 'environment',
    });

    const deploy = await request(server)
      .post(`/api/berth/environments/${id}/deploy`)
      .set(developer);
    expect(
      await awaitOperation(server, id, deploy.body.operation.id, {
        headers: admin,
      }),
    ).toMatchObject({ status: 'succeeded' });
    const secrets = await core.listNamespacedSecret({ namespace });
    const pullSecrets = secrets.items
      .map(s => s.metadata!.name!)
      .filter(name => name.startsWith('berth-pull-'));
    expect(pullSecrets).toEqual(['berth-pull-east-registry']);
  });
});
