#!/usr/bin/env node
// Packs the static Go programs of tools/images (echo, pause, jobrunner, builder) into reproducible OCI images
// without Docker and pushes them to a registry on loopback through the registry HTTP API v2.
//
//   node tools/images/pack.mjs [--registry 127.0.0.1:PORT] [--tag TAG] [--force] [names...]
//
// Each image has one layer: the program at /bin/<name> (the jobrunner image also carries Debian's
// busybox-static as /bin/busybox with its applets linked, so scripts have a shell). The layer is a
// GNU tar sorted by name with owner 0, mtime 0 and fixed modes, gzipped by Node's zlib; the config
// has Entrypoint, Env and rootfs.diff_ids and no timestamps, so the same sources give the same
// digests. Packed images are cached by the hash of their inputs in
// $BERTH_CACHE_DIR/images/<name>-<key>/; pushes skip blobs the registry already has.
// Prints one JSON line per image: {name, repository, tag, digest, reference, cached, pushed}.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { putManifest, uploadBlob } from '../../scripts/lib/ociRegistry.mjs';

const exec = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const PACKER_VERSION = '2';
const BUSYBOX = '/bin/busybox';
export const IMAGE_NAMES = ['echo', 'pause', 'jobrunner', 'builder'];
const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

const sha256 = data => createHash('sha256').update(data).digest('hex');

function cacheRoot() {
  return path.join(
    process.env.BERTH_CACHE_DIR || path.join(os.homedir(), '.cache', 'berth'),
    'images',
  );
}

/** What an image is made of: the program's Go sources, go.mod and go.sum, Go's version, busybox if used. */
async function inputKey(name) {
  const hash = createHash('sha256');
  hash.update(`packer ${PACKER_VERSION}\n`);
  const { stdout: goVersion } = await exec('go', ['env', 'GOVERSION']);
  hash.update(`go ${goVersion.trim()}\n`);
  hash.update(await fsp.readFile(path.join(HERE, 'go.mod')));
  hash.update(await fsp.readFile(path.join(HERE, 'go.sum')));
  const dir = path.join(HERE, name);
  const files = (await fsp.readdir(dir))
    .filter(f => f.endsWith('.go') && !f.endsWith('_test.go'))
    .sort();
  for (const f of files) {
    hash.update(`file ${f}\n`);
    hash.update(await fsp.readFile(path.join(dir, f)));
  }
  if (name === 'jobrunner') hash.update(await fsp.readFile(BUSYBOX));
  return hash.digest('hex').slice(0, 20);
}

async function buildRootfs(name, root) {
  const bin = path.join(root, 'bin');
  await fsp.mkdir(bin, { recursive: true });
  await exec(
    'go',
    [
      'build',
      '-trimpath',
      '-buildvcs=false',
      '-ldflags=-s -w -buildid=',
      '-o',
      path.join(bin, name),
      `./${name}`,
    ],
    {
      cwd: HERE,
      env: {
        ...process.env,
        CGO_ENABLED: '0',
        GOOS: 'linux',
        GOARCH: 'amd64',
        GOTOOLCHAIN: 'local',
      },
    },
  );
  if (name === 'jobrunner') {
    if (!fs.existsSync(BUSYBOX)) {
      throw new Error(
        `${BUSYBOX} is missing: install the Debian package busybox-static`,
      );
    }
    await fsp.copyFile(BUSYBOX, path.join(bin, 'busybox'));
    const { stdout } = await exec(BUSYBOX, ['--list']);
    for (const applet of stdout.split('\n').filter(Boolean)) {
      if (applet !== 'busybox' && applet !== name) {
        await fsp.symlink('busybox', path.join(bin, applet));
      }
    }
  }
  await fsp.mkdir(path.join(root, 'tmp'));
  // Fixed modes whatever the umask: the digests must not depend on the machine.
  await fsp.chmod(root, 0o755);
  await fsp.chmod(bin, 0o755);
  await fsp.chmod(path.join(root, 'tmp'), 0o1777);
  for (const f of await fsp.readdir(bin)) {
    const p = path.join(bin, f);
    if (!(await fsp.lstat(p)).isSymbolicLink()) await fsp.chmod(p, 0o755);
  }
}

/** Packs one image into `dir` (layer, config, manifest, image.json). */
async function packImage(name, key, dir) {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), `berth-pack-${name}-`));
  try {
    const root = path.join(work, 'rootfs');
    await buildRootfs(name, root);
    const tarFile = path.join(work, 'layer.tar');
    await exec('tar', [
      '--sort=name',
      '--format=gnu',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mtime=@0',
      '-cf',
      tarFile,
      '-C',
      root,
      '.',
    ]);
    const tar = await fsp.readFile(tarFile);
    const layer = zlib.gzipSync(tar, { level: 9 });
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {
          Entrypoint: [`/bin/${name}`],
          Env: ['PATH=/bin'],
          WorkingDir: '/',
        },
        rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(tar)}`] },
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA.manifest,
        config: {
          mediaType: MEDIA.config,
          digest: `sha256:${sha256(config)}`,
          size: config.length,
        },
        layers: [
          {
            mediaType: MEDIA.layer,
            digest: `sha256:${sha256(layer)}`,
            size: layer.length,
          },
        ],
      }),
    );
    const tmp = `${dir}.tmp-${process.pid}`;
    await fsp.rm(tmp, { recursive: true, force: true });
    await fsp.mkdir(tmp, { recursive: true });
    await fsp.writeFile(path.join(tmp, 'layer.tar.gz'), layer);
    await fsp.writeFile(path.join(tmp, 'config.json'), config);
    await fsp.writeFile(path.join(tmp, 'manifest.json'), manifest);
    await fsp.writeFile(
      path.join(tmp, 'image.json'),
      JSON.stringify({ name, key, digest: `sha256:${sha256(manifest)}` }),
    );
    await fsp.rm(dir, { recursive: true, force: true });
    await fsp.rename(tmp, dir);
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}

/**
 * Packs `name` (from the cache when its inputs did not change, unless `force`).
 * Returns {name, key, dir, digest, cached}.
 */
export async function pack(name, { force = false } = {}) {
  if (!IMAGE_NAMES.includes(name)) {
    throw new Error(
      `unknown image "${name}" (known: ${IMAGE_NAMES.join(', ')})`,
    );
  }
  const key = await inputKey(name);
  const dir = path.join(cacheRoot(), `${name}-${key}`);
  const meta = path.join(dir, 'image.json');
  const cached = !force && fs.existsSync(meta);
  if (!cached) await packImage(name, key, dir);
  const { digest } = JSON.parse(await fsp.readFile(meta, 'utf8'));
  return { name, key, dir, digest, cached };
}

/**
 * Pushes a packed image to `registry` (host:port, plain HTTP) as `<repository>:<tag>`
 * (default `berth/<name>:latest`). Returns the image reference by digest.
 */
export async function push(
  image,
  registry,
  { tag = 'latest', repository = `berth/${image.name}` } = {},
) {
  const url = `http://${registry}`;
  const read = f => fsp.readFile(path.join(image.dir, f));
  let pushed = 0;
  for (const f of ['layer.tar.gz', 'config.json']) {
    if ((await uploadBlob(url, repository, await read(f))).uploaded) pushed++;
  }
  const digest = await putManifest(
    url,
    repository,
    tag,
    await read('manifest.json'),
  );
  if (digest !== image.digest) {
    throw new Error(
      `registry stored ${repository} as ${digest}, expected ${image.digest}`,
    );
  }
  return {
    repository,
    tag,
    reference: `${registry}/${repository}@${image.digest}`,
    pushedBlobs: pushed,
  };
}

async function main(argv) {
  let registry;
  let tag = 'latest';
  let force = false;
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--registry') registry = argv[++i];
    else if (a === '--tag') tag = argv[++i];
    else if (a === '--force') force = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(
        'usage: pack.mjs [--registry HOST:PORT] [--tag TAG] [--force] [echo|pause|jobrunner|builder...]\n',
      );
      return;
    } else names.push(a);
  }
  if (registry && !/^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(registry)) {
    throw new Error(`--registry must be on loopback, got "${registry}"`);
  }
  for (const name of names.length ? names : IMAGE_NAMES) {
    const image = await pack(name, { force });
    const out = {
      name,
      key: image.key,
      digest: image.digest,
      cached: image.cached,
    };
    if (registry) Object.assign(out, await push(image, registry, { tag }));
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main(process.argv.slice(2)).catch(e => {
    process.stderr.write(`pack.mjs: ${e.message}\n`);
    process.exit(1);
  });
}
