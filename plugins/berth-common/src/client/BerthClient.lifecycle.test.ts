import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BerthClient } from './BerthClient';

/** A request as the server saw it. */
interface Seen {
  method: string;
  url: string;
  body?: unknown;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

// The client's issue #6 methods against a real HTTP server on loopback: the
// path, method and body of each request, and how each answer is read.
describe('BerthClient (environment lifecycle)', () => {
  let server: Server;
  let baseUrl: string;
  let seen: Seen[] = [];
  /** The answer to the next request: status and JSON body (none when undefined). */
  let answer: { status: number; body?: unknown } = { status: 200 };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      seen.push({
        method: req.method!,
        url: req.url!.replace(/^\/api\/berth/, ''),
        body: await readBody(req),
      });
      res.statusCode = answer.status;
      if (answer.body !== undefined) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer.body));
      } else {
        res.end();
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    seen = [];
    answer = { status: 200, body: {} };
  });

  const client = () =>
    new BerthClient({
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/api/${id}` },
      fetchApi: { fetch },
    });

  it.each([
    [
      'listDeployments of one service',
      (c: BerthClient) => c.listDeployments('e 1', { service: 'cart' }),
      { method: 'GET', url: '/environments/e%201/deployments?service=cart' },
      { items: [] },
    ],
    [
      'diffDeployments',
      (c: BerthClient) => c.diffDeployments('e1', 'cart', 'd1', 'd2'),
      {
        method: 'GET',
        url: '/environments/e1/services/cart/deployments/diff?from=d1&to=d2',
      },
      {},
    ],
    [
      'getEnvironmentDrift',
      (c: BerthClient) => c.getEnvironmentDrift('e1'),
      { method: 'GET', url: '/environments/e1/drift' },
      {},
    ],
    [
      'getServiceDrift',
      (c: BerthClient) => c.getServiceDrift('e1', 'cart'),
      { method: 'GET', url: '/environments/e1/services/cart/drift' },
      {},
    ],
    [
      'previewEnvironmentValues',
      (c: BerthClient) => c.previewEnvironmentValues('e1', 'a: 1\n'),
      {
        method: 'POST',
        url: '/environments/e1/values/preview',
        body: { values: 'a: 1\n' },
      },
      {},
    ],
    [
      'setEnvironmentValues',
      (c: BerthClient) =>
        c.setEnvironmentValues('e1', 'a: 1\n', { redeploy: true }),
      {
        method: 'PUT',
        url: '/environments/e1/values',
        body: { values: 'a: 1\n', redeploy: true },
      },
      {},
    ],
    [
      'setServiceRevision',
      (c: BerthClient) =>
        c.setServiceRevision('e1', 'cart', { revision: 3, deploy: true }),
      {
        method: 'PUT',
        url: '/environments/e1/services/cart/revision',
        body: { revision: 3, deploy: true },
      },
      {},
    ],
    [
      'copyEnvironment',
      (c: BerthClient) =>
        c.copyEnvironment('e1', { name: 'qa', cluster: 'west' }),
      {
        method: 'POST',
        url: '/environments/e1/copy',
        body: { name: 'qa', cluster: 'west' },
      },
      {},
    ],
    [
      'getEnvironmentSleep',
      (c: BerthClient) => c.getEnvironmentSleep('e1'),
      { method: 'GET', url: '/environments/e1/sleep' },
      {},
    ],
    [
      'sleepEnvironment',
      (c: BerthClient) => c.sleepEnvironment('e1'),
      { method: 'POST', url: '/environments/e1/sleep', body: {} },
      {},
    ],
    [
      'setSleepSchedule',
      (c: BerthClient) =>
        c.setSleepSchedule('e1', { sleepCron: '0 20 * * *', wakeCron: null }),
      {
        method: 'PUT',
        url: '/environments/e1/sleep-schedule',
        body: { sleepCron: '0 20 * * *', wakeCron: null },
      },
      {},
    ],
    [
      'listEnvironmentConfigs',
      (c: BerthClient) => c.listEnvironmentConfigs('e1'),
      { method: 'GET', url: '/environments/e1/configs' },
      { items: [] },
    ],
    [
      'getEnvironmentConfig',
      (c: BerthClient) => c.getEnvironmentConfig('e1', 'Secret', 'db'),
      { method: 'GET', url: '/environments/e1/configs/Secret/db' },
      {},
    ],
    [
      'createEnvironmentConfig',
      (c: BerthClient) =>
        c.createEnvironmentConfig('e1', {
          object: { kind: 'ConfigMap' },
          restartDependents: true,
        }),
      {
        method: 'POST',
        url: '/environments/e1/configs',
        body: { object: { kind: 'ConfigMap' }, restartDependents: true },
      },
      {},
    ],
    [
      'updateEnvironmentConfig',
      (c: BerthClient) =>
        c.updateEnvironmentConfig('e1', 'ConfigMap', 'app', {
          object: { kind: 'ConfigMap' },
        }),
      {
        method: 'PUT',
        url: '/environments/e1/configs/ConfigMap/app',
        body: { object: { kind: 'ConfigMap' } },
      },
      {},
    ],
    [
      'deleteEnvironmentConfig',
      (c: BerthClient) =>
        c.deleteEnvironmentConfig('e1', 'Ingress', 'web', {
          restartDependents: true,
        }),
      {
        method: 'DELETE',
        url: '/environments/e1/configs/Ingress/web?restartDependents=true',
      },
      {},
    ],
    [
      'listEnvironmentConfigHistory',
      (c: BerthClient) =>
        c.listEnvironmentConfigHistory('e1', { kind: 'Secret', name: 'db' }),
      {
        method: 'GET',
        url: '/environments/e1/configs/history?kind=Secret&name=db',
      },
      { items: [] },
    ],
    [
      'listRegistries',
      (c: BerthClient) => c.listRegistries(),
      { method: 'GET', url: '/registries' },
      { items: [] },
    ],
    [
      'getEnvironmentRegistry',
      (c: BerthClient) => c.getEnvironmentRegistry('e1'),
      { method: 'GET', url: '/environments/e1/registry' },
      {},
    ],
    [
      'setEnvironmentRegistry',
      (c: BerthClient) => c.setEnvironmentRegistry('e1', null),
      {
        method: 'PUT',
        url: '/environments/e1/registry',
        body: { registry: null },
      },
      {},
    ],
    [
      'checkRollback',
      (c: BerthClient) => c.checkRollback('e1', 'cart', 'd1'),
      {
        method: 'POST',
        url: '/environments/e1/services/cart/rollback/check',
        body: { deploymentId: 'd1' },
      },
      {},
    ],
  ])('%s', async (_name, call, expected, body) => {
    answer = { status: 200, body };
    await expect(call(client())).resolves.toEqual(
      (body as { items?: unknown }).items ?? body,
    );
    expect(seen).toEqual([{ body: undefined, ...expected }]);
  });

  it('reads the body of a 202 answer (wake and rollback start in the background)', async () => {
    answer = {
      status: 202,
      body: { environmentId: 'e1', sleeping: true, state: 'waking' },
    };
    await expect(client().wakeEnvironment('e1')).resolves.toEqual({
      environmentId: 'e1',
      sleeping: true,
      state: 'waking',
    });
    answer = { status: 202, body: { rollbackOf: 'd1', images: [] } };
    await expect(
      client().rollbackService('e1', 'cart', 'd1'),
    ).resolves.toMatchObject({ rollbackOf: 'd1' });
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'POST /environments/e1/wake',
      'POST /environments/e1/services/cart/rollback',
    ]);
  });

  it('accepts a 204 without a body', async () => {
    answer = { status: 204 };
    await expect(client().deleteSleepSchedule('e1')).resolves.toBeUndefined();
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'DELETE /environments/e1/sleep-schedule',
    ]);
  });

  it("rejects with the server's message when a rollback is refused", async () => {
    answer = {
      status: 409,
      body: {
        error: {
          name: 'ConflictError',
          message: 'Image ghcr.io/acme/cart:1.0 no longer exists',
        },
        response: { statusCode: 409 },
      },
    };
    await expect(
      client().rollbackService('e1', 'cart', 'd1'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      body: {
        error: { message: 'Image ghcr.io/acme/cart:1.0 no longer exists' },
      },
    });
  });
});
