import { ResponseError } from '@backstage/errors';

/** The methods of the requests BerthClient sends with a JSON body. */
export type BodyMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The waits before a failed GET is sent again. */
const NETWORK_RETRY_DELAYS_MS = [300, 1_000];

/**
 * The TypeError fetch throws when no answer came (an abort is a DOMException
 * named AbortError). By name: a fetch of another realm throws its own
 * TypeError.
 */
function isNetworkError(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'TypeError';
}

/**
 * The one place BerthClient's requests go through: the plugin's base URL
 * from discovery, the authenticated fetch, a `ResponseError` for every answer
 * that is not OK, and JSON (or nothing, for a 204) back.
 */
export class BerthRequests {
  constructor(
    private readonly discovery: {
      getBaseUrl(pluginId: string): Promise<string>;
    },
    private readonly fetchApi: { fetch: typeof fetch },
  ) {}

  /** GET of a JSON answer. */
  get<T>(path: string): Promise<T> {
    return this.json<T>(path);
  }

  /** GET of a list answer, `{ items }`: the items. */
  async list<T>(path: string): Promise<T[]> {
    return (await this.json<{ items: T[] }>(path)).items;
  }

  /** A request with a JSON body (none for a DELETE without one). */
  send<T>(method: BodyMethod, path: string, body?: unknown): Promise<T> {
    if (body === undefined) return this.json<T>(path, { method });
    return this.json<T>(path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** A request whose answer is JSON; a 204 (or an empty body) is undefined. */
  async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    // A 204 has no body; a 202 carries the operation it started.
    const text = response.status === 204 ? '' : await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The absolute URL of `path` (for clients that cannot use the fetch, e.g. an EventSource). */
  async url(path: string): Promise<string> {
    return `${await this.discovery.getBaseUrl('berth')}${path}`;
  }

  /**
   * The raw answer; throws a `ResponseError` when it is not OK. A GET that
   * fails before any answer (the browser's "Failed to fetch": a dropped
   * keep-alive connection, a backend busy restarting) is sent again, twice at
   * most; requests that change something never are.
   */
  async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discovery.getBaseUrl('berth');
    const url = `${baseUrl}${path}`;
    const idempotent = (init?.method ?? 'GET').toUpperCase() === 'GET';
    let response: Response;
    for (let attempt = 0; ; attempt++) {
      try {
        response = await this.fetchApi.fetch(url, init);
        break;
      } catch (error) {
        const retry =
          idempotent &&
          attempt < NETWORK_RETRY_DELAYS_MS.length &&
          isNetworkError(error) &&
          !init?.signal?.aborted;
        if (!retry) throw error;
        await new Promise(r => setTimeout(r, NETWORK_RETRY_DELAYS_MS[attempt]));
      }
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
