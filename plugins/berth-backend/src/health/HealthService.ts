import { BerthCluster, BerthHealth } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { currentMigration } from '../database/migrations';
import { EnvironmentStore } from '../database/EnvironmentStore';

/** Answers whether Berth's dependencies work, and which clusters it knows. */
export class HealthService {
  constructor(
    private readonly deps: {
      knex: Knex;
      environments: EnvironmentStore;
      clusters: () => BerthCluster[];
    },
  ) {}

  async check(): Promise<BerthHealth> {
    const database = await this.checkDatabase();
    return {
      status: database.status === 'ok' ? 'ok' : 'degraded',
      database,
      clusters: this.deps.clusters(),
    };
  }

  private async checkDatabase(): Promise<BerthHealth['database']> {
    const client = String(this.deps.knex.client.config.client);
    try {
      const [migration, environments] = await Promise.all([
        currentMigration(this.deps.knex),
        this.deps.environments.count(),
      ]);
      return { status: 'ok', client, migration, environments };
    } catch (error) {
      return { status: 'error', client, error: String(error) };
    }
  }
}
