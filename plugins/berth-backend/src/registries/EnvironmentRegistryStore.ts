import { Knex } from 'knex';

const TABLE = 'berth_environment_registries';

/** Each environment's own image registry, when it overrides its cluster's. */
export class EnvironmentRegistryStore {
  constructor(private readonly knex: Knex) {}

  async get(environmentId: string): Promise<string | undefined> {
    const row = await this.knex(TABLE)
      .where({ environment_id: environmentId })
      .first();
    return row?.registry ?? undefined;
  }

  /** Sets the override, or clears it with `undefined`. */
  async set(environmentId: string, registry: string | undefined) {
    await this.knex.transaction(async tx => {
      await tx(TABLE).where({ environment_id: environmentId }).delete();
      if (registry) {
        await tx(TABLE).insert({ environment_id: environmentId, registry });
      }
    });
  }
}
