import { TestDatabases } from '@backstage/backend-test-utils';
import { applyDatabaseMigrations } from '../database/migrations';

const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The databases every database suite runs on: SQLite and a real PostgreSQL.
 * `./berth test` starts the PostgreSQL server and sets the connection string;
 * without it the suite fails rather than quietly testing SQLite alone.
 */
export function createBerthTestDatabases(): TestDatabases {
  if (!process.env[POSTGRES_ENV]) {
    throw new Error(
      `${POSTGRES_ENV} is not set: run the database suite through './berth test' (which starts PostgreSQL), or point it at a PostgreSQL 15 server`,
    );
  }
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
}

/** A fresh database of the given kind with Berth's migrations applied. */
export async function migratedDatabase(
  databases: TestDatabases,
  id: Parameters<TestDatabases['init']>[0],
) {
  const knex = await databases.init(id);
  await applyDatabaseMigrations(knex);
  return knex;
}
