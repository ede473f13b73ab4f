// The registry HTTP API v2 as the scripts use it against Debian's docker-registry on loopback:
// its config file, blob uploads (skipped when the registry has the blob) and manifest uploads.
import { createHash } from 'node:crypto';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** docker-registry's config.yml: plain HTTP on `host`, data under `rootDirectory`, quiet logs. */
export function registryConfigYaml(host, rootDirectory) {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${rootDirectory}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    '',
  ].join('\n');
}

/**
 * Uploads `content` as a blob of `repository` unless the registry has it.
 * Returns its descriptor fields and whether it was sent.
 */
export async function uploadBlob(url, repository, content) {
  const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
  const descriptor = { digest, size: content.length };
  const head = await fetch(`${url}/v2/${repository}/blobs/${digest}`, {
    method: 'HEAD',
  });
  if (head.status === 200) return { ...descriptor, uploaded: false };
  const start = await fetch(`${url}/v2/${repository}/blobs/uploads/`, {
    method: 'POST',
  });
  if (start.status !== 202) {
    throw new Error(`blob upload did not start: HTTP ${start.status}`);
  }
  const location = new URL(start.headers.get('location'), url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: content,
  });
  if (put.status !== 201) {
    throw new Error(`blob upload failed: HTTP ${put.status}`);
  }
  return { ...descriptor, uploaded: true };
}

/** Uploads an OCI manifest as `repository:tag`; returns the digest the registry stored. */
export async function putManifest(url, repository, tag, manifest) {
  const put = await fetch(`${url}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': OCI_MANIFEST },
    body: manifest,
  });
  if (put.status !== 201) {
    throw new Error(
      `manifest upload failed: HTTP ${put.status} ${await put.text()}`,
    );
  }
  return put.headers.get('docker-content-digest');
}
