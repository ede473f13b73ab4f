import { InputError } from '@backstage/errors';
import { BasicAuth, basicAuthHeader, fetchLimited } from './fetchLimited';

function hostOf(url: string) {
  return new URL(url).host;
}

/** The parameters of a `WWW-Authenticate: Bearer realm=...,service=...,scope=...` challenge. */
export function parseBearerChallenge(
  header: string | null,
): Record<string, string> | undefined {
  if (!header || !/^Bearer\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) {
    params[m[1]] = m[2];
  }
  return params.realm ? params : undefined;
}

/**
 * The tags of a repository through the registry HTTP API v2, with basic
 * auth or the token flow (a 401 with a Bearer challenge: a token from the
 * realm, with the credentials when there are any), as ghcr.io, Docker Hub,
 * Harbor and distribution with token auth use.
 */
export async function listRegistryTags(input: {
  baseUrl: string;
  repository: string;
  auth?: BasicAuth;
  timeoutMs: number;
}): Promise<string[]> {
  const { baseUrl, repository, auth, timeoutMs } = input;
  const url = `${baseUrl}/v2/${repository}/tags/list`;
  const what = 'OCI registry';
  const first = await fetch(url, {
    headers: basicAuthHeader(auth),
    signal: AbortSignal.timeout(timeoutMs),
  }).catch(() => undefined);
  let headers = basicAuthHeader(auth);
  if (first?.status === 401) {
    const challenge = parseBearerChallenge(
      first.headers.get('www-authenticate'),
    );
    await first.body?.cancel();
    if (challenge) {
      const realm = new URL(challenge.realm);
      if (realm.protocol !== 'https:' && realm.host !== hostOf(baseUrl)) {
        throw new InputError(
          `${what} at ${hostOf(
            baseUrl,
          )} sends to a token service over plain HTTP on another host (${
            realm.host
          }); refused`,
        );
      }
      if (challenge.service)
        realm.searchParams.set('service', challenge.service);
      realm.searchParams.set(
        'scope',
        challenge.scope ?? `repository:${repository}:pull`,
      );
      const body = await fetchLimited(realm.toString(), {
        what: 'OCI registry token service',
        timeoutMs,
        maxBytes: 1024 * 1024,
        headers: basicAuthHeader(auth),
      });
      const { token, access_token: accessToken } = JSON.parse(
        body.toString('utf8'),
      );
      if (!token && !accessToken) {
        throw new InputError(
          `${what} token service ${realm.host} answered without a token`,
        );
      }
      headers = { authorization: `Bearer ${token ?? accessToken}` };
    }
  } else {
    await first?.body?.cancel();
  }
  const body = await fetchLimited(url, {
    what,
    timeoutMs,
    maxBytes: 4 * 1024 * 1024,
    headers,
  });
  const tags = JSON.parse(body.toString('utf8')).tags;
  return Array.isArray(tags) ? tags.map(String) : [];
}
