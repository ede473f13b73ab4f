// The demo image registry of `./berth start`: Debian's `docker-registry`
// (distribution v2.8) on loopback with a few small demo images pushed through
// the registry HTTP API v2, configured as berth.registries entry "demo" (plain
// HTTP) through an extra app-config file. It lets a rollback's image check ask
// a real registry: images under it exist, images deleted from it do not.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OCI_MANIFEST,
  putManifest,
  registryConfigYaml,
  uploadBlob,
} from '../lib/ociRegistry.mjs';

const REGISTRY_BINARY = '/usr/bin/docker-registry';

/** The images pushed at start, as `<repository>:<tag>` in the registry. */
export const DEMO_IMAGES = [
  'berth-demo/cart:1.5.0',
  'berth-demo/cart:1.6.0',
  'berth-demo/storefront:2.4.0',
];

function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url, child, log) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`docker-registry exited (${child.exitCode}): ${log()}`);
    }
    try {
      const response = await fetch(`${url}/v2/`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`docker-registry did not start in 15 s: ${log()}`);
}

/** Pushes a small OCI image (config blob, one random layer, manifest). */
export async function pushImage(url, repository, tag) {
  const upload = content => uploadBlob(url, repository, content);
  const config = await upload(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: [] },
      }),
    ),
  );
  const layer = await upload(randomBytes(64));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: config.digest,
      size: config.size,
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: layer.digest,
        size: layer.size,
      },
    ],
  });
  await putManifest(url, repository, tag, manifest);
}

/**
 * Starts the registry and pushes {@link DEMO_IMAGES}; returns its host, the
 * app-config file naming it and `stop()`.
 */
export async function startDemoImageRegistry({ name = 'demo' } = {}) {
  if (!existsSync(REGISTRY_BINARY)) {
    throw new Error(`${REGISTRY_BINARY} is not installed`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'berth-demo-registry-'));
  const host = `127.0.0.1:${await freeLoopbackPort()}`;
  const url = `http://${host}`;
  writeFileSync(
    join(dir, 'config.yml'),
    registryConfigYaml(host, join(dir, 'data')),
  );
  let output = '';
  const child = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', d => (output = (output + d).slice(-4000)));
  child.stderr.on('data', d => (output = (output + d).slice(-4000)));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, child, () => output);
    for (const image of DEMO_IMAGES) {
      const [repository, tag] = image.split(':');
      await pushImage(url, repository, tag);
    }
  } catch (error) {
    stop();
    throw error;
  }
  const configFile = join(dir, 'app-config.demo-registry.yaml');
  // JSON is valid YAML.
  writeFileSync(
    configFile,
    JSON.stringify(
      { berth: { registries: [{ name, host, plainHttp: true }] } },
      null,
      2,
    ),
  );
  return { host, url, configFile, images: DEMO_IMAGES, stop };
}
