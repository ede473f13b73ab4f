// The real node's image registry: Debian's docker-registry on a port of the node IP (the pod
// bridge's address, local to this machine: the host reaches it, and so do pods, which push the
// images their build jobs make), holding the project's images packed by tools/images/pack.mjs.
// containerd pulls from it over plain HTTP.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pack, push, IMAGE_NAMES } from '../../../tools/images/pack.mjs';
import { registryConfigYaml } from '../../lib/ociRegistry.mjs';
import { demoImagesOnNode } from './demoImages.mjs';
import { freePorts, spawnDetached, waitFor } from '../util.mjs';
import { NODE_IP } from './constants.mjs';

const REGISTRY_BINARY = '/usr/bin/docker-registry';

/**
 * Starts the registry on the node IP (the bridge must exist: installNetworkSafety makes it);
 * returns {host}. The caller records the process.
 */
export async function startNodeRegistry(dir, { onProcess }) {
  if (!fs.existsSync(REGISTRY_BINARY)) {
    throw new Error(
      `${REGISTRY_BINARY} is missing: apt-get install docker-registry`,
    );
  }
  await fsp.mkdir(dir, { recursive: true });
  const [port] = await freePorts(1);
  const host = `${NODE_IP}:${port}`;
  const config = path.join(dir, 'config.yml');
  await fsp.writeFile(config, registryConfigYaml(host, path.join(dir, 'data')));
  const logFile = path.join(dir, 'registry.log');
  const pid = spawnDetached(REGISTRY_BINARY, ['serve', config], {
    logFile,
    cwd: dir,
  });
  await onProcess({ pid, exe: REGISTRY_BINARY, logFile });
  await waitFor(
    'the node registry',
    async () => (await fetch(`http://${host}/v2/`)).status === 200,
    { timeoutMs: 15000 },
  );
  return { host };
}

/**
 * Packs (cached) and pushes every image, and the echo image under the name of each demo
 * service that runs on the node; returns {name: reference by digest}.
 */
export async function pushNodeImages(host) {
  const images = {};
  for (const name of IMAGE_NAMES) {
    const image = await pack(name);
    images[name] = (await push(image, host)).reference;
  }
  const echo = await pack('echo');
  for (const { repository, tag } of demoImagesOnNode()) {
    await push(echo, host, { repository, tag });
  }
  return images;
}
