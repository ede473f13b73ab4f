import { createHash, randomBytes } from 'node:crypto';
import { TestRegistry } from './ociRegistry';

/**
 * Test helper: pushes a small image (config blob, one layer, an OCI
 * manifest) to a registry through its HTTP API v2, and deletes manifests by
 * digest. Resolves with the manifest's digest.
 */
export async function pushTestImage(
  registry: TestRegistry,
  repository: string,
  tag: string,
): Promise<string> {
  const headers = authHeaders(registry);
  const upload = async (content: Buffer) => {
    const digest = `sha256:${createHash('sha256')
      .update(content)
      .digest('hex')}`;
    const start = await fetch(
      `${registry.url}/v2/${repository}/blobs/uploads/`,
      {
        method: 'POST',
        headers,
      },
    );
    if (start.status !== 202) {
      throw new Error(`Blob upload did not start: HTTP ${start.status}`);
    }
    const location = new URL(start.headers.get('location')!, registry.url);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: content,
    });
    if (put.status !== 201) {
      throw new Error(`Blob upload failed: HTTP ${put.status}`);
    }
    return { digest, size: content.length };
  };
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
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      ...config,
    },
    layers: [
      { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer },
    ],
  });
  const res = await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: {
      ...headers,
      'content-type': 'application/vnd.oci.image.manifest.v1+json',
    },
    body: manifest,
  });
  if (res.status !== 201) {
    throw new Error(
      `Manifest upload failed: HTTP ${res.status} ${await res.text()}`,
    );
  }
  return res.headers.get('docker-content-digest')!;
}

/** Deletes a manifest (and so every tag on it) by digest. */
export async function deleteTestImage(
  registry: TestRegistry,
  repository: string,
  digest: string,
): Promise<void> {
  const res = await fetch(
    `${registry.url}/v2/${repository}/manifests/${digest}`,
    { method: 'DELETE', headers: authHeaders(registry) },
  );
  if (res.status !== 202) {
    throw new Error(`Manifest delete failed: HTTP ${res.status}`);
  }
}

function authHeaders(registry: TestRegistry): Record<string, string> {
  return registry.username
    ? {
        authorization: `Basic ${Buffer.from(
          `${registry.username}:${registry.password}`,
        ).toString('base64')}`,
      }
    : {};
}
