// @ts-check

/**
 * Sleep and wake of environments, their schedules, and where copied
 * environments came from.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_sleep', table => {
    table.comment(
      'Environments that sleep: one row from sleep until wake completes',
    );
    table
      .string('environment_id', 36)
      .primary()
      .references('berth_environments.id')
      .onDelete('CASCADE');
    table.string('state', 16).notNullable().comment('asleep or waking');
    table
      .text('workloads')
      .notNullable()
      .comment(
        'JSON: Deployments/StatefulSets with their replicas, CronJobs with whether they were suspended, as sleep found them',
      );
    table.string('actor', 255).notNullable();
    table.timestamp('since', { useTz: true }).notNullable();
    table.text('last_error').nullable().comment('Why the last wake failed');
  });

  await knex.schema.createTable('berth_sleep_schedules', table => {
    table.comment(
      'Cron schedules that put environments to sleep and wake them',
    );
    table
      .string('environment_id', 36)
      .primary()
      .references('berth_environments.id')
      .onDelete('CASCADE');
    table.string('sleep_cron', 255).nullable();
    table.string('wake_cron', 255).nullable();
    table.string('time_zone', 64).notNullable();
    table
      .timestamp('next_sleep_at', { useTz: true })
      .nullable()
      .comment('When the sleep cron fires next; claimed by compare-and-set');
    table.timestamp('next_wake_at', { useTz: true }).nullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['next_sleep_at'], 'berth_sleep_schedules_next_sleep_idx');
    table.index(['next_wake_at'], 'berth_sleep_schedules_next_wake_idx');
  });

  await knex.schema.createTable('berth_environment_copies', table => {
    table.comment('Environments created as copies of another');
    table
      .string('environment_id', 36)
      .primary()
      .references('berth_environments.id')
      .onDelete('CASCADE');
    table
      .string('source_id', 36)
      .notNullable()
      .comment('The source environment (it may since be deleted)');
    table.string('source_name', 63).notNullable();
    table
      .text('services')
      .notNullable()
      .comment('JSON: per service, the revision and images pinned');
    table.string('copied_by', 255).notNullable();
    table.timestamp('copied_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_environment_copies');
  await knex.schema.dropTable('berth_sleep_schedules');
  await knex.schema.dropTable('berth_sleep');
};
