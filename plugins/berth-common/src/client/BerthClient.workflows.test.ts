import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BerthClient } from './BerthClient';

/** A request as the server saw it. */
interface Seen {
  method: string;
  url: string;
  body?: unknown;
  accept?: string;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

const shop = { namespace: 'default', name: 'shop' };
const definition = {
  stages: [
    {
      name: 'deploy',
      jobs: [{ name: 'dev', type: 'deploy', spec: { environment: 'dev' } }],
    },
  ],
};

// The client's workflow methods (issue #14) against a real HTTP server on
// loopback: the path, method and body of each request, and how each answer
// is read.
describe('BerthClient (workflows)', () => {
  let server: Server;
  let baseUrl: string;
  let seen: Seen[] = [];
  let answer: { status: number; body?: unknown; type?: string } = {
    status: 200,
  };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      seen.push({
        method: req.method!,
        url: req.url!.replace(/^\/api\/berth/, ''),
        body: await readBody(req),
        ...(req.headers.accept === 'text/event-stream'
          ? { accept: req.headers.accept }
          : {}),
      });
      res.statusCode = answer.status;
      if (answer.body === undefined) {
        res.end();
      } else if (typeof answer.body === 'string') {
        res.setHeader('content-type', answer.type ?? 'text/plain');
        res.end(answer.body);
      } else {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer.body));
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
      'listWorkflows',
      (c: BerthClient) => c.listWorkflows(shop),
      { method: 'GET', url: '/projects/default/shop/workflows' },
    ],
    [
      'listWorkflowRevisions',
      (c: BerthClient) => c.listWorkflowRevisions('w 1'),
      { method: 'GET', url: '/workflows/w%201/revisions' },
    ],
    [
      'listWorkflowDeliveries',
      (c: BerthClient) => c.listWorkflowDeliveries('w1', { limit: 20 }),
      { method: 'GET', url: '/workflows/w1/deliveries?limit=20' },
    ],
    [
      'listWorkflowRuns',
      (c: BerthClient) =>
        c.listWorkflowRuns('w1', {
          status: ['failed', 'cancelled'],
          limit: 5,
        }),
      {
        method: 'GET',
        url: '/workflows/w1/runs?status=failed%2Ccancelled&limit=5',
      },
    ],
    [
      'listRuns',
      (c: BerthClient) =>
        c.listRuns({
          projectRef: 'system:default/shop',
          environmentId: 'e1',
          status: ['running'],
          limit: 10,
        }),
      {
        method: 'GET',
        url: '/workflow-runs?projectRef=system%3Adefault%2Fshop&environmentId=e1&status=running&limit=10',
      },
    ],
    [
      'listRuns without options',
      (c: BerthClient) => c.listRuns(),
      { method: 'GET', url: '/workflow-runs' },
    ],
    [
      'getJobLogs',
      (c: BerthClient) => c.getJobLogs('r1', 'j1', 0),
      { method: 'GET', url: '/workflow-runs/r1/jobs/j1/logs?after=0' },
    ],
    [
      'getJobLogs from the start',
      (c: BerthClient) => c.getJobLogs('r1', 'j 1'),
      { method: 'GET', url: '/workflow-runs/r1/jobs/j%201/logs' },
    ],
    [
      'listWorkflowApprovals',
      (c: BerthClient) =>
        c.listWorkflowApprovals({ status: ['waiting'], mine: true }),
      { method: 'GET', url: '/workflow-approvals?status=waiting&mine=true' },
    ],
  ])('%s reads the items of the list', async (_name, call, expected) => {
    answer = { status: 200, body: { items: [{ id: 'x' }] } };
    await expect(call(client())).resolves.toEqual([{ id: 'x' }]);
    expect(seen).toEqual([{ body: undefined, ...expected }]);
  });

  it.each([
    [
      'createWorkflow',
      (c: BerthClient) =>
        c.createWorkflow(shop, { name: 'ship', definition, enabled: true }),
      {
        method: 'POST',
        url: '/projects/default/shop/workflows',
        body: { name: 'ship', definition, enabled: true },
      },
    ],
    [
      'createWorkflow from YAML',
      (c: BerthClient) =>
        c.createWorkflow(shop, { name: 'ship', yaml: 'stages: []' }),
      {
        method: 'POST',
        url: '/projects/default/shop/workflows',
        body: { name: 'ship', yaml: 'stages: []' },
      },
    ],
    [
      'getWorkflow',
      (c: BerthClient) => c.getWorkflow('w1'),
      { method: 'GET', url: '/workflows/w1' },
    ],
    [
      'updateWorkflow',
      (c: BerthClient) =>
        c.updateWorkflow('w1', { enabled: false, baseRevision: 3 }),
      {
        method: 'PUT',
        url: '/workflows/w1',
        body: { enabled: false, baseRevision: 3 },
      },
    ],
    [
      'startWorkflowRun',
      (c: BerthClient) => c.startWorkflowRun('w1', { params: { env: 'dev' } }),
      {
        method: 'POST',
        url: '/workflows/w1/runs',
        body: { params: { env: 'dev' } },
      },
    ],
    [
      'startWorkflowRun without params',
      (c: BerthClient) => c.startWorkflowRun('w1'),
      { method: 'POST', url: '/workflows/w1/runs', body: {} },
    ],
    [
      'getWorkflowRun',
      (c: BerthClient) => c.getWorkflowRun('r1'),
      { method: 'GET', url: '/workflow-runs/r1' },
    ],
    [
      'cancelWorkflowRun',
      (c: BerthClient) => c.cancelWorkflowRun('r1'),
      { method: 'POST', url: '/workflow-runs/r1/cancel', body: {} },
    ],
    [
      'retryWorkflowRun',
      (c: BerthClient) => c.retryWorkflowRun('r1'),
      { method: 'POST', url: '/workflow-runs/r1/retry', body: {} },
    ],
    [
      'rerunWorkflowRun',
      (c: BerthClient) => c.rerunWorkflowRun('r1'),
      { method: 'POST', url: '/workflow-runs/r1/rerun', body: {} },
    ],
    [
      'continueWorkflowStage',
      (c: BerthClient) => c.continueWorkflowStage('r1', 'to prod'),
      {
        method: 'POST',
        url: '/workflow-runs/r1/stages/to%20prod/continue',
        body: {},
      },
    ],
    [
      'decideWorkflowApproval',
      (c: BerthClient) =>
        c.decideWorkflowApproval('a1', { decision: 'reject', comment: 'no' }),
      {
        method: 'POST',
        url: '/workflow-approvals/a1/decision',
        body: { decision: 'reject', comment: 'no' },
      },
    ],
  ])(
    '%s sends its request and reads the answer',
    async (_name, call, expected) => {
      answer = { status: 200, body: { id: 'x', status: 'queued' } };
      await expect(call(client())).resolves.toEqual({
        id: 'x',
        status: 'queued',
      });
      expect(seen).toEqual([{ body: undefined, ...expected }]);
    },
  );

  it('deleteWorkflow reads the 204 as nothing', async () => {
    answer = { status: 204 };
    await expect(client().deleteWorkflow('w1')).resolves.toBeUndefined();
    expect(seen).toEqual([
      { method: 'DELETE', url: '/workflows/w1', body: undefined },
    ]);
  });

  it('openWorkflowJobLogStream answers the event stream to read', async () => {
    answer = {
      status: 200,
      type: 'text/event-stream',
      body: 'id: 1\nevent: chunk\ndata: {"text":"hi"}\n\nevent: end\ndata: {}\n\n',
    };
    const response = await client().openWorkflowJobLogStream('r1', 'j1', {
      after: 7,
    });
    expect(await response.text()).toMatch(/event: end/);
    expect(seen).toEqual([
      {
        method: 'GET',
        url: '/workflow-runs/r1/jobs/j1/logs/stream?after=7',
        body: undefined,
        accept: 'text/event-stream',
      },
    ]);
  });

  it('streamJobLogsUrl is the absolute URL of the stream, for an EventSource', async () => {
    await expect(client().streamJobLogsUrl('r1', 'j/1')).resolves.toBe(
      `${baseUrl}/api/berth/workflow-runs/r1/jobs/j%2F1/logs/stream`,
    );
    expect(seen).toEqual([]);
  });

  it('rejects a refused request with the ResponseError of its status', async () => {
    answer = {
      status: 403,
      body: {
        error: { name: 'NotAllowedError', message: 'not an approver' },
        response: { statusCode: 403 },
      },
    };
    await expect(
      client().decideWorkflowApproval('a1', { decision: 'approve' }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
    await expect(
      client().openWorkflowJobLogStream('r1', 'j1'),
    ).rejects.toMatchObject({ statusCode: 403 });
  });
});
