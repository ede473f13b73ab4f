import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import {
  freeLoopbackPort,
  startTestRegistry,
  TestRegistry,
} from '../../__testUtils__/ociRegistry';
import { startTestGitServer, TestGitServer } from './__testUtils__/gitServer';
import { readLayer } from './__testUtils__/ociLayer';
import { parseBuildTerminationMessage } from './buildOutputs';

// The local builder (tools/images/builder) as a program: a real Git server (git http-backend on
// loopback), a real registry (Debian's docker-registry on loopback, as the node's), the base image
// packed by tools/images/pack.mjs. The echo program of the built image is then run to show that a
// commit changing version.txt gives an image answering with the new version.
jest.setTimeout(240_000);

const run = promisify(execFile);
const imagesDir = resolve(__dirname, '../../../../../tools/images');
const sha256 = (data: Buffer) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

interface BuildRun {
  code: number | null;
  stdout: string;
  message: string;
}

describe('the local builder image program', () => {
  let registry: TestRegistry;
  let git: TestGitServer;
  let dir: string;
  let builder: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-builder-test-'));
    builder = join(dir, 'builder');
    [registry, git] = await Promise.all([
      startTestRegistry(),
      startTestGitServer({ name: 'web' }),
      run('go', ['build', '-trimpath', '-o', builder, './builder'], {
        cwd: imagesDir,
        env: { ...process.env, CGO_ENABLED: '0' },
      }),
    ]);
    // The base image: the project's echo image, packed and pushed as the node's registry has it.
    await run(
      process.execPath,
      [join(imagesDir, 'pack.mjs'), '--registry', registry.host, 'echo'],
      { env: { ...process.env, BERTH_CACHE_DIR: join(dir, 'cache') } },
    );
  });
  afterAll(async () => {
    await Promise.all([registry?.stop(), git?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  let builds = 0;
  const build = (env: Record<string, string>): Promise<BuildRun> => {
    const messagePath = join(dir, `message-${++builds}`);
    return new Promise((done, fail) => {
      const child = spawn(builder, [], {
        env: {
          PATH: process.env.PATH,
          BUILDER_GIT_URL: git.url,
          BUILDER_REGISTRY_URL: registry.url,
          BUILDER_IMAGE: `${registry.host}/demo/web`,
          TERMINATION_MESSAGE_PATH: messagePath,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', d => (stdout += d));
      child.stderr.on('data', d => (stdout += d));
      child.on('error', fail);
      child.on('close', async code => {
        const message = await readFile(messagePath, 'utf8').catch(() => '');
        done({ code, stdout, message });
      });
    });
  };

  const manifest = async (repository: string, reference: string) => {
    const res = await fetch(
      `${registry.url}/v2/${repository}/manifests/${reference}`,
      { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } },
    );
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    return { body, json: JSON.parse(body.toString('utf8')) };
  };
  const blob = async (repository: string, digest: string) => {
    const res = await fetch(`${registry.url}/v2/${repository}/blobs/${digest}`);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  const dockerfile = [
    '# the echo image, with the version of this commit',
    'FROM 127.0.0.1:5000/berth/echo:latest',
    'COPY version.txt /version.txt',
    'COPY site /srv/site/',
    'ENV ECHO_NAME=web-built',
    '',
  ].join('\n');

  let first: { digest: string; commit: string; baseLayer: string };

  it('builds a branch, pushes the image and the manifest pulls back by digest with the new layer', async () => {
    const commit = await git.commit({
      Dockerfile: dockerfile,
      'version.txt': '1.0.0\n',
      'site/index.html': '<h1>one</h1>',
      'README.md': 'not copied',
    });
    const result = await build({ BUILDER_REVISION: 'main', BUILDER_TAG: 'v1' });
    expect(result.code).toBe(0);
    const outputs = parseBuildTerminationMessage(result.message);
    expect(outputs).toEqual({
      image: `${registry.host}/demo/web:v1`,
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      commit,
    });
    // Every step is logged.
    for (const line of [
      `fetching ${git.url} at main`,
      `commit ${commit}`,
      'build file Dockerfile: FROM 127.0.0.1:5000/berth/echo:latest, 3 instructions',
      'pulling the base berth/echo:latest',
      'base layer sha256:',
      'pushed layer sha256:',
      'pushed config sha256:',
      `pushed manifest demo/web:v1 ${outputs.digest}`,
    ]) {
      expect(result.stdout).toContain(line);
    }

    const byDigest = await manifest('demo/web', outputs.digest);
    expect(sha256(byDigest.body)).toBe(outputs.digest);
    const byTag = await manifest('demo/web', 'v1');
    expect(byTag.body.equals(byDigest.body)).toBe(true);
    const base = await manifest('berth/echo', 'latest');
    const { layers } = byDigest.json;
    expect(layers).toHaveLength(2);
    expect(layers[0]).toEqual(base.json.layers[0]);

    const layer = await blob('demo/web', layers[1].digest);
    expect(sha256(layer)).toBe(layers[1].digest);
    const entries = readLayer(layer);
    expect(entries.map(e => [e.name, e.type, e.mode.toString(8)])).toEqual([
      ['srv/', '5', '755'],
      ['srv/site/', '5', '755'],
      ['srv/site/index.html', '0', '644'],
      ['version.txt', '0', '644'],
    ]);
    expect(
      entries.every(e => e.uid === 0 && e.gid === 0 && e.mtime === 0),
    ).toBe(true);
    expect(entries.find(e => e.name === 'version.txt')!.data.toString()).toBe(
      '1.0.0\n',
    );

    const config = JSON.parse(
      (await blob('demo/web', byDigest.json.config.digest)).toString('utf8'),
    );
    expect(config.config.Entrypoint).toEqual(['/bin/echo']);
    expect(config.config.Env).toEqual(['PATH=/bin', 'ECHO_NAME=web-built']);
    expect(config.rootfs.diff_ids).toEqual([
      JSON.parse(
        (await blob('berth/echo', base.json.config.digest)).toString('utf8'),
      ).rootfs.diff_ids[0],
      sha256(gunzipSync(layer)),
    ]);
    first = { digest: outputs.digest, commit, baseLayer: layers[0].digest };
  });

  it('builds a commit by id: a new version gives a new image, the same commit the same digest', async () => {
    const second = await git.commit({ 'version.txt': '2.0.0\n' });
    const v2 = await build({ BUILDER_REVISION: second, BUILDER_TAG: 'v2' });
    expect(v2.code).toBe(0);
    const outputs = parseBuildTerminationMessage(v2.message);
    expect(outputs.commit).toBe(second);
    expect(outputs.digest).not.toBe(first.digest);
    const { json } = await manifest('demo/web', outputs.digest);
    expect(json.layers[0].digest).toBe(first.baseLayer);
    const entries = readLayer(await blob('demo/web', json.layers[1].digest));
    expect(entries.find(e => e.name === 'version.txt')!.data.toString()).toBe(
      '2.0.0\n',
    );
    // The base layer is in the repository already: not copied again.
    expect(v2.stdout).toContain(
      `base layer ${first.baseLayer}: already in demo/web`,
    );

    const again = await build({
      BUILDER_REVISION: first.commit,
      BUILDER_TAG: 'v1-again',
    });
    expect(again.code).toBe(0);
    expect(parseBuildTerminationMessage(again.message).digest).toBe(
      first.digest,
    );
  });

  it("runs: the built image's echo program answers with the version of the commit", async () => {
    // Unpack the image as a container runtime would (layers in order) and run its entrypoint.
    const rootfs = join(dir, 'rootfs');
    const { json } = await manifest('demo/web', 'v2');
    for (const l of json.layers) {
      for (const e of readLayer(await blob('demo/web', l.digest))) {
        const target = join(rootfs, e.name);
        if (e.type === '5') await mkdir(target, { recursive: true });
        if (e.type === '0') {
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, e.data, { mode: e.mode });
        }
      }
    }
    const port = await freeLoopbackPort();
    const echo: ChildProcess = spawn(join(rootfs, 'bin/echo'), [], {
      env: {
        ECHO_ADDR: `127.0.0.1:${port}`,
        ECHO_NAME: 'web-built',
        ECHO_VERSION_FILE: join(rootfs, 'version.txt'),
      },
      stdio: 'ignore',
    });
    try {
      let reply: any;
      for (let i = 0; i < 100 && !reply; i++) {
        reply = await fetch(`http://127.0.0.1:${port}/`)
          .then(r => r.json())
          .catch(() => new Promise(r => setTimeout(r, 50)));
      }
      expect(reply).toMatchObject({ name: 'web-built', version: '2.0.0' });
    } finally {
      const exited = new Promise(r => echo.once('exit', r));
      echo.kill('SIGTERM');
      await exited;
    }
  });

  it('fails with the reason in the termination message and pushes nothing for a build it cannot do', async () => {
    await git.commit(
      { Dockerfile: 'FROM berth/echo\nRUN make\n' },
      { branch: 'with-run' },
    );
    await git.commit(
      { Dockerfile: 'FROM berth/missing:1\nCOPY version.txt /v\n' },
      { branch: 'missing-base' },
    );
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        {
          BUILDER_REVISION: 'with-run',
          BUILDER_IMAGE: `${registry.host}/demo/refused`,
        },
        /Dockerfile: line 2: RUN: not supported by the local builder/,
      ],
      [
        {
          BUILDER_REVISION: 'missing-base',
          BUILDER_IMAGE: `${registry.host}/demo/refused`,
        },
        /manifest berth\/missing:1: HTTP 404/,
      ],
      [
        {
          BUILDER_REVISION: 'no-such-branch',
          BUILDER_IMAGE: `${registry.host}/demo/refused`,
        },
        /revision "no-such-branch" is neither a branch, a tag or a ref/,
      ],
      [
        {
          BUILDER_REVISION: 'main',
          BUILDER_IMAGE: `${registry.host}/demo/refused:v1`,
        },
        /must be a name without tag or digest/,
      ],
      [{ BUILDER_IMAGE: 'demo/refused' }, /missing settings: BUILDER_REVISION/],
    ];
    for (const [env, reason] of cases) {
      const result = await build(env);
      expect(result.code).toBe(1);
      expect(() => parseBuildTerminationMessage(result.message)).toThrow(
        reason,
      );
      expect(result.stdout).toMatch(reason);
    }
    const tags = await fetch(`${registry.url}/v2/demo/refused/tags/list`);
    expect(tags.status).toBe(404);
  });
});
