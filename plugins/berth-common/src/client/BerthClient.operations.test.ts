import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BerthOperation } from '../operations';
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

const queued: BerthOperation = {
  id: 'op-2',
  kind: 'deploy',
  title: 'Deploy 2 services',
  projectRef: 'system:default/shop',
  environmentId: 'e1',
  status: 'queued',
  queuedBehind: 'op-1',
  actor: 'user:default/alice',
  actorType: 'user',
  createdAt: '2026-01-10T12:00:00Z',
  attempts: 0,
  cancelRequested: false,
  progress: { done: 0, total: 3 },
};

// The client's operations methods (issue #10), and the routes that start
// work answering with their operation, against a real HTTP server on
// loopback: the path, method and body of each request, and how each answer
// is read.
describe('BerthClient (operations)', () => {
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
  });

  const client = () =>
    new BerthClient({
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/api/${id}` },
      fetchApi: { fetch },
    });

  it.each([
    [
      'listEnvironmentOperations',
      (c: BerthClient) => c.listEnvironmentOperations('e 1'),
      { method: 'GET', url: '/environments/e%201/operations' },
    ],
    [
      'listEnvironmentOperations with status and limit',
      (c: BerthClient) =>
        c.listEnvironmentOperations('e1', { status: 'running', limit: 5 }),
      {
        method: 'GET',
        url: '/environments/e1/operations?status=running&limit=5',
      },
    ],
    [
      'listProjectOperations',
      (c: BerthClient) =>
        c.listProjectOperations(
          { namespace: 'default', name: 'shop' },
          { limit: 50 },
        ),
      { method: 'GET', url: '/projects/default/shop/operations?limit=50' },
    ],
    [
      'listEnvironmentOperations of several statuses',
      (c: BerthClient) =>
        c.listEnvironmentOperations('e1', { status: ['queued', 'running'] }),
      {
        method: 'GET',
        url: '/environments/e1/operations?status=queued%2Crunning',
      },
    ],
  ])('%s', async (_name, call, expected) => {
    answer = { status: 200, body: { items: [queued] } };
    await expect(call(client())).resolves.toEqual([queued]);
    expect(seen).toEqual([{ body: undefined, ...expected }]);
  });

  it('reads one operation with its steps and events', async () => {
    const detailed: BerthOperation = {
      ...queued,
      status: 'running',
      steps: [{ key: 'group:1', title: 'Group 1: cart', status: 'running' }],
      events: [
        { seq: 1, at: '2026-01-10T12:00:01Z', level: 'info', message: 'x' },
      ],
    };
    answer = { status: 200, body: detailed };
    await expect(client().getOperation('e1', 'op/2')).resolves.toEqual(
      detailed,
    );
    expect(seen).toEqual([
      { method: 'GET', url: '/environments/e1/operations/op%2F2' },
    ]);
  });

  it('asks to cancel an operation and reads the answer', async () => {
    answer = {
      status: 202,
      body: { ...queued, status: 'cancelled', cancelRequested: true },
    };
    await expect(client().cancelOperation('e1', 'op-2')).resolves.toMatchObject(
      { status: 'cancelled', cancelRequested: true },
    );
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/environments/e1/operations/op-2/cancel',
        body: {},
      },
    ]);
  });

  it('rejects a cancel of an operation that has ended with the 409', async () => {
    answer = {
      status: 409,
      body: {
        error: { name: 'ConflictError', message: 'it has ended' },
        response: { statusCode: 409 },
      },
    };
    await expect(client().cancelOperation('e1', 'op-1')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
    });
  });

  it.each([
    [
      'deployEnvironment',
      (c: BerthClient) => c.deployEnvironment('e1'),
      { method: 'POST', url: '/environments/e1/deploy', body: {} },
    ],
    [
      'deployService',
      (c: BerthClient) => c.deployService('e1', 'cart', { revision: 2 }),
      {
        method: 'POST',
        url: '/environments/e1/services/cart/deploy',
        body: { revision: 2 },
      },
    ],
    [
      'deleteEnvironment',
      (c: BerthClient) => c.deleteEnvironment('e1', { keepResources: true }),
      { method: 'DELETE', url: '/environments/e1?keepResources=true' },
    ],
  ])('%s answers 202 with its operation', async (_name, call, expected) => {
    answer = { status: 202, body: { operation: queued } };
    await expect(call(client())).resolves.toEqual({ operation: queued });
    expect(seen).toEqual([{ body: undefined, ...expected }]);
  });

  it.each([
    [
      'sleepEnvironment',
      (c: BerthClient) => c.sleepEnvironment('e1'),
      { method: 'POST', url: '/environments/e1/sleep', body: {} },
      { environmentId: 'e1', sleeping: false, workloads: [] },
    ],
    [
      'wakeEnvironment',
      (c: BerthClient) => c.wakeEnvironment('e1'),
      { method: 'POST', url: '/environments/e1/wake', body: {} },
      { environmentId: 'e1', sleeping: true, state: 'asleep', workloads: [] },
    ],
    [
      'rollbackService',
      (c: BerthClient) => c.rollbackService('e1', 'cart', 'd1'),
      {
        method: 'POST',
        url: '/environments/e1/services/cart/rollback',
        body: { deploymentId: 'd1' },
      },
      { environmentId: 'e1', service: 'cart', rollbackOf: 'd1', images: [] },
    ],
    [
      'copyEnvironment',
      (c: BerthClient) => c.copyEnvironment('e1', { name: 'qa' }),
      { method: 'POST', url: '/environments/e1/copy', body: { name: 'qa' } },
      { environment: { id: 'e2' }, sourceId: 'e1', services: {} },
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
      { id: 'e1', valuesChange: { redeploying: ['cart'] } },
    ],
  ])(
    '%s keeps the operation of its answer',
    async (_name, call, expected, body) => {
      answer = { status: 202, body: { ...body, operation: queued } };
      await expect(call(client())).resolves.toEqual({
        ...body,
        operation: queued,
      });
      expect(seen).toEqual([expected]);
    },
  );

  it('createEnvironments answers the environments and their operations', async () => {
    answer = {
      status: 201,
      body: {
        items: [{ id: 'e2', name: 'qa' }],
        operations: [{ ...queued, kind: 'create', status: 'running' }],
      },
    };
    const created = await client().createEnvironments(
      { namespace: 'default', name: 'shop' },
      [{ name: 'qa', cluster: 'local-east', tier: 'testing' }],
    );
    expect(created.items.map(e => e.id)).toEqual(['e2']);
    expect(created.operations).toEqual([
      expect.objectContaining({ kind: 'create', environmentId: 'e1' }),
    ]);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/projects/default/shop/environments',
        body: {
          environments: [
            { name: 'qa', cluster: 'local-east', tier: 'testing' },
          ],
        },
      },
    ]);
  });

  it('createEnvironments reads an answer without operations as none', async () => {
    answer = { status: 201, body: { items: [{ id: 'e2' }] } };
    const created = await client().createEnvironments(
      { namespace: 'default', name: 'shop' },
      [{ name: 'qa', cluster: 'local-east', tier: 'testing', deploy: false }],
    );
    expect(created.operations).toEqual([]);
  });
});
