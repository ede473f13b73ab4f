import { Knex } from 'knex';

/**
 * Holds a lock on `key` until the transaction ends, so that writers of one
 * key (e.g. those taking the next sequence of a run) go one at a time: an
 * advisory lock on PostgreSQL; SQLite has a single writer already.
 */
export async function lockUntilCommit(
  tx: Knex.Transaction,
  key: string,
): Promise<void> {
  if (tx.client.config.client !== 'pg') return;
  await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [key]);
}

/**
 * The sequence after the largest `column` of the rows of `table` that match
 * `where` (1 when there are none). Take it under {@link lockUntilCommit}.
 */
export async function nextSequence(
  tx: Knex.Transaction,
  table: string,
  where: Record<string, unknown>,
  column = 'sequence',
): Promise<number> {
  const row = await tx(table).where(where).max({ max: column }).first();
  return Number(row?.max ?? 0) + 1;
}
