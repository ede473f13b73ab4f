// @ts-check

/**
 * Deployment records made by a workflow's `deploy` job name the job run
 * (`berth_workflow_job_runs.id`) that made them, so an environment's history
 * links to the run and a resumed deploy job can tell what it deployed.
 * Nullable: deploys from the environment page have no job run. No foreign
 * key: job runs are deleted with their run, the records stay.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('berth_deployments', table => {
    table
      .string('job_run_id', 36)
      .nullable()
      .comment('The workflow job run that made this record, if any');
    table.index(['job_run_id'], 'berth_deployments_job_run_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('berth_deployments', table => {
    table.dropIndex(['job_run_id'], 'berth_deployments_job_run_idx');
    table.dropColumn('job_run_id');
  });
};
