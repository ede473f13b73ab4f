import { NotFoundError } from '@backstage/errors';
import { createBerthTestDatabases } from '../__testUtils__/testDatabases';
import { findRecord, getRecordById } from './recordLookups';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

interface ThingRow {
  id: string;
  owner_ref: string;
}

const toThing = (row: ThingRow) => ({ id: row.id, ownerRef: row.owner_ref });

describe.each(databases.eachSupportedId())('recordLookups on %s', id => {
  async function createTable() {
    const knex = await databases.init(id);
    await knex.schema.createTable('berth_test_things', table => {
      table.string('id').primary();
      table.string('owner_ref').notNullable();
    });
    await knex('berth_test_things').insert([
      { id: 'a', owner_ref: 'group:default/team-a' },
      { id: 'b', owner_ref: 'group:default/team-b' },
    ]);
    return knex;
  }

  it('finds the row that matches as a record, undefined when none does', async () => {
    const knex = await createTable();
    await expect(
      findRecord(
        knex,
        'berth_test_things',
        { owner_ref: 'group:default/team-b' },
        toThing,
      ),
    ).resolves.toEqual({ id: 'b', ownerRef: 'group:default/team-b' });
    await expect(
      findRecord(knex, 'berth_test_things', { owner_ref: 'nobody' }, toThing),
    ).resolves.toBeUndefined();
  });

  it('gets a record by id, NotFoundError naming what and the id when there is none', async () => {
    const knex = await createTable();
    await expect(
      getRecordById(knex, 'berth_test_things', 'thing', 'a', toThing),
    ).resolves.toEqual({ id: 'a', ownerRef: 'group:default/team-a' });
    const missing = getRecordById(
      knex,
      'berth_test_things',
      'thing',
      'x',
      toThing,
    );
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toThrow("No thing with id 'x'");
  });
});
