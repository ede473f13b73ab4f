import { TestDatabases } from '@backstage/backend-test-utils';

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
