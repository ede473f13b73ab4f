import knexFactory from 'knex';

/** Set by the integration step of `./berth test` (and by bench/operations). */
export const POSTGRES_ENV = 'BERTH_TEST_POSTGRES_CONNECTION_STRING';

/**
 * The PostgreSQL server of this run, as a connection string to its
 * maintenance database. Fails with a clear message when none was given.
 */
export function testPostgres(): string {
  const connection = process.env[POSTGRES_ENV];
  if (!connection) {
    throw new Error(
      `${POSTGRES_ENV} is not set: run the crash tests through './berth test --only integration' (which starts PostgreSQL), or point it at a PostgreSQL server whose user may create databases`,
    );
  }
  return connection;
}

/** Drops every database whose name starts with `prefix` (the backends must be stopped). */
export async function dropDatabases(
  connection: string,
  prefix: string,
): Promise<string[]> {
  const knex = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: 1 },
  });
  try {
    const { rows } = await knex.raw<{ rows: Array<{ datname: string }> }>(
      `SELECT datname FROM pg_database WHERE datname LIKE ?`,
      [`${prefix.replace(/_/g, '\\_')}%`],
    );
    for (const { datname } of rows) {
      await knex.raw(`DROP DATABASE IF EXISTS ?? WITH (FORCE)`, [datname]);
    }
    return rows.map(r => r.datname);
  } finally {
    await knex.destroy();
  }
}
