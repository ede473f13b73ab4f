// @ts-check

/**
 * Sandboxes (issue #15): a developer's sub-environment of a base
 * environment, in a namespace of its own, holding only the services it
 * forked; its routes send requests that carry its key to the forks. A base
 * with sandboxes cannot be deleted until they are (no cascade).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_sandboxes', table => {
    table.comment('Sandboxes: forks of some services of a base environment');
    table.string('id', 36).primary().comment('UUID of the sandbox');
    table
      .string('name', 63)
      .notNullable()
      .comment('DNS label, unique per base; the routing key value');
    table
      .string('project_ref', 255)
      .notNullable()
      .comment('Entity ref of the System of the base');
    table
      .string('base_environment_id', 36)
      .notNullable()
      .references('id')
      .inTable('berth_environments')
      .onDelete('RESTRICT')
      .comment('The base environment');
    table.string('cluster', 255).notNullable().comment('The base cluster');
    table
      .string('namespace', 63)
      .notNullable()
      .comment('The sandbox namespace (forks and placeholder Services)');
    table
      .string('routing_driver', 63)
      .notNullable()
      .comment('Key of the routing driver');
    table.string('created_by', 255).notNullable().comment('User entity ref');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table
      .timestamp('expires_at', { useTz: true })
      .notNullable()
      .comment('When the expiry task deletes it');
    table
      .string('status', 16)
      .notNullable()
      .comment('creating, ready, degraded, failed or deleting');
    table.text('message').nullable().comment('What the last operation said');
    table.text('forks').notNullable().comment('JSON array of SandboxFork');
    table
      .text('warnings')
      .notNullable()
      .comment('JSON array of what the routing driver could not route');
    table
      .text('preview_hosts')
      .notNullable()
      .comment('JSON array of hosts that reach the sandbox with no header');
    table
      .timestamp('routes_written_at', { useTz: true })
      .nullable()
      .comment('When the routes were last written');
    table
      .string('operation_id', 36)
      .nullable()
      .comment('The last create, update or delete operation');
    table.unique(['base_environment_id', 'name'], {
      indexName: 'berth_sandboxes_base_name_idx',
    });
    table.unique(['cluster', 'namespace'], {
      indexName: 'berth_sandboxes_cluster_namespace_idx',
    });
    table.index(['expires_at'], 'berth_sandboxes_expires_idx');
    table.index(['created_by'], 'berth_sandboxes_created_by_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_sandboxes');
};
