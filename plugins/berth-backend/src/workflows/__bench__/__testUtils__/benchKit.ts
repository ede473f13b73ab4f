import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { BerthJobType } from '@berth/plugin-berth-node';
import { applyDatabaseMigrations } from '../../../database/migrations';
import {
  createWorkflowRuntime,
  WorkflowRuntime,
} from '../../engine/createWorkflowRuntime';
import { readWorkflowEngineConfig } from '../../engine/readWorkflowEngineConfig';
import { DatabaseJobLogs } from '../../logs';

// What the workflow benches share: a PostgreSQL database of their own (made
// anew, migrated), a second pool on it (a replica of its own), an engine with
// the bench's job type, percentiles.

/** Creates the database `name` anew on the bench's PostgreSQL and migrates it. */
export async function database(name: string): Promise<Knex> {
  const url = process.env.BERTH_TEST_POSTGRES_CONNECTION_STRING;
  if (!url)
    throw new Error(
      'BERTH_TEST_POSTGRES_CONNECTION_STRING is not set: run bench/workflows/run.sh',
    );
  const admin = knexFactory({ client: 'pg', connection: url });
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const knex = knexFactory({
    client: 'pg',
    connection: u.toString(),
    pool: { min: 0, max: 20 },
  });
  await applyDatabaseMigrations(knex);
  return knex;
}

/** A second connection pool to the bench database (a replica of its own). */
export function secondPool(knex: Knex): Knex {
  return knexFactory({
    client: 'pg',
    connection: knex.client.config.connection,
    pool: { min: 0, max: 5 },
  });
}

/** The value below which `p` percent of `values` lie. */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
};

/** A workflow engine and service on `knex` whose only job type is `bench`; `global` runs at once at most. */
export function runtime(
  knex: Knex,
  jobType: BerthJobType,
  global = 200,
): WorkflowRuntime {
  return createWorkflowRuntime({
    knex,
    config: readWorkflowEngineConfig(
      new ConfigReader({
        berth: { workflows: { engine: { maxRunningRuns: global } } },
      }),
    ),
    jobTypes: new Map([['bench', jobType]]),
    logs: new DatabaseJobLogs({ knex }),
    resolveEnvironment: async () => undefined,
    logger: mockServices.logger.mock(),
  });
}
