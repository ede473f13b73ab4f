import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readdirSync } from 'node:fs';
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

/**
 * The version (timestamp prefix) of the newest migration file shipped with the
 * plugin: what `currentMigration` reports once `applyDatabaseMigrations` ran.
 */
export function newestMigrationOnDisk(): string {
  const versions = readdirSync(migrationsDir)
    .filter(file => /^\d{14}_.*\.js$/.test(file))
    .map(file => file.slice(0, 14))
    .sort();
  return versions[versions.length - 1] ?? 'none';
}
