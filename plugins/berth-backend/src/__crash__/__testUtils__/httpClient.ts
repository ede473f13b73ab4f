/** An answer of the backend: the status and the parsed JSON body (or text). */
export interface HttpAnswer<T = any> {
  status: number;
  body: T;
}

/** Requests to one backend, with a bearer token. */
export interface HttpClient {
  get<T = any>(path: string): Promise<HttpAnswer<T>>;
  post<T = any>(path: string, body?: unknown): Promise<HttpAnswer<T>>;
  put<T = any>(path: string, body?: unknown): Promise<HttpAnswer<T>>;
  delete<T = any>(path: string): Promise<HttpAnswer<T>>;
}

/**
 * A client for `baseUrl` (e.g. http://127.0.0.1:7007/api/berth): paths are
 * appended to it. A refused connection rejects; every HTTP status resolves.
 */
export function httpClient(
  baseUrl: () => string,
  token: string,
  timeoutMs = 60_000,
): HttpClient {
  async function send(method: string, path: string, body?: unknown) {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as any };
  }
  return {
    get: path => send('GET', path),
    post: (path, body) => send('POST', path, body ?? {}),
    put: (path, body) => send('PUT', path, body ?? {}),
    delete: path => send('DELETE', path),
  };
}
