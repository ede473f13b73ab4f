// @ts-check

/**
 * Sandbox traffic (issue #15): per sandbox, the Services that requests
 * carrying its routing key last reached, as the base cluster's traffic
 * source saw them; a row per Service, only the newest request kept.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_sandbox_traffic', table => {
    table.comment('Services last reached with a sandbox routing key');
    table
      .string('sandbox_id', 36)
      .notNullable()
      .references('id')
      .inTable('berth_sandboxes')
      .onDelete('CASCADE')
      .comment('The sandbox whose key the requests carried');
    table
      .string('namespace', 63)
      .notNullable()
      .comment('The Service namespace');
    table.string('service', 63).notNullable().comment('The Kubernetes Service');
    table
      .string('served_by', 8)
      .notNullable()
      .comment('fork (the sandbox namespace) or base');
    table
      .string('key_header', 16)
      .notNullable()
      .comment('x-env or baggage, on the newest request');
    table
      .timestamp('last_reached_at', { useTz: true })
      .notNullable()
      .comment('When the newest such request started');
    table.text('last_path').nullable().comment('Its path');
    table.integer('last_status').nullable().comment('Its status code');
    table.primary(['sandbox_id', 'namespace', 'service']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_sandbox_traffic');
};
