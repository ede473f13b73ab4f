// @ts-check

/**
 * The first Berth table: the environments of each project (a catalog System).
 * An environment is a namespace on one cluster; neither the project's name nor
 * the cluster/namespace pair may be used twice.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_environments', table => {
    table.comment('Environments: a namespace per environment of a project');
    table.string('id', 36).primary().comment('UUID of the environment');
    table
      .string('project_ref', 255)
      .notNullable()
      .comment('Entity ref of the System the environment belongs to');
    table.string('name', 63).notNullable().comment('DNS-1123 label');
    table
      .string('cluster', 255)
      .notNullable()
      .comment('Configured cluster name');
    table.string('namespace', 63).notNullable().comment('Kubernetes namespace');
    table
      .string('tier', 16)
      .notNullable()
      .comment('development, testing, staging or production');
    table.string('created_by', 255).notNullable().comment('User entity ref');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['project_ref', 'name'], {
      indexName: 'berth_environments_project_name_idx',
    });
    table.unique(['cluster', 'namespace'], {
      indexName: 'berth_environments_cluster_namespace_idx',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_environments');
};
