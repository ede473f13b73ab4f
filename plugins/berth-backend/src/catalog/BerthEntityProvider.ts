import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { BerthCluster, BerthEnvironment } from '@berth/plugin-berth-common';
import { toCatalogEntities } from './toCatalogEntities';

/**
 * Puts Berth's environments (and the clusters they run on) in the catalog,
 * read from Berth's API with the catalog's own service credentials.
 */
export class BerthEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  getProviderName(): string {
    return 'berth-environments';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  /** Replaces the provider's entities with what Berth has now. */
  async refresh(): Promise<number> {
    if (!this.connection)
      throw new Error('BerthEntityProvider is not connected');
    const [environments, clusters] = await Promise.all([
      this.get<BerthEnvironment & { ownerRef?: string }>('/environments'),
      this.get<BerthCluster>('/clusters'),
    ]);
    const entities = toCatalogEntities(environments, clusters);
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    return entities.length;
  }

  private async get<T>(path: string): Promise<T[]> {
    const baseUrl = await this.deps.discovery.getBaseUrl('berth');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'berth',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return ((await response.json()) as { items: T[] }).items;
  }
}
