// @ts-check

/**
 * Workflows: definitions with immutable revisions, runs (the queue replicas
 * claim from in `queue_seq` order, with leases), job runs (one row per
 * attempt) and approvals. JSON is stored as text. Ids are uuid v4 strings;
 * no foreign keys, rows of a workflow are deleted by the service.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_workflows', table => {
    table.comment(
      'Workflows of projects; the definition is the newest revision',
    );
    table.string('id', 36).primary();
    table.string('project_ref', 255).notNullable();
    table.string('name', 63).notNullable();
    table.string('title', 255).notNullable();
    table.boolean('enabled').notNullable().defaultTo(true);
    table.integer('revision').notNullable();
    table.text('definition').notNullable();
    table.text('target_tiers').notNullable().comment('json array');
    table.text('target_clusters').notNullable().comment('json array');
    table
      .text('target_environments')
      .notNullable()
      .comment('json array of environment ids');
    table.string('created_by', 255).notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable();
    table.unique(['project_ref', 'name'], {
      indexName: 'berth_workflows_project_name_idx',
    });
  });

  await knex.schema.createTable('berth_workflow_revisions', table => {
    table.comment('Every saved definition of a workflow');
    table.string('workflow_id', 36).notNullable();
    table.integer('revision').notNullable();
    table.text('definition').notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table.primary(['workflow_id', 'revision']);
  });

  await knex.schema.createTable('berth_workflow_runs', table => {
    table.comment('Workflow runs: the queue (queue_seq order) with leases');
    table.bigIncrements('queue_seq').comment('FIFO order of the queue');
    table.string('id', 36).notNullable().unique();
    table.string('workflow_id', 36).notNullable();
    table.string('project_ref', 255).notNullable();
    table.string('workflow_name', 63).notNullable();
    table.integer('sequence').notNullable().comment('1, 2, 3... per workflow');
    table.integer('revision').notNullable();
    table.string('status', 16).notNullable();
    table.text('params').notNullable();
    table.text('trigger').notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table.timestamp('started_at', { useTz: true, precision: 3 }).nullable();
    table.timestamp('finished_at', { useTz: true, precision: 3 }).nullable();
    table.string('concurrency_group', 512).notNullable();
    table.integer('concurrency_limit').notNullable().defaultTo(1);
    table.text('message').nullable();
    table.string('cancel_requested_by', 255).nullable();
    table.string('lease_owner', 255).nullable();
    table
      .timestamp('lease_expires_at', { useTz: true, precision: 3 })
      .nullable();
    table
      .text('continued_stages')
      .notNullable()
      .comment('json array of manual stage names continued, with who');
    table.string('supersede_key', 512).nullable();
    table.unique(['workflow_id', 'sequence'], {
      indexName: 'berth_workflow_runs_sequence_idx',
    });
    table.index(['status', 'queue_seq'], 'berth_workflow_runs_status_idx');
    table.index(
      ['concurrency_group', 'status'],
      'berth_workflow_runs_group_idx',
    );
    table.index(
      ['project_ref', 'created_at'],
      'berth_workflow_runs_project_idx',
    );
  });

  await knex.schema.createTable('berth_workflow_job_runs', table => {
    table.comment('One row per attempt of a job of a run');
    table.string('id', 36).primary();
    table.string('run_id', 36).notNullable();
    table.integer('stage_index').notNullable();
    table.string('stage', 255).notNullable();
    table.string('job', 255).notNullable();
    table.string('type', 255).notNullable();
    table.integer('attempt').notNullable();
    table.string('status', 16).notNullable();
    table.text('spec').nullable().comment('json, ${...} resolved');
    table.text('outputs').nullable();
    table.text('external_ref').nullable();
    table.text('checkpoint').nullable();
    table.text('test_summary').nullable();
    table.text('error').nullable();
    table.text('waiting_message').nullable();
    table.timestamp('started_at', { useTz: true, precision: 3 }).nullable();
    table.timestamp('finished_at', { useTz: true, precision: 3 }).nullable();
    table.timestamp('deadline_at', { useTz: true, precision: 3 }).nullable();
    table.unique(['run_id', 'job', 'attempt'], {
      indexName: 'berth_workflow_job_runs_attempt_idx',
    });
  });

  await knex.schema.createTable('berth_workflow_approvals', table => {
    table.comment('Approvals asked by approval jobs');
    table.string('id', 36).primary();
    table.string('run_id', 36).notNullable();
    table.string('job_run_id', 36).notNullable().unique();
    table.text('approvers').notNullable().comment('json array of refs');
    table.integer('needed').notNullable();
    table.boolean('allow_self_approval').notNullable();
    table.text('decisions').notNullable().comment('json array');
    table.string('status', 16).notNullable();
    table.timestamp('expires_at', { useTz: true, precision: 3 }).nullable();
    table.text('message').nullable();
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table.index(['status'], 'berth_workflow_approvals_status_idx');
    table.index(['run_id'], 'berth_workflow_approvals_run_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_workflow_approvals');
  await knex.schema.dropTable('berth_workflow_job_runs');
  await knex.schema.dropTable('berth_workflow_runs');
  await knex.schema.dropTable('berth_workflow_revisions');
  await knex.schema.dropTable('berth_workflows');
};
