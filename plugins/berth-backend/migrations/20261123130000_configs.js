// @ts-check

/**
 * Environment configs' history (never a Secret's values), each environment's
 * image registry override, and the link from a rollback's deployment record
 * to the record it rolled back to.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_config_changes', table => {
    table.comment(
      'Every change of an environment config; for Secrets only key names, never values',
    );
    table.string('id', 36).primary();
    table
      .string('environment_id', 36)
      .notNullable()
      .references('berth_environments.id')
      .onDelete('CASCADE');
    table
      .string('kind', 32)
      .notNullable()
      .comment('ConfigMap, Secret, Ingress or PersistentVolumeClaim');
    table.string('name', 253).notNullable();
    table.integer('version').notNullable();
    table.string('action', 16).notNullable().comment('create, update, delete');
    table.string('actor', 255).notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table
      .text('content')
      .nullable()
      .comment('The object as applied (YAML); always null for Secrets');
    table.text('keys').nullable().comment('JSON: data key names');
    table.text('changed_keys').nullable().comment('JSON: keys changed');
    table.text('restarted').nullable().comment('JSON: workloads restarted');
    table.unique(['environment_id', 'kind', 'name', 'version'], {
      indexName: 'berth_config_changes_version_uq',
    });
  });

  await knex.schema.createTable('berth_environment_registries', table => {
    table.comment(
      'The image registry of an environment, over the one of its cluster',
    );
    table
      .string('environment_id', 36)
      .primary()
      .references('berth_environments.id')
      .onDelete('CASCADE');
    table
      .string('registry', 63)
      .notNullable()
      .comment('Name of a registry in berth.registries');
  });

  await knex.schema.alterTable('berth_deployments', table => {
    table
      .string('rollback_of', 36)
      .nullable()
      .comment('For a rollback: the deployment record rolled back to');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('berth_deployments', table => {
    table.dropColumn('rollback_of');
  });
  await knex.schema.dropTable('berth_environment_registries');
  await knex.schema.dropTable('berth_config_changes');
};
