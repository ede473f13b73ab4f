import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { BerthService } from '@berth/plugin-berth-node';
import { toCatalogEntities } from './toCatalogEntities';

/**
 * Puts Berth's environments (and the clusters they run on) in the catalog,
 * read through the Berth service (`berthServiceRef`) with the catalog's own
 * service credentials.
 */
export class BerthEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly deps: {
      berth: BerthService;
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
      this.deps.berth.listEnvironments(),
      this.deps.berth.listClusters(),
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
}
