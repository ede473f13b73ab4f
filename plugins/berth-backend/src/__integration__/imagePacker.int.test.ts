import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { startTestRegistry, TestRegistry } from '../__testUtils__/ociRegistry';

// tools/images/pack.mjs: the project's static Go programs packed into OCI images without
// Docker, pushed to a real registry (Debian's docker-registry) on loopback.
jest.setTimeout(240_000);

const run = promisify(execFile);
const packer = resolve(__dirname, '../../../../tools/images/pack.mjs');

interface PackResult {
  name: string;
  key: string;
  digest: string;
  cached: boolean;
  repository: string;
  tag: string;
  reference: string;
  pushedBlobs: number;
}

const sha256 = (data: Buffer) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

describe('the OCI image packer', () => {
  let registry: TestRegistry;
  let cacheDir: string;

  beforeAll(async () => {
    registry = await startTestRegistry();
    cacheDir = mkdtempSync(join(tmpdir(), 'berth-pack-test-'));
  });
  afterAll(async () => {
    await registry?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const pack = async (...args: string[]): Promise<PackResult[]> => {
    const { stdout } = await run(
      process.execPath,
      [packer, '--registry', registry.host, ...args],
      { env: { ...process.env, BERTH_CACHE_DIR: cacheDir } },
    );
    return stdout
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
  };
  const blob = async (repository: string, digest: string) => {
    const r = await fetch(`${registry.url}/v2/${repository}/blobs/${digest}`);
    expect(r.status).toBe(200);
    return Buffer.from(await r.arrayBuffer());
  };

  it('packs every image, pushes it and the registry serves the same manifest back', async () => {
    const images = await pack('--tag', 'v1');
    expect(images.map(i => i.name)).toEqual([
      'echo',
      'pause',
      'jobrunner',
      'builder',
    ]);
    for (const image of images) {
      expect(image.cached).toBe(false);
      expect(image.pushedBlobs).toBe(2);
      expect(image.reference).toBe(
        `${registry.host}/berth/${image.name}@${image.digest}`,
      );
      const r = await fetch(
        `${registry.url}/v2/berth/${image.name}/manifests/v1`,
        {
          headers: {
            accept: 'application/vnd.oci.image.manifest.v1+json',
          },
        },
      );
      expect(r.status).toBe(200);
      const body = Buffer.from(await r.arrayBuffer());
      expect(sha256(body)).toBe(image.digest);
      expect(r.headers.get('docker-content-digest')).toBe(image.digest);

      const manifest = JSON.parse(body.toString('utf8'));
      expect(manifest.layers).toHaveLength(1);
      const config = JSON.parse(
        (await blob(image.repository, manifest.config.digest)).toString('utf8'),
      );
      expect(config.config.Entrypoint).toEqual([`/bin/${image.name}`]);
      expect(config.config.Env).toEqual(['PATH=/bin']);
      expect(config.created).toBeUndefined();
      const layer = await blob(image.repository, manifest.layers[0].digest);
      expect(sha256(layer)).toBe(manifest.layers[0].digest);
      expect(config.rootfs.diff_ids).toEqual([sha256(gunzipSync(layer))]);
    }
  });

  it('gives the same digests when packed again from scratch, and reuses its cache', async () => {
    const first = await pack('echo', 'jobrunner');
    // Already packed and pushed: nothing is rebuilt or uploaded again.
    expect(first.map(i => [i.cached, i.pushedBlobs])).toEqual([
      [true, 0],
      [true, 0],
    ]);
    const rebuilt = await pack('--force', '--tag', 'v2', 'echo', 'jobrunner');
    expect(rebuilt.map(i => i.cached)).toEqual([false, false]);
    expect(rebuilt.map(i => i.digest)).toEqual(first.map(i => i.digest));
    expect(rebuilt.map(i => i.pushedBlobs)).toEqual([0, 0]);
    for (const image of rebuilt) {
      const r = await fetch(
        `${registry.url}/v2/berth/${image.name}/manifests/v2`,
        {
          method: 'HEAD',
          headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
        },
      );
      expect(r.headers.get('docker-content-digest')).toBe(image.digest);
    }
  });

  it('refuses a registry off loopback', async () => {
    await expect(
      run(process.execPath, [packer, '--registry', '10.1.2.3:5000', 'pause'], {
        env: { ...process.env, BERTH_CACHE_DIR: cacheDir },
      }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('must be on loopback'),
    });
  });
});
