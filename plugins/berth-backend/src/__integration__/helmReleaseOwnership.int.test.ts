import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { CoreV1Api } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
import { HELLO_CHART } from '../__testUtils__/testProjectFile';

// Helm release ownership on a real cluster: Berth labels the storage of the
// releases it installs (helm --labels berth.dev/managed-by=berth,
// berth.dev/environment=<id>) and recognises them by it, so a release whose
// chart rendered no object is upgraded and uninstalled by Berth, while a
// foreign release of the same name (rendering nothing either) is left alone.
// Releases from before the labels are still recognised by their objects.
jest.setTimeout(240_000);

const run = promisify(execFile);
const [east] = testClusters();
const tag = `own-${Math.random().toString(36).slice(2, 8)}`;
const project = tag;
const QUIET_CHART = resolve(__dirname, '../../test-fixtures/charts/quiet');
const admin = {
  authorization: mockCredentials.user.header('user:default/ada'),
};

function projectFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'berth-own-')), 'project.yaml');
  const service = (name: string, chart: string) => ({
    name,
    component: `component:default/${name}`,
    kind: 'helm',
    helm: {
      chart,
      images: [
        {
          name: 'main',
          repositoryPath: 'image.repository',
          tagPath: 'image.tag',
        },
      ],
    },
  });
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      project: `system:default/${project}`,
      services: [service('quiet', QUIET_CHART), service('hello', HELLO_CHART)],
      startOrder: [{ name: 'all', services: ['quiet', 'hello'] }],
    }),
  );
  return file;
}

describe('Helm release ownership', () => {
  let server: Parameters<typeof request>[0];
  const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
  const namespaces = testNamespaces(east, `${tag}-team`);
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
      ) as { name: string; revision: string; status: string }[]
    )
      .map(r => ({ name: r.name, revision: r.revision, status: r.status }))
      .sort((a, b) => a.name.localeCompare(b.name));
  const storageLabels = async (namespace: string, release: string) =>
    (
      await core.listNamespacedSecret({
        namespace,
        labelSelector: `owner=helm,name=${release}`,
      })
    ).items.map(s => ({
      version: s.metadata?.labels?.version,
      managedBy: s.metadata?.labels?.['berth.dev/managed-by'],
      environment: s.metadata?.labels?.['berth.dev/environment'],
    }));

  /** An environment adopting a fresh namespace, created without deploying. */
  async function environment(name: string) {
    const namespace = await namespaces.create();
    const res = await request(server)
      .post(path)
      .set(admin)
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
    expect({ status: res.status, error: res.body.error?.message }).toEqual({
      status: 201,
      error: undefined,
    });
    const id = res.body.items[0].id as string;
    created.push(id);
    await awaitOperation(server, id, res.body.operations[0].id, {
      headers: admin,
    });
    return { id, namespace };
  }

  async function deploy(id: string) {
    const res = await request(server)
      .post(`/api/berth/environments/${id}/deploy`)
      .set(admin);
    expect(res.status).toBe(202);
    return awaitOperation(server, id, res.body.operation.id, {
      headers: admin,
    });
  }

  async function remove(id: string) {
    const res = await request(server)
      .delete(`/api/berth/environments/${id}`)
      .set(admin);
    expect(res.status).toBe(202);
    const operation = await awaitOperation(server, id, res.body.operation.id, {
      headers: admin,
      projectRef: `system:default/${project}`,
    });
    created.splice(created.indexOf(id), 1);
    return operation;
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
              demo: { projectFile: projectFile() },
              clusters: {
                [east.name]: { adoptableNamespaces: [`${tag}-team-*`] },
              },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await deleteEnvironments(server, created, { headers: admin });
    await namespaces.cleanUp();
  });

  it('labels the releases it installs, and upgrades and uninstalls one that rendered no object', async () => {
    const { id, namespace } = await environment('empty-release');
    expect(await deploy(id)).toMatchObject({ status: 'succeeded' });
    // The quiet chart rendered nothing: only the storage says whose it is.
    const manifest = await helm(namespace, 'get', 'manifest', 'quiet');
    expect(manifest.stdout.trim()).toBe('');
    expect(await storageLabels(namespace, 'quiet')).toEqual([
      { version: '1', managedBy: 'berth', environment: id },
    ]);

    expect(await deploy(id)).toMatchObject({ status: 'succeeded' });
    expect(await releases(namespace)).toEqual([
      { name: 'hello', revision: '2', status: 'deployed' },
      { name: 'quiet', revision: '2', status: 'deployed' },
    ]);
    expect(await storageLabels(namespace, 'quiet')).toEqual(
      expect.arrayContaining([
        { version: '2', managedBy: 'berth', environment: id },
      ]),
    );

    // The namespace was adopted, so it stays: the releases are uninstalled.
    expect(await remove(id)).toMatchObject({ status: 'succeeded' });
    expect(await releases(namespace)).toEqual([]);
  });

  it('neither upgrades nor uninstalls a foreign release of the same name that renders no object', async () => {
    const { id, namespace } = await environment('foreign-empty');
    await helm(namespace, 'install', 'quiet', QUIET_CHART);
    const before = await releases(namespace);
    expect(before).toEqual([
      { name: 'quiet', revision: '1', status: 'deployed' },
    ]);

    const deployed = await deploy(id);
    expect(deployed.status).toBe('failed');
    expect(JSON.stringify(deployed)).toContain(
      `Helm release 'quiet' in namespace '${namespace}' is not Berth's (it has no objects Berth labelled)`,
    );
    // The other service deployed; the foreign release is as it was.
    expect(await releases(namespace)).toEqual([
      { name: 'hello', revision: '1', status: 'deployed' },
      ...before,
    ]);

    expect(await remove(id)).toMatchObject({ status: 'succeeded' });
    expect(await releases(namespace)).toEqual(before);
  });

  it('still recognises a release from before the labels by its labelled objects', async () => {
    const { id, namespace } = await environment('older-release');
    expect(await deploy(id)).toMatchObject({ status: 'succeeded' });
    // As an older Berth left it: no ownership labels on the storage.
    const { items } = await core.listNamespacedSecret({
      namespace,
      labelSelector: 'owner=helm,name=hello',
    });
    for (const secret of items) {
      await run(join(east.bin, 'kubectl'), [
        '--kubeconfig',
        east.kubeconfig,
        '--namespace',
        namespace,
        'label',
        'secret',
        secret.metadata!.name!,
        'berth.dev/managed-by-',
        'berth.dev/environment-',
      ]);
    }
    expect(await storageLabels(namespace, 'hello')).toEqual([
      { version: '1', managedBy: undefined, environment: undefined },
    ]);

    expect(await deploy(id)).toMatchObject({ status: 'succeeded' });
    expect((await releases(namespace)).find(r => r.name === 'hello')).toEqual({
      name: 'hello',
      revision: '2',
      status: 'deployed',
    });
  });
});
