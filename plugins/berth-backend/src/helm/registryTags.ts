import { InputError, NotFoundError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { OutboundGuard, OutboundResponse } from '../outbound';
import { BasicAuth, basicAuthHeader } from './basicAuth';

/** The parameters of a `WWW-Authenticate: Bearer realm=...,service=...,scope=...` challenge. */
export function parseBearerChallenge(
  header: string | string[] | null | undefined,
): Record<string, string> | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text || !/^Bearer\s/i.test(text)) return undefined;
  const params: Record<string, string> = {};
  for (const m of text.slice(7).matchAll(/(\w+)="([^"]*)"/g)) {
    params[m[1]] = m[2];
  }
  return params.realm ? params : undefined;
}

/** The media type of a Helm chart's layer in an OCI manifest. */
const CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/**
 * One repository of an OCI registry through the registry HTTP API v2, every
 * request through the outbound guard: basic auth, or the token flow (a 401
 * with a Bearer challenge: a token from the realm, with the credentials when
 * there are any) as ghcr.io, Docker Hub, Harbor and distribution with token
 * auth use. The realm is checked like any other destination.
 */
export class RegistryClient {
  private token?: string;
  private readonly host: string;

  constructor(
    private readonly options: {
      guard: OutboundGuard;
      /** `http(s)://host[:port]` */
      baseUrl: string;
      repository: string;
      auth?: BasicAuth;
      timeoutMs: number;
    },
  ) {
    this.host = new URL(options.baseUrl).host;
  }

  private headers(accept?: string): Record<string, string> {
    return {
      ...(accept && { accept }),
      ...(this.token
        ? { authorization: `Bearer ${this.token}` }
        : basicAuthHeader(this.options.auth)),
    };
  }

  private async send(
    path: string,
    accept: string | undefined,
    maxBytes: number,
  ): Promise<OutboundResponse> {
    const { guard, baseUrl, repository, timeoutMs } = this.options;
    const url = `${baseUrl}/v2/${repository}/${path}`;
    const ask = () =>
      guard.request(url, {
        what: 'OCI registry',
        name: host => `OCI registry ${host}`,
        timeoutMs,
        maxBytes,
        headers: this.headers(accept),
      });
    let response = await ask();
    if (response.status === 401 && !this.token) {
      const challenge = parseBearerChallenge(
        response.headers['www-authenticate'],
      );
      if (challenge) {
        this.token = await this.fetchToken(challenge);
        response = await ask();
      }
    }
    return response;
  }

  private async fetchToken(challenge: Record<string, string>): Promise<string> {
    const { guard, repository, auth, timeoutMs } = this.options;
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      throw new InputError(
        `OCI registry ${this.host} names a token service that is not a URL: '${challenge.realm}'`,
      );
    }
    if (realm.protocol !== 'https:' && realm.host !== this.host) {
      throw new InputError(
        `OCI registry ${this.host} sends to a token service over plain HTTP on another host (${realm.host}); refused`,
      );
    }
    if (challenge.service) realm.searchParams.set('service', challenge.service);
    realm.searchParams.set(
      'scope',
      challenge.scope ?? `repository:${repository}:pull`,
    );
    const body = await guard.get(realm.toString(), {
      what: 'OCI registry token service',
      timeoutMs,
      maxBytes: 1024 * 1024,
      headers: basicAuthHeader(auth),
    });
    let parsed: { token?: string; access_token?: string } = {};
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      // reported below
    }
    const token = parsed.token ?? parsed.access_token;
    if (!token) {
      throw new InputError(
        `OCI registry token service ${realm.host} answered without a token`,
      );
    }
    return token;
  }

  private refused(response: OutboundResponse, what: string): Error | undefined {
    if (response.status === 401 || response.status === 403) {
      return new InputError(
        `OCI registry ${this.host} refused access to ${what}; check the credentials configured for it (berth.helm.registries)`,
      );
    }
    return undefined;
  }

  /** The tags of the repository. */
  async tags(): Promise<string[]> {
    const response = await this.send('tags/list', undefined, 4 * 1024 * 1024);
    const ref = `oci://${this.host}/${this.options.repository}`;
    const refused = this.refused(response, ref);
    if (refused) throw refused;
    if (response.status === 404) {
      throw new NotFoundError(`OCI registry ${this.host} has no ${ref}`);
    }
    if (response.status !== 200) {
      throw new InputError(
        `OCI registry ${this.host} answered HTTP ${response.status} for the tags of ${ref}`,
      );
    }
    const tags = JSON.parse(response.body.toString('utf8')).tags;
    return Array.isArray(tags) ? tags.map(String) : [];
  }

  /**
   * Pulls a chart the way `helm pull` does: its manifest, then the chart
   * layer, checked against the manifest's digest and `maxBytes`.
   */
  async pullChart(version: string, maxBytes: number): Promise<Buffer> {
    const ref = `oci://${this.host}/${this.options.repository}`;
    const notFound = () =>
      new NotFoundError(
        `OCI registry ${this.host} has no chart ${ref} at version ${version}`,
      );
    // OCI tags cannot hold '+': helm pushes 1.0.0+b as 1.0.0_b.
    const tag = version.replace(/\+/g, '_');
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) {
      throw new InputError(`'${version}' is not a chart version`);
    }
    const manifestResponse = await this.send(
      `manifests/${tag}`,
      MANIFEST,
      4 * 1024 * 1024,
    );
    const refused = this.refused(manifestResponse, ref);
    if (refused) throw refused;
    if (manifestResponse.status === 404) throw notFound();
    if (manifestResponse.status !== 200) {
      throw new InputError(
        `OCI registry ${this.host} answered HTTP ${manifestResponse.status} for ${ref}:${tag}`,
      );
    }
    let layers: Array<{ mediaType?: string; digest?: string; size?: number }>;
    try {
      layers = JSON.parse(manifestResponse.body.toString('utf8')).layers ?? [];
    } catch {
      throw new InputError(`${ref}:${tag} has a manifest that is not JSON`);
    }
    const layer = layers.find(l => l.mediaType === CHART_LAYER);
    if (!layer?.digest || !/^sha256:[a-f0-9]{64}$/.test(layer.digest)) {
      throw new InputError(
        `${ref}:${tag} is not a Helm chart (no chart layer)`,
      );
    }
    if (typeof layer.size === 'number' && layer.size > maxBytes) {
      throw new InputError(
        `Chart ${ref}:${version} is ${layer.size} bytes, more than the limit of ${maxBytes}`,
      );
    }
    const blob = await this.send(`blobs/${layer.digest}`, undefined, maxBytes);
    const blobRefused = this.refused(blob, ref);
    if (blobRefused) throw blobRefused;
    if (blob.status === 404) throw notFound();
    if (blob.status !== 200) {
      throw new InputError(
        `OCI registry ${this.host} answered HTTP ${blob.status} for the chart layer of ${ref}:${tag}`,
      );
    }
    const digest = `sha256:${createHash('sha256')
      .update(blob.body)
      .digest('hex')}`;
    if (digest !== layer.digest) {
      throw new InputError(
        `The chart layer of ${ref}:${tag} does not match its digest in the manifest`,
      );
    }
    return blob.body;
  }
}

/** The tags of a repository (see RegistryClient). */
export function listRegistryTags(input: {
  guard: OutboundGuard;
  baseUrl: string;
  repository: string;
  auth?: BasicAuth;
  timeoutMs: number;
}): Promise<string[]> {
  return new RegistryClient(input).tags();
}
