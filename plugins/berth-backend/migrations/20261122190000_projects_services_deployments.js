// @ts-check

/**
 * Projects (catalog Systems marked as Berth projects), their services with
 * immutable revisions, the per-environment settings, and deployment records.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_projects', table => {
    table.comment('Catalog Systems marked as Berth projects');
    table.string('ref', 255).primary().comment('Entity ref of the System');
    table.string('name', 63).notNullable();
    table.string('title', 255).nullable();
    table
      .string('owner_ref', 255)
      .nullable()
      .comment(
        "Entity ref of the System's owner, as last read from the catalog",
      );
    table
      .text('start_order')
      .notNullable()
      .comment('JSON: service names in ordered groups');
    table
      .text('values')
      .notNullable()
      .comment('Project-wide Helm values (YAML)');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('berth_services', table => {
    table.comment('Deployable units of a project, bound to catalog Components');
    table.string('project_ref', 255).notNullable();
    table.string('name', 63).notNullable();
    table.string('component_ref', 255).notNullable();
    table.string('kind', 16).notNullable().comment('helm or manifests');
    table.integer('latest_revision').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['project_ref', 'name']);
    table
      .foreign('project_ref')
      .references('berth_projects.ref')
      .onDelete('CASCADE');
    table.index('component_ref', 'berth_services_component_idx');
  });

  await knex.schema.createTable('berth_service_revisions', table => {
    table.comment('Immutable revisions of services');
    table.string('project_ref', 255).notNullable();
    table.string('service', 63).notNullable();
    table.integer('revision').notNullable();
    table.text('spec').notNullable().comment('JSON: ServiceSpec');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['project_ref', 'service', 'revision']);
    table
      .foreign(['project_ref', 'service'])
      .references(['project_ref', 'name'])
      .inTable('berth_services')
      .onDelete('CASCADE');
  });

  await knex.schema.alterTable('berth_environments', table => {
    table
      .text('values')
      .notNullable()
      .defaultTo('')
      .comment('Environment-wide Helm values (YAML)');
    table
      .text('services')
      .notNullable()
      .defaultTo('{}')
      .comment(
        'JSON: per-service settings (revision, values, images, set, variables)',
      );
    table
      .boolean('namespace_created')
      .notNullable()
      .defaultTo(false)
      .comment('Whether Berth created the namespace');
  });

  await knex.schema.createTable('berth_deployments', table => {
    table.comment('Every deploy of a service into an environment');
    table.string('id', 36).primary();
    table
      .string('environment_id', 36)
      .notNullable()
      .references('berth_environments.id')
      .onDelete('CASCADE');
    table.string('service', 63).notNullable();
    table.integer('revision').notNullable();
    table.string('values_digest', 64).notNullable();
    table.text('images').notNullable().comment('JSON: image references');
    table.string('actor', 255).notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table
      .string('result', 16)
      .notNullable()
      .comment('running, succeeded, failed');
    table.text('message').nullable();
    table.integer('helm_revision').nullable();
    table.integer('group_index').nullable();
    table.index(
      ['environment_id', 'service'],
      'berth_deployments_env_service_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_deployments');
  await knex.schema.alterTable('berth_environments', table => {
    table.dropColumn('values');
    table.dropColumn('services');
    table.dropColumn('namespace_created');
  });
  await knex.schema.dropTable('berth_service_revisions');
  await knex.schema.dropTable('berth_services');
  await knex.schema.dropTable('berth_projects');
};
