import { KubeConfig } from '@kubernetes/client-node';
import {
  createServer,
  IncomingHttpHeaders,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { request as httpsRequest, RequestOptions } from 'node:https';
import { AddressInfo } from 'node:net';
import { KubeApiProxy, startKubeApiProxy } from './kubeApiProxy';

// A stand-in API server on loopback (the HTTP boundary): it records every
// request and answers as the test's handler says.
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('startKubeApiProxy', () => {
  let upstream: Server;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  let seen: Seen[];
  let proxy: KubeApiProxy;

  function kubeConfig(port: number): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'c',
          server: `http://127.0.0.1:${port}/prefix`,
          skipTLSVerify: true,
        },
      ],
      users: [{ name: 'deployer', token: 'real-deployer-token' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'deployer' }],
      currentContext: 'c',
    });
    return kc;
  }

  beforeEach(async () => {
    seen = [];
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"kind":"Secret"}');
    };
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        seen.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
      });
      handler(req, res);
    });
    await new Promise<void>(r => upstream.listen(0, '127.0.0.1', r));
    proxy = await startKubeApiProxy(
      kubeConfig((upstream.address() as AddressInfo).port),
    );
  });

  afterEach(async () => {
    await proxy.close();
    upstream.closeAllConnections();
    await new Promise(r => upstream.close(r));
  });

  /** A request to the proxy, trusting its certificate only. */
  function request(
    url: string,
    options: RequestOptions,
    onResponse: (res: IncomingMessage) => void,
  ) {
    return httpsRequest(url, { ...options, ca: proxy.ca }, onResponse);
  }

  /** One request to the proxy; resolves with the whole answer. */
  function call(
    method: string,
    path: string,
    options: { token?: string; body?: string; headers?: object } = {},
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${proxy.url}${path}`,
        {
          method,
          headers: {
            ...(options.token !== undefined
              ? { authorization: `Bearer ${options.token}` }
              : {}),
            ...options.headers,
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });
  }

  const forbidden =
    (name: string) => (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: `secrets "${name}" is forbidden: User "system:serviceaccount:a:berth-deployer" cannot get resource "secrets" in API group "" in the namespace "b"`,
          reason: 'Forbidden',
          details: { name, kind: 'secrets' },
          code: 403,
        }),
      );
    };

  it('listens on loopback only, with a random token of its own', async () => {
    expect(proxy.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(proxy.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(proxy.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startKubeApiProxy(
      kubeConfig((upstream.address() as AddressInfo).port),
    );
    try {
      expect(other.token).not.toBe(proxy.token);
      expect(other.url).not.toBe(proxy.url);
      expect(other.ca).not.toBe(proxy.ca);
    } finally {
      await other.close();
    }
  });

  it('refuses a request without its token, or with a wrong one, forwarding nothing', async () => {
    const none = await call('GET', '/api/v1/namespaces/a/secrets/s');
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
    const wrong = await call('GET', '/api/v1/namespaces/a/secrets/s', {
      token: `${proxy.token.slice(0, -1)}x`,
    });
    expect(wrong.status).toBe(401);
    const deployers = await call('GET', '/api/v1/namespaces/a/secrets/s', {
      token: 'real-deployer-token',
    });
    expect(deployers.status).toBe(401);
    expect(seen).toEqual([]);
  });

  it("forwards with the kubeconfig's credentials (never the caller's), under the server's path", async () => {
    const answer = await call('GET', '/api/v1/namespaces/a/secrets/s?x=1', {
      token: proxy.token,
      headers: {
        'impersonate-user': 'system:admin',
        'impersonate-group': 'system:masters',
        accept: 'application/json',
      },
    });
    expect(answer).toMatchObject({ status: 200, body: '{"kind":"Secret"}' });
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe('/prefix/api/v1/namespaces/a/secrets/s?x=1');
    expect(seen[0].headers.authorization).toBe('Bearer real-deployer-token');
    expect(seen[0].headers.accept).toBe('application/json');
    expect(seen[0].headers).not.toHaveProperty('impersonate-user');
    expect(seen[0].headers).not.toHaveProperty('impersonate-group');
  });

  it('turns a 403 to a GET of an object or a list into a 404 NotFound Status, keeping only name and resource', async () => {
    handler = forbidden('peek-target');
    for (const path of [
      '/api/v1/namespaces/b/secrets/peek-target',
      '/api/v1/namespaces/b/secrets',
    ]) {
      const answer = await call('GET', path, { token: proxy.token });
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toBe('application/json');
      expect(JSON.parse(answer.body)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'secrets "peek-target" not found',
        reason: 'NotFound',
        details: { name: 'peek-target', kind: 'secrets' },
        code: 404,
      });
      expect(answer.body).not.toContain('forbidden');
    }
  });

  it('keeps the 403 of a write (POST, PUT, PATCH, DELETE) and of a watch', async () => {
    handler = forbidden('x');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const answer = await call(method, '/api/v1/namespaces/b/secrets/x', {
        token: proxy.token,
        body: '{"kind":"Secret"}',
        // a DELETE is framed by its length (Node's client would not add it)
        headers: { 'content-type': 'application/json', 'content-length': 17 },
      });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({
        reason: 'Forbidden',
        code: 403,
      });
    }
    const watch = await call('GET', '/api/v1/namespaces/b/secrets?watch=true', {
      token: proxy.token,
    });
    expect(watch.status).toBe(403);
    expect(seen.map(s => [s.method, s.body])).toEqual([
      ['POST', '{"kind":"Secret"}'],
      ['PUT', '{"kind":"Secret"}'],
      ['PATCH', '{"kind":"Secret"}'],
      ['DELETE', '{"kind":"Secret"}'],
      ['GET', ''],
    ]);
  });

  it('passes a chunked request body intact, also for a DELETE', async () => {
    const answer = await call('DELETE', '/api/v1/namespaces/a/pods/p', {
      token: proxy.token,
      body: '{"kind":"DeleteOptions"}',
      headers: { 'transfer-encoding': 'chunked' },
    });
    expect(answer.status).toBe(200);
    expect(seen.map(s => [s.method, s.body])).toEqual([
      ['DELETE', '{"kind":"DeleteOptions"}'],
    ]);
  });

  it('passes other answers unchanged (a real 404, a 500)', async () => {
    handler = (req, res) => {
      const code = req.url!.endsWith('/missing') ? 404 : 500;
      res.writeHead(code, {
        'content-type': 'text/plain',
        'x-upstream': 'yes',
      });
      res.end(`answer ${code}`);
    };
    const missing = await call('GET', '/api/v1/missing', {
      token: proxy.token,
    });
    expect(missing).toMatchObject({ status: 404, body: 'answer 404' });
    expect(missing.headers['x-upstream']).toBe('yes');
    const broken = await call('GET', '/api/v1/broken', { token: proxy.token });
    expect(broken).toMatchObject({ status: 500, body: 'answer 500' });
  });

  it('streams both ways: a watch event arrives while the answer is still open, and a request body arrives while it is still being sent', async () => {
    let sendSecond!: () => void;
    const second = new Promise<void>(r => (sendSecond = r));
    let firstBodyChunk!: (chunk: string) => void;
    const bodyChunkSeen = new Promise<string>(r => (firstBodyChunk = r));
    handler = (req, res) => {
      if (req.method === 'POST') {
        req.once('data', chunk => firstBodyChunk(String(chunk)));
        req.on('end', () => res.end('done'));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED"}\n');
      second.then(() => res.end('{"type":"MODIFIED"}\n'));
    };

    // The answer: the first event is read before the upstream sends the second.
    const events: string[] = [];
    const watchDone = new Promise<void>((resolve, reject) => {
      const req = request(
        `${proxy.url}/api/v1/namespaces/a/pods?watch=1`,
        { headers: { authorization: `Bearer ${proxy.token}` } },
        res => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            events.push(chunk);
            if (events.length === 1) sendSecond();
          });
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end();
    });
    await watchDone;
    expect(events.join('')).toBe('{"type":"ADDED"}\n{"type":"MODIFIED"}\n');
    expect(events[0]).toBe('{"type":"ADDED"}\n');

    // The request: its first chunk reaches the upstream before the rest is sent.
    const answer = new Promise<string>((resolve, reject) => {
      const req = request(
        `${proxy.url}/api/v1/namespaces/a/configmaps`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${proxy.token}` },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () => resolve(Buffer.concat(chunks).toString()));
        },
      );
      req.on('error', reject);
      req.write('first-part;');
      bodyChunkSeen.then(() => req.end('second-part'));
    });
    expect(await bodyChunkSeen).toBe('first-part;');
    expect(await answer).toBe('done');
    expect(seen.find(s => s.method === 'POST')?.body).toBe(
      'first-part;second-part',
    );
  });

  it('cuts open requests (an endless watch) when closed', async () => {
    let upstreamClosed!: () => void;
    const closedUpstream = new Promise<void>(r => (upstreamClosed = r));
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED"}\n');
      req.socket.on('close', upstreamClosed);
    };
    const ended = new Promise<string>(resolve => {
      const req = request(
        `${proxy.url}/api/v1/pods?watch=true`,
        { headers: { authorization: `Bearer ${proxy.token}` } },
        res => {
          res.once('data', () => proxy.close());
          res.on('error', () => resolve('cut'));
          res.on('close', () => resolve('cut'));
        },
      );
      req.on('error', () => resolve('cut'));
      req.end();
    });
    expect(await ended).toBe('cut');
    await closedUpstream;
  });
});
