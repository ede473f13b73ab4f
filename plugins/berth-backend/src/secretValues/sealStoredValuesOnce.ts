import { Knex } from 'knex';
import { SealedRows, sealStoredValues } from './sealStoredValues';
import { SecretValues } from './SecretValues';

const TASK = 'move-secret-values-to-kubernetes';
const TABLE = 'berth_one_off_tasks';

/**
 * Runs {@link sealStoredValues} once per database rather than at every start:
 * a row of `berth_one_off_tasks` marks it done, with the key patterns it used
 * (and whether the key to open sealed tokens was there). Since the move,
 * Berth stores no secret value in its database, so only a new pattern (a
 * value stored in plain text under a key that was not secret then), or a
 * key configured after a run without one, runs it again. Answers `skipped`
 * when the marker was there.
 */
export async function sealStoredValuesOnce(
  knex: Knex,
  secrets: SecretValues,
): Promise<SealedRows | 'skipped'> {
  const patterns = [...new Set(secrets.patterns)].sort();
  const opened = secrets.cipher.configured;
  const marker = await knex(TABLE).where({ name: TASK }).first('detail');
  if (marker) {
    const done = JSON.parse(marker.detail ?? '{}') as {
      patterns?: string[];
      opened?: boolean;
    };
    if (
      patterns.every(p => done.patterns?.includes(p)) &&
      (done.opened || !opened)
    ) {
      return 'skipped';
    }
  }
  const sealed = await sealStoredValues(knex, secrets);
  await knex(TABLE)
    .insert({
      name: TASK,
      detail: JSON.stringify({ patterns, opened }),
      done_at: new Date(),
    })
    .onConflict('name')
    .merge();
  return sealed;
}
