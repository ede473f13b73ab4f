import { ImageCheck } from '@berth/plugin-berth-common';
import http from 'node:http';
import https from 'node:https';
import { parseImageReference } from '../values/imageReference';
import { RegistryConfig, RegistryEntry } from './RegistryConfig';

/** Accept headers for every manifest kind an image reference may name. */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
].join(', ');

/** Where an image lives: the registry host, the repository in it, the tag or digest. */
export interface ImageLocation {
  host: string;
  /** The host the API is served at (Docker Hub's differs from its name). */
  apiHost: string;
  repository: string;
  reference: string;
}

/** Splits an image reference into registry host, repository and tag/digest, as a container runtime does. */
export function locateImage(image: string): ImageLocation {
  const ref = parseImageReference(image, 'image');
  const parts = ref.repository.split('/');
  const first = parts[0];
  const hasHost =
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = hasHost ? first : 'docker.io';
  let repository = hasHost ? parts.slice(1).join('/') : ref.repository;
  if (host === 'docker.io' && !repository.includes('/')) {
    repository = `library/${repository}`;
  }
  return {
    host,
    apiHost: host === 'docker.io' ? 'registry-1.docker.io' : host,
    repository,
    reference: ref.digest ?? ref.tag ?? 'latest',
  };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Checks that images exist in their registries through the registry HTTP API
 * v2 (`HEAD /v2/<name>/manifests/<reference>`), with the credentials of the
 * configured registry of the same host: basic auth, or the bearer token flow
 * a registry asks for in `WWW-Authenticate`. Each request has a bounded
 * timeout; nothing is cached.
 */
export class ImageChecker {
  constructor(
    private readonly registries: RegistryConfig,
    private readonly options: { timeoutMs?: number } = {},
  ) {}

  async checkAll(images: string[]): Promise<ImageCheck[]> {
    return Promise.all(images.map(image => this.check(image)));
  }

  async check(image: string): Promise<ImageCheck> {
    let location: ImageLocation;
    try {
      location = locateImage(image);
    } catch (error) {
      return { image, exists: false, message: (error as Error).message };
    }
    const registry = this.registries.forHost(location.host);
    const scheme = registry?.plainHttp ? 'http' : 'https';
    const url = `${scheme}://${location.apiHost}/v2/${location.repository}/manifests/${location.reference}`;
    try {
      let answer = await this.request('HEAD', url, registry, {});
      if (answer.status === 401) {
        const authorization = await this.authorize(
          answer.headers['www-authenticate'],
          registry,
          location,
        );
        if (authorization) {
          answer = await this.request('HEAD', url, registry, {
            authorization,
          });
        }
      }
      if (answer.status === 200) return { image, exists: true };
      if (answer.status === 404) {
        return {
          image,
          exists: false,
          message: `${location.repository}:${location.reference} is not in registry ${location.host}`,
        };
      }
      if (answer.status === 401 || answer.status === 403) {
        return {
          image,
          exists: false,
          message: `registry ${location.host} refused access to ${
            location.repository
          } (HTTP ${answer.status})${
            registry ? '' : '; no registry of berth.registries has this host'
          }`,
        };
      }
      return {
        image,
        exists: false,
        // a registry that is down or overloaded says nothing about the image
        ...((answer.status >= 500 || answer.status === 429) && {
          unverified: true,
        }),
        message: `registry ${location.host} answered HTTP ${answer.status} for ${location.repository}:${location.reference}`,
      };
    } catch (error) {
      return {
        image,
        exists: false,
        unverified: true,
        message: `registry ${location.host} could not be asked: ${
          (error as Error).message
        }`,
      };
    }
  }

  /** The Authorization header for a 401's challenge, when there are credentials or a token to get. */
  private async authorize(
    challenge: string | undefined,
    registry: RegistryEntry | undefined,
    location: ImageLocation,
  ): Promise<string | undefined> {
    const basic = registry?.username
      ? `Basic ${Buffer.from(
          `${registry.username}:${registry.password}`,
        ).toString('base64')}`
      : undefined;
    if (!challenge || /^basic\b/i.test(challenge)) return basic;
    if (!/^bearer\b/i.test(challenge)) return basic;
    const params = parseChallenge(challenge);
    if (!params.realm) return basic;
    const tokenUrl = new URL(params.realm);
    if (params.service) tokenUrl.searchParams.set('service', params.service);
    tokenUrl.searchParams.set(
      'scope',
      params.scope ?? `repository:${location.repository}:pull`,
    );
    const answer = await this.request(
      'GET',
      tokenUrl.toString(),
      registry,
      basic ? { authorization: basic } : {},
    );
    if (answer.status !== 200) {
      throw new Error(
        `its token service ${tokenUrl.host} answered HTTP ${answer.status}`,
      );
    }
    const body = JSON.parse(answer.body) as {
      token?: string;
      access_token?: string;
    };
    const token = body.token ?? body.access_token;
    if (!token) {
      throw new Error(`its token service ${tokenUrl.host} gave no token`);
    }
    return `Bearer ${token}`;
  }

  private request(
    method: 'GET' | 'HEAD',
    url: string,
    registry: RegistryEntry | undefined,
    headers: Record<string, string>,
  ): Promise<Answer> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const target = new URL(url);
    const client = target.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = client.request(
        target,
        {
          method,
          headers: { accept: MANIFEST_TYPES, ...headers },
          rejectUnauthorized: !registry?.insecure,
          timeout: timeoutMs,
        },
        res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', chunk => {
            if (body.length < 64 * 1024) body += chunk;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no answer within ${timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end();
    });
  }
}

/** The parameters of a `Bearer realm="…",service="…",scope="…"` challenge. */
export function parseChallenge(challenge: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /(\w+)="([^"]*)"/g;
  for (const match of challenge.matchAll(pattern)) {
    params[match[1].toLowerCase()] = match[2];
  }
  return params;
}
