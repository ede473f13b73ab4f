import { ResponseError } from '@backstage/errors';
import { BerthHealth } from '../types';

/**
 * Finds the base URL of a backend plugin. Structurally the same as the
 * frontend `DiscoveryApi` and the backend `DiscoveryService`.
 *
 * @public
 */
export interface BerthDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * Performs authenticated requests. Structurally the same as the frontend `FetchApi`.
 *
 * @public
 */
export interface BerthFetch {
  fetch: typeof fetch;
}

/**
 * Berth's REST API, as the frontend and other plugins use it.
 *
 * @public
 */
export interface BerthApi {
  /** The state of Berth's database and the clusters it knows. */
  getHealth(): Promise<BerthHealth>;
}

/**
 * A typed client for the Berth backend's REST API.
 *
 * @public
 */
export class BerthClient implements BerthApi {
  private readonly discovery: BerthDiscovery;
  private readonly fetchApi: BerthFetch;

  constructor(options: { discoveryApi: BerthDiscovery; fetchApi: BerthFetch }) {
    this.discovery = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<BerthHealth> {
    return this.request<BerthHealth>('/health');
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl('berth');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
