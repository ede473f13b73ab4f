import { createServer, Server } from 'node:http';
import { AddressAllowlist } from './addressRanges';
import { HostAllowlist } from './hostAllowlist';
import { isOutboundRefusal, OutboundGuard } from './OutboundGuard';

/** An HTTP server on loopback that records every request it receives. */
async function recordingServer(
  handle: (url: string, res: import('node:http').ServerResponse) => void,
): Promise<{ port: number; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization ?? '-'}`);
    handle(req.url ?? '/', res);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, seen, server };
}

describe('OutboundGuard', () => {
  let sink: Awaited<ReturnType<typeof recordingServer>>;
  let allowed: Awaited<ReturnType<typeof recordingServer>>;
  const request = { what: 'Chart repository', timeoutMs: 5000, maxBytes: 1024 };

  beforeAll(async () => {
    sink = await recordingServer((_, res) => res.end('secret'));
    allowed = await recordingServer((url, res) => {
      const to = new URL(url, 'http://x').searchParams.get('to');
      if (url.startsWith('/redirect') && to) {
        res.writeHead(302, { location: to });
        res.end();
      } else if (url.startsWith('/loop')) {
        res.writeHead(302, { location: '/loop' });
        res.end();
      } else if (url.startsWith('/big')) {
        res.end('x'.repeat(4096));
      } else if (url.startsWith('/stream')) {
        // No content-length: the limit applies while reading.
        res.write('x'.repeat(800));
        res.end('x'.repeat(800));
      } else {
        res.end('hello');
      }
    });
  });

  afterAll(() => {
    sink.server.close();
    allowed.server.close();
  });

  const guard = (hosts: string[], addresses: string[] = ['127.0.0.1/32']) =>
    new OutboundGuard({
      hosts: new HostAllowlist(hosts),
      addresses: new AddressAllowlist(addresses),
    });

  it('fetches from an allowed host on an allowed address, following a redirect to another allowed host', async () => {
    const g = guard([`127.0.0.1:${allowed.port}`, `localhost:${allowed.port}`]);
    await expect(
      g.get(`http://127.0.0.1:${allowed.port}/index.yaml`, request),
    ).resolves.toEqual(Buffer.from('hello'));
    const to = encodeURIComponent(`http://localhost:${allowed.port}/x`);
    const seenBefore = allowed.seen.length;
    await expect(
      g.get(`http://127.0.0.1:${allowed.port}/redirect?to=${to}`, {
        ...request,
        headers: { authorization: 'Basic c2VjcmV0' },
      }),
    ).resolves.toEqual(Buffer.from('hello'));
    // The credentials went to the first host only.
    expect(allowed.seen.slice(seenBefore)).toEqual([
      `/redirect?to=${to} Basic c2VjcmV0`,
      '/x -',
    ]);
    expect(sink.seen).toEqual([]);
  });

  it.each([
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['a private address', 'http://10.0.0.7/index.yaml'],
    ['a host not on the list', () => `http://127.0.0.1:${sink.port}/`],
    ['a file URL', 'file:///etc/passwd'],
    ['a URL with credentials', () => `http://u:p@127.0.0.1:${allowed.port}/`],
  ])('refuses %s before connecting', async (_, url) => {
    const g = guard([`127.0.0.1:${allowed.port}`]);
    const error = await g
      .get(typeof url === 'string' ? url : url(), request)
      .catch(e => e);
    expect(error).toMatchObject({ name: 'InputError' });
    expect(isOutboundRefusal(error)).toBe(true);
    expect(sink.seen).toEqual([]);
  });

  it('checks addresses after DNS resolution, even for hosts on the list', async () => {
    // localhost is on the host list, but it resolves to loopback, which the
    // address allowlist does not hold here.
    const g = guard(
      [`localhost:${sink.port}`, '169.254.169.254', '10.0.0.7'],
      [],
    );
    await expect(
      g.get(`http://localhost:${sink.port}/`, request),
    ).rejects.toThrow(
      new RegExp(
        `Chart repository host localhost:${sink.port} is at (127\\.0\\.0\\.1|::1), a loopback address; refused`,
      ),
    );
    await expect(
      g.get('http://169.254.169.254/latest/meta-data/', request),
    ).rejects.toThrow(
      'Chart repository host 169.254.169.254 is a link-local (cloud metadata) address; refused (berth.outbound.allowAddresses lists the addresses that may be reached)',
    );
    await expect(g.get('http://10.0.0.7/', request)).rejects.toThrow(
      /is a private address; refused/,
    );
    await expect(
      g.check(`http://localhost:${sink.port}/`, 'Git host'),
    ).rejects.toThrow(/Git host host localhost:\d+ is at .*a loopback address/);
    expect(sink.seen).toEqual([]);
  });

  it('refuses a redirect from an allowed host to a host not on the list, and a redirect loop', async () => {
    const g = guard([`127.0.0.1:${allowed.port}`]);
    const to = encodeURIComponent(`http://127.0.0.1:${sink.port}/steal`);
    await expect(
      g.get(`http://127.0.0.1:${allowed.port}/redirect?to=${to}`, request),
    ).rejects.toThrow(
      `Chart repository at 127.0.0.1:${allowed.port} redirects to 127.0.0.1:${sink.port}, which is not allowed (berth.helm.import.allowedHosts); refused`,
    );
    const meta = encodeURIComponent('http://169.254.169.254/latest/');
    await expect(
      guard([`127.0.0.1:${allowed.port}`, '169.254.169.254']).get(
        `http://127.0.0.1:${allowed.port}/redirect?to=${meta}`,
        request,
      ),
    ).rejects.toThrow(
      /169.254.169.254 is a link-local \(cloud metadata\) address/,
    );
    await expect(
      g.get(`http://127.0.0.1:${allowed.port}/loop`, request),
    ).rejects.toThrow(/redirects more than 5 times; refused/);
    const file = encodeURIComponent('file:///etc/passwd');
    await expect(
      g.get(`http://127.0.0.1:${allowed.port}/redirect?to=${file}`, request),
    ).rejects.toThrow(/redirects to a 'file:' URL; refused/);
    expect(sink.seen).toEqual([]);
  });

  it('limits the body and names the host of network failures', async () => {
    const g = guard([`127.0.0.1:${allowed.port}`, '127.0.0.1:1']);
    await expect(
      g.get(`http://127.0.0.1:${allowed.port}/big`, request),
    ).rejects.toThrow(/big is 4096 bytes, more than the limit of 1024/);
    await expect(
      g.get(`http://127.0.0.1:${allowed.port}/stream`, request),
    ).rejects.toThrow(/stream is more than the limit of 1024 bytes/);
    await expect(g.get('http://127.0.0.1:1/', request)).rejects.toThrow(
      'Chart repository at 127.0.0.1:1 cannot be reached: ECONNREFUSED',
    );
    expect(sink.seen).toEqual([]);
  });

  it('lets a name that does not resolve through check(), for the reader to report', async () => {
    const g = guard(['nowhere.invalid']);
    await expect(
      g.check('https://nowhere.invalid/x', 'Git host'),
    ).resolves.toMatchObject({ unresolved: true });
    expect(sink.seen).toEqual([]);
  });
});
