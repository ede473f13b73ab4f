import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';

/** The first row of `table` that matches `where` as a record; undefined when none does. */
export async function findRecord<Row, T>(
  db: Knex,
  table: string,
  where: Record<string, unknown>,
  toRecord: (row: Row) => T,
): Promise<T | undefined> {
  const row: Row | undefined = await db(table).where(where).first();
  return row ? toRecord(row) : undefined;
}

/**
 * The row of `table` with the id `id` as a record; a NotFoundError
 * (`No <what> with id '<id>'`) when there is none.
 */
export async function getRecordById<Row, T>(
  db: Knex,
  table: string,
  what: string,
  id: string,
  toRecord: (row: Row) => T,
): Promise<T> {
  const record = await findRecord(db, table, { id }, toRecord);
  if (record === undefined) {
    throw new NotFoundError(`No ${what} with id '${id}'`);
  }
  return record;
}
