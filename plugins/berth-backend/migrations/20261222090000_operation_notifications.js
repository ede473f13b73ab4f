// @ts-check

/**
 * What operations notified, one row per operation and event (failed,
 * deployed to production, put to sleep by its schedule, tracked values
 * changed), claimed before the notification is sent: an operation ended
 * twice (a cancel racing its end, a replica taking over) does not notify
 * twice. No foreign key: operations are the engine's table.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_operation_notifications', table => {
    table.comment(
      'Notifications sent for operations, once per operation and event',
    );
    table
      .string('key', 255)
      .primary()
      .comment('The event, e.g. failed:<operationId>');
    table.string('operation_id', 36).notNullable();
    table.string('event', 40).notNullable();
    table.timestamp('sent_at', { useTz: true, precision: 3 }).notNullable();
    table.index(['operation_id'], 'berth_operation_notifications_op_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_operation_notifications');
};
