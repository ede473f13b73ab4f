import { ConflictError } from '@backstage/errors';
import { createBerthTestDatabases } from '../__testUtils__/testDatabases';
import { conflictOnDuplicate, isUniqueViolation } from './uniqueViolation';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())('uniqueViolation on %s', id => {
  async function createTable() {
    const knex = await databases.init(id);
    await knex.schema.createTable('berth_test_names', table => {
      table.string('name').primary();
      table.string('title').notNullable().unique();
    });
    await knex('berth_test_names').insert({ name: 'a', title: 'A' });
    return knex;
  }

  it('tells unique and primary key violations from other failed writes', async () => {
    const knex = await createTable();
    const failure = (row: object) =>
      knex('berth_test_names')
        .insert(row)
        .then(
          () => undefined,
          error => error,
        );
    expect(isUniqueViolation(await failure({ name: 'a', title: 'B' }))).toBe(
      true,
    );
    expect(isUniqueViolation(await failure({ name: 'b', title: 'A' }))).toBe(
      true,
    );
    expect(isUniqueViolation(await failure({ name: 'c' }))).toBe(false);
    expect(isUniqueViolation(new Error('connection refused'))).toBe(false);
  });

  it('turns a unique violation into a ConflictError, and lets other errors and results pass', async () => {
    const knex = await createTable();
    const insert = (row: object) => () => knex('berth_test_names').insert(row);
    await expect(
      conflictOnDuplicate('Name a is taken', insert({ name: 'a', title: 'B' })),
    ).rejects.toEqual(new ConflictError('Name a is taken'));
    await expect(
      conflictOnDuplicate('Name c is taken', insert({ name: 'c' })),
    ).rejects.not.toBeInstanceOf(ConflictError);
    await expect(
      conflictOnDuplicate('Name d is taken', async () => 'written'),
    ).resolves.toBe('written');
  });
});
