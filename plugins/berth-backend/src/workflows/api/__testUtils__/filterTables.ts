import { Knex } from 'knex';

/**
 * The columns of Berth's tables that the workflow permission filters read
 * (`berth_projects`, `berth_workflows`, `berth_workflow_runs`), for tests
 * of the filters without the whole schema.
 */
export async function createFilterTables(knex: Knex): Promise<void> {
  await knex.schema.createTable('berth_projects', t => {
    t.string('ref', 255).primary();
    t.string('owner_ref', 255).nullable();
  });
  await knex.schema.createTable('berth_workflows', t => {
    t.string('id', 36).primary();
    t.string('project_ref', 255).notNullable();
    t.text('target_tiers').notNullable();
    t.text('target_clusters').notNullable();
    t.string('created_by', 255).notNullable();
  });
  await knex.schema.createTable('berth_workflow_runs', t => {
    t.string('id', 36).primary();
    t.integer('seq').notNullable();
    t.string('workflow_id', 36).notNullable();
    t.string('project_ref', 255).notNullable();
    t.string('created_by', 255).notNullable();
  });
}
