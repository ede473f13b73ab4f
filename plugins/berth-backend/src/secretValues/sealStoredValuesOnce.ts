import { Knex } from 'knex';
import { SealedRows, sealStoredValues } from './sealStoredValues';
import { SecretValues } from './SecretValues';

const TASK = 'seal-stored-values';
const TABLE = 'berth_one_off_tasks';

/**
 * Runs {@link sealStoredValues} once per database rather than at every start:
 * a row of `berth_one_off_tasks` marks it done, with the key patterns it used.
 * Since the sealing, Berth stores no secret value in plain text, so only a
 * new pattern (a value stored in plain text under a key that was not secret
 * then) runs it again. Answers `skipped` when the marker was there.
 */
export async function sealStoredValuesOnce(
  knex: Knex,
  secrets: SecretValues,
): Promise<SealedRows | 'skipped'> {
  const patterns = [...new Set(secrets.patterns)].sort();
  const marker = await knex(TABLE).where({ name: TASK }).first('detail');
  if (marker) {
    const done = JSON.parse(marker.detail ?? '{}') as { patterns?: string[] };
    if (patterns.every(p => done.patterns?.includes(p))) return 'skipped';
  }
  const sealed = await sealStoredValues(knex, secrets);
  await knex(TABLE)
    .insert({
      name: TASK,
      detail: JSON.stringify({ patterns }),
      done_at: new Date(),
    })
    .onConflict('name')
    .merge();
  return sealed;
}
