import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';
import { kubeConfigFor, testClusters } from '../__testUtils__/testClusters';
import {
  awaitOperation,
  deleteEnvironments,
} from '../__testUtils__/awaitOperation';

// Bad input to the environments API: each refused with a clear 4xx, and
// nothing created or changed (database and cluster).
jest.setTimeout(180_000);

const [east] = testClusters();
const project = `bad-${Math.random().toString(36).slice(2, 8)}`;
const projectFile = writeTestProjectFile(project);

describe('the environments API refuses bad input', () => {
  let server: Parameters<typeof request>[0];
  const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
  const foreignNamespace = `${project}-foreign`;
  const path = `/api/berth/projects/default/${project}/environments`;
  const valid = {
    name: 'ok',
    cluster: east.name,
    tier: 'development',
    deploy: false,
  };

  beforeAll(async () => {
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({
          data: { ...config, berth: { demo: { projectFile } } },
        }),
      ],
    }));
    await core.createNamespace({
      body: { metadata: { name: foreignNamespace } },
    });
  });

  afterAll(async () => {
    // Whatever a failed test left, deleted (and waited for) with its namespace.
    const left = await request(server).get(path);
    await deleteEnvironments(
      server,
      (left.body.items ?? []).map((e: { id: string }) => e.id),
    );
    await core
      .deleteNamespace({ name: foreignNamespace })
      .catch(() => undefined);
  });

  async function expectRefused(
    environment: object,
    status: number,
    message: string | RegExp,
  ) {
    const res = await request(server)
      .post(path)
      .send({ environments: [environment] });
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status,
      message: expect.stringMatching(message),
    });
    const list = await request(server).get(path);
    expect(list.body.items).toEqual([]);
  }

  it('an unknown cluster', async () => {
    await expectRefused(
      { ...valid, cluster: 'nowhere' },
      400,
      /Unknown cluster 'nowhere'/,
    );
  });

  it('a namespace that exists and is not Berth’s, unless adopted', async () => {
    await expectRefused(
      { ...valid, namespace: foreignNamespace },
      409,
      new RegExp(
        `Namespace '${foreignNamespace}' exists .* not managed by Berth; set adoptNamespace`,
      ),
    );
    const ns = await core.readNamespace({ name: foreignNamespace });
    expect(
      ns.metadata?.labels?.['app.kubernetes.io/managed-by'],
    ).toBeUndefined();

    const adopted = await request(server)
      .post(path)
      .send({
        environments: [
          {
            ...valid,
            name: 'adopted',
            namespace: foreignNamespace,
            adoptNamespace: true,
          },
        ],
      });
    expect(adopted.status).toBe(201);
    const adoptedId = adopted.body.items[0].id;
    expect(
      await awaitOperation(server, adoptedId, adopted.body.operations[0].id),
    ).toMatchObject({ kind: 'create', status: 'succeeded' });
    expect(
      (await request(server).get(`/api/berth/environments/${adoptedId}`)).body
        .namespaceCreated,
    ).toBe(false);
    // Deleting it leaves the namespace Berth did not create.
    const deleted = await request(server).delete(
      `/api/berth/environments/${adoptedId}`,
    );
    expect(deleted.status).toBe(202);
    expect(
      await awaitOperation(server, adoptedId, deleted.body.operation.id),
    ).toMatchObject({ status: 'succeeded' });
    await expect(
      core.readNamespace({ name: foreignNamespace }),
    ).resolves.toBeDefined();
  });

  it.each(['kube-system', 'kube-public', 'kube-node-lease', 'default'])(
    'the reserved namespace %s',
    async namespace => {
      await expectRefused(
        { ...valid, namespace },
        400,
        /reserved|may not|cannot/i,
      );
    },
  );

  it.each(['Prod', 'under_score', '-dash', 'a'.repeat(64), 'dot.ted'])(
    'the environment name %p, not a DNS-1123 label',
    async name => {
      await expectRefused({ ...valid, name }, 400, /environment name/);
    },
  );

  it('values that are not YAML', async () => {
    await expectRefused(
      { ...valid, values: 'a: [1, 2\nb: }' },
      400,
      /values of environment 'ok'/,
    );
  });

  it('a YAML alias bomb', async () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
    ].join('\n');
    const started = Date.now();
    await expectRefused(
      { ...valid, values: bomb },
      400,
      /values of environment 'ok'/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('oversized values', async () => {
    await expectRefused(
      { ...valid, values: `a: "${'x'.repeat(300 * 1024)}"` },
      400,
      /environments\.0\.values: must NOT have more than 262144 characters/,
    );
  });

  it('a service revision that does not exist', async () => {
    await expectRefused(
      { ...valid, services: { hello: { revision: 9 } } },
      404,
      /Service 'hello' has no revision 9/,
    );
  });

  it('a service that does not exist', async () => {
    await expectRefused(
      { ...valid, services: { nope: {} } },
      400,
      /no service named 'nope'/,
    );
  });

  it('an unknown tier and unknown fields', async () => {
    await expectRefused({ ...valid, tier: 'prod' }, 400, /environments.0.tier/);
    await expectRefused(
      { ...valid, color: 'blue' },
      400,
      /Unrecognized key|color/,
    );
  });

  it('an unknown environment and a bad scale request', async () => {
    const missing = await request(server).post(
      '/api/berth/environments/nope/deploy',
    );
    expect(missing.status).toBe(404);
    const created = await request(server)
      .post(path)
      .send({ environments: [valid] });
    const id = created.body.items[0].id;
    const scale = await request(server)
      .post(`/api/berth/environments/${id}/services/hello/scale`)
      .send({ replicas: -1 });
    expect(scale.status).toBe(400);
    expect(scale.body.error.message).toMatch(/replicas/);
    const unknownService = await request(server).post(
      `/api/berth/environments/${id}/services/nope/restart`,
    );
    expect(unknownService.status).toBe(400);
    const deleted = await request(server).delete(
      `/api/berth/environments/${id}`,
    );
    expect(deleted.status).toBe(202);
    expect(
      await awaitOperation(server, id, deleted.body.operation.id),
    ).toMatchObject({ status: 'succeeded' });
  });
});
