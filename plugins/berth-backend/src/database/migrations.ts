import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@berth/plugin-berth-backend',
  'migrations',
);

/** Brings Berth's tables up to the newest migration. */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

/** The newest migration applied, or `none`. */
export async function currentMigration(knex: Knex): Promise<string> {
  return knex.migrate.currentVersion({ directory: migrationsDir });
}
