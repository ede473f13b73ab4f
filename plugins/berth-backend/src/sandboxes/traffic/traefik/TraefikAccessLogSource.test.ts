import { mockServices } from '@backstage/backend-test-utils';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraefikAccessLogSource } from './TraefikAccessLogSource';

const SERVICE = (ns: string, svc: string) =>
  `httproute-r-gw-g-g-ep-web-0-0123456789abcdef0123-svc-${ns}-${svc}-0@kubernetesgateway`;

function line(svc: string, key: string, at: string): string {
  return `${JSON.stringify({
    ServiceName: SERVICE('shop-dev', svc),
    StartUTC: at,
    RequestPath: `/${svc}`,
    DownstreamStatus: 200,
    'request_X-Env': key,
  })}\n`;
}

describe('TraefikAccessLogSource', () => {
  let dir: string;
  let path: string;
  const context = () => ({
    cluster: 'east',
    settings: { accessLogPath: path },
    namespaces: new Set(['shop-dev']),
    logger: mockServices.logger.mock(),
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-traefik-log-'));
    path = join(dir, 'access.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads each keyed line once, goes on from where it stopped, and leaves a half-written line for later', async () => {
    const source = new TraefikAccessLogSource();
    await writeFile(path, line('cart', 'alice', '2026-12-07T10:00:00Z'));
    expect((await source.readRequests(context())).map(r => r.service)).toEqual([
      'cart',
    ]);
    expect(await source.readRequests(context())).toEqual([]);
    const next = line('frontend', 'alice', '2026-12-07T10:00:01Z');
    await appendFile(path, next.slice(0, 20));
    expect(await source.readRequests(context())).toEqual([]);
    await appendFile(path, next.slice(20));
    expect((await source.readRequests(context())).map(r => r.service)).toEqual([
      'frontend',
    ]);
  });

  it('starts over on a rotated (shorter) file and reads at most its window of a long one', async () => {
    const source = new TraefikAccessLogSource(400);
    await writeFile(
      path,
      line('a', 'k', '2026-12-07T10:00:00Z') +
        line('b', 'k', '2026-12-07T10:00:01Z') +
        line('c', 'k', '2026-12-07T10:00:02Z'),
    );
    // Only the end fits the window; the cut first line is skipped.
    expect((await source.readRequests(context())).map(r => r.service)).toEqual([
      'b',
      'c',
    ]);
    await writeFile(path, line('d', 'k', '2026-12-07T10:00:03Z'));
    expect((await source.readRequests(context())).map(r => r.service)).toEqual([
      'd',
    ]);
  });

  it('refuses a cluster with no accessLogPath, and a missing file', async () => {
    const source = new TraefikAccessLogSource();
    await expect(
      source.readRequests({ ...context(), settings: {} }),
    ).rejects.toThrow(
      'berth.clusters.east.sandboxTraffic.accessLogPath is not set',
    );
    await expect(source.readRequests(context())).rejects.toThrow(/ENOENT/);
  });
});
