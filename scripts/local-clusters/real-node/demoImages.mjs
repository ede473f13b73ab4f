// The demo services that run as real pods: every values file of examples/charts/service-values
// whose pods tolerate the real node's taint. Their image is the echo image, pushed to the node's
// registry under the repository and tag the values name (the registry host dropped: containerd
// pulls every registry's images from the node's registry, see defaultRegistryHosts).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { TAINT_KEY } from './constants.mjs';

const VALUES_DIR = new URL(
  '../../../examples/charts/service-values/',
  import.meta.url,
).pathname;

/** The repository path without a registry host: `ghcr.io/a/b` -> `a/b`, `a/b` -> `a/b`. */
export function repositoryPath(repository) {
  const [first, ...rest] = repository.split('/');
  const isHost =
    rest.length > 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? rest.join('/') : repository;
}

/** [{ service, repository, tag }] of the demo services that tolerate the real node. */
export function demoImagesOnNode(dir = VALUES_DIR) {
  const images = [];
  for (const file of fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()) {
    const values = parse(fs.readFileSync(path.join(dir, file), 'utf8')) ?? {};
    const tolerates = (values.tolerations ?? []).some(
      t => t?.key === TAINT_KEY,
    );
    if (!tolerates || !values.image?.repository) continue;
    images.push({
      service: path.basename(file, '.yaml'),
      repository: repositoryPath(values.image.repository),
      tag: String(values.image.tag ?? 'latest'),
    });
  }
  return images;
}
