import { createBerthTestDatabases } from '../__testUtils__/testDatabases';
import { lockUntilCommit, nextSequence } from './transactionLock';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())('transactionLock on %s', id => {
  async function createTable() {
    const knex = await databases.init(id);
    await knex.schema.createTable('berth_test_sequences', table => {
      table.string('key').notNullable();
      table.integer('sequence').notNullable();
    });
    return knex;
  }

  it('takes the sequence after the largest of the key, 1 for a new key', async () => {
    const knex = await createTable();
    await knex('berth_test_sequences').insert([
      { key: 'a', sequence: 1 },
      { key: 'a', sequence: 7 },
      { key: 'b', sequence: 3 },
    ]);
    const next = await knex.transaction(async tx => ({
      a: await nextSequence(tx, 'berth_test_sequences', { key: 'a' }),
      c: await nextSequence(tx, 'berth_test_sequences', { key: 'c' }),
    }));
    expect(next).toEqual({ a: 8, c: 1 });
  });

  it('lets the transaction that holds the lock write the key', async () => {
    const knex = await createTable();
    await knex.transaction(async tx => {
      await lockUntilCommit(tx, 'berth-test:a');
      const sequence = await nextSequence(tx, 'berth_test_sequences', {
        key: 'a',
      });
      await tx('berth_test_sequences').insert({ key: 'a', sequence });
    });
    expect(await knex('berth_test_sequences').select('sequence')).toEqual([
      { sequence: 1 },
    ]);
  });
});

describe('transactionLock on POSTGRES_15', () => {
  it('holds an advisory lock until the transaction ends: a second writer of the key waits', async () => {
    const knex = await databases.init('POSTGRES_15');
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>(r => (releaseFirst = r));
    let firstLocked!: () => void;
    const firstHasLock = new Promise<void>(r => (firstLocked = r));
    const first = knex.transaction(async tx => {
      await lockUntilCommit(tx, 'berth-test:a');
      const held = await tx.raw(
        "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
      );
      expect(Number(held.rows[0].n)).toBe(1);
      firstLocked();
      await firstMayCommit;
      order.push('first');
    });
    await firstHasLock;
    const second = knex.transaction(async tx => {
      await lockUntilCommit(tx, 'berth-test:a');
      order.push('second');
    });
    await new Promise(r => setTimeout(r, 200));
    expect(order).toEqual([]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});
