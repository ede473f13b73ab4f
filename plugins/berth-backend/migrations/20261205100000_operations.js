// @ts-check

/**
 * Operations: every long-running action, persisted so that any replica can
 * run it, resume it after a crash and take it over when a lease expires.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_operations', table => {
    table.comment(
      'Long-running actions (deploy, copy, rollback, sleep, wake, delete, values sync), claimed by one replica at a time',
    );
    table
      .increments('seq')
      .comment('Queue order: replicas claim the lowest queued seq first');
    table.string('id', 36).notNullable().unique();
    table.string('kind', 32).notNullable();
    table.string('title', 255).notNullable();
    table.string('project_ref', 255).notNullable();
    table
      .string('environment_id', 36)
      .nullable()
      .comment('No foreign key: a delete operation outlives its environment');
    table
      .string('lock_key', 255)
      .nullable()
      .comment(
        'At most one running operation per key (environment:<id>, project:<ref>)',
      );
    table.text('spec').notNullable().comment('JSON: what to do');
    table.string('actor', 255).notNullable();
    table.string('actor_type', 16).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('queued, running, succeeded, failed, cancelled');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.string('lease_owner', 255).nullable();
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.boolean('cancel_requested').notNullable().defaultTo(false);
    table.string('cancelled_by', 255).nullable();
    table.text('message').nullable().comment('The outcome, or why it failed');
    table.index(['status', 'seq'], 'berth_operations_status_seq_idx');
    table.index(['environment_id', 'seq'], 'berth_operations_environment_idx');
    table.index(['project_ref', 'seq'], 'berth_operations_project_idx');
  });
  // The lock: two replicas racing to start two operations of one environment
  // cannot both succeed, whatever the isolation level.
  await knex.raw(
    `CREATE UNIQUE INDEX berth_operations_one_running_per_lock ON berth_operations (lock_key) WHERE status = 'running'`,
  );

  await knex.schema.createTable('berth_operation_steps', table => {
    table.comment('Checkpointed steps of operations');
    table
      .string('operation_id', 36)
      .notNullable()
      .references('berth_operations.id')
      .onDelete('CASCADE');
    table.string('key', 255).notNullable();
    table.integer('position').notNullable().comment('Display order');
    table.string('title', 255).notNullable();
    table.string('parent', 255).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('pending, running, succeeded, failed, skipped');
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('message').nullable();
    table
      .text('output')
      .nullable()
      .comment('JSON the step saved, returned again when it is skipped');
    table.primary(['operation_id', 'key']);
  });

  await knex.schema.createTable('berth_operation_events', table => {
    table.comment('Append-only event log of operations');
    table.increments('seq');
    table
      .string('operation_id', 36)
      .notNullable()
      .references('berth_operations.id')
      .onDelete('CASCADE');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('level', 8).notNullable();
    table.text('message').notNullable();
    table.string('step', 255).nullable();
    table.index(['operation_id', 'seq'], 'berth_operation_events_op_idx');
  });

  await knex.schema.alterTable('berth_deployments', table => {
    table
      .string('operation_id', 36)
      .nullable()
      .comment('The operation that made this record');
    table.index(['operation_id'], 'berth_deployments_operation_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('berth_deployments', table => {
    table.dropIndex(['operation_id'], 'berth_deployments_operation_idx');
    table.dropColumn('operation_id');
  });
  await knex.schema.dropTable('berth_operation_events');
  await knex.schema.dropTable('berth_operation_steps');
  await knex.schema.dropTable('berth_operations');
};
