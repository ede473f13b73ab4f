// @ts-check

/**
 * The revisions of the workflows a run may start through `trigger-workflow`
 * jobs, as checked when the run was created (or retried or rerun): a JSON
 * object of workflow id -> revision. Its `trigger-workflow` jobs start those
 * revisions (a revision saved after the check is not run), and refuse a
 * workflow that is not in it. Null for runs whose triggers were checked when
 * their workflow was saved (git and cron runs): they start the newest.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('berth_workflow_runs', table => {
    table
      .text('trigger_revisions')
      .nullable()
      .comment(
        'JSON workflow id -> revision its trigger-workflow jobs may start, as checked at creation',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('berth_workflow_runs', table => {
    table.dropColumn('trigger_revisions');
  });
};
