// @ts-check

/**
 * One-off tasks Berth runs at start-up once per database, not at every start:
 * each row marks a task done (sealing the secret values stored in plain text
 * before Berth sealed them, first of all). A replica starting later sees the
 * row and skips the task.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_one_off_tasks', table => {
    table.comment('Start-up tasks that ran to the end, once per database');
    table
      .string('name', 64)
      .primary()
      .comment('The task, e.g. seal-stored-values');
    table
      .text('detail')
      .nullable()
      .comment('What the run depended on (JSON); a change runs the task again');
    table.timestamp('done_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_one_off_tasks');
};
