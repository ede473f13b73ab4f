// @ts-check

/**
 * Deployment records keep what was deployed: the service's settings, the
 * merged values and the rendered manifest (Secret values redacted), for
 * history diffs, drift detection and rollback.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('berth_deployments', table => {
    table
      .text('settings')
      .nullable()
      .comment('JSON: the service settings as deployed, revision included');
    table
      .text('values')
      .nullable()
      .comment('Merged Helm values (YAML), or the manifests variables (YAML)');
    table
      .text('manifest')
      .nullable()
      .comment(
        'The rendered manifest as applied (YAML), Secret values redacted',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('berth_deployments', table => {
    table.dropColumn('settings');
    table.dropColumn('values');
    table.dropColumn('manifest');
  });
};
