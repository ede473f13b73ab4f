// @ts-check

/**
 * Workflow triggers: what Berth made of every webhook delivery and cron tick
 * (matched, ignored with the reason, duplicate, failed), and the cron due
 * times already fired (claimed once across replicas by their primary key).
 * Workflow and run ids are strings (uuid v4) of the workflow tables; no
 * foreign keys across them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_workflow_trigger_deliveries', table => {
    table.comment(
      'One row per (delivery, workflow trigger): what Berth made of a webhook delivery or a cron due time',
    );
    table
      .increments('seq')
      .comment('Insertion order: newest first among rows of the same time');
    table.string('id', 36).notNullable().unique().comment('uuid v4');
    table.string('workflow_id', 36).notNullable();
    table
      .string('trigger_name', 255)
      .notNullable()
      .comment('The trigger name in the workflow definition');
    table.string('source', 16).notNullable().comment('github | gitlab | cron');
    table
      .string('delivery_id', 255)
      .nullable()
      .comment(
        'x-github-delivery, x-gitlab-event-uuid, or the due time of a cron tick',
      );
    table
      .string('dedup_key', 255)
      .nullable()
      .comment(
        'The delivery id on the first row of a delivery; null on duplicates and failed rows (a redelivery may retry those)',
      );
    table
      .string('event', 255)
      .notNullable()
      .comment(
        'e.g. push, tag, pull_request.opened, merge_request.update, cron',
      );
    table.timestamp('received_at', { useTz: true }).notNullable();
    table
      .string('outcome', 16)
      .notNullable()
      .comment('matched | ignored | duplicate | failed');
    table.text('reason').notNullable().comment('Why, in words');
    table.string('run_id', 36).nullable().comment('The run started');
    table.unique(['source', 'workflow_id', 'trigger_name', 'dedup_key'], {
      indexName: 'berth_workflow_trigger_deliveries_dedup',
    });
    table.index(
      ['workflow_id', 'received_at'],
      'berth_workflow_trigger_deliveries_by_workflow',
    );
    table.index(['received_at'], 'berth_workflow_trigger_deliveries_by_time');
  });

  await knex.schema.createTable('berth_workflow_cron_fires', table => {
    table.comment(
      'Cron due times fired: the primary key claims each once across replicas',
    );
    table.string('workflow_id', 36).notNullable();
    table.string('trigger_name', 255).notNullable();
    table.timestamp('due_at', { useTz: true }).notNullable();
    table.timestamp('claimed_at', { useTz: true }).notNullable();
    table
      .string('claim_token', 36)
      .notNullable()
      .comment(
        'Random per claim attempt: the replica whose token is stored fired it',
      );
    table.string('run_id', 36).nullable();
    table.primary(['workflow_id', 'trigger_name', 'due_at']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_workflow_cron_fires');
  await knex.schema.dropTable('berth_workflow_trigger_deliveries');
};
