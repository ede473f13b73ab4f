// @ts-check

/**
 * What workflow runs notified, one row per run and event (a run finished at
 * a given time, an approval requested), claimed before the notification is
 * sent: a replica taking a run over, or an engine telling an event twice,
 * does not notify twice. No foreign keys: runs are another owner's table;
 * rows go with their run (`deleteRuns`) or after the logs' retention.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_workflow_notifications', table => {
    table.comment(
      'Notifications sent for workflow runs, once per run and event',
    );
    table
      .string('key', 255)
      .primary()
      .comment('The event, e.g. run-finished:<runId>:<finishedAt>');
    table.string('run_id', 36).notNullable();
    table.string('event', 40).notNullable();
    table.timestamp('sent_at', { useTz: true, precision: 3 }).notNullable();
    table.index(['run_id'], 'berth_workflow_notifications_run_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_workflow_notifications');
};
