// @ts-check

/**
 * Workflow job logs: what each job attempt printed, stored in chunks (one
 * per flush of a writer: every second or 64 KiB), masked before storage,
 * capped per job (head and tail kept, one note chunk between them saying
 * how much was left out), read back by sequence and streamed over SSE.
 * No foreign keys: the runs and job runs tables are another owner's, and the
 * log of a job run is deleted with its run (`deleteRuns`) or by retention.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_workflow_log_chunks', table => {
    table.comment('Chunks of workflow job logs, in sequence per job run');
    table.bigIncrements('id');
    table.string('job_run_id', 36).notNullable();
    table.string('run_id', 36).notNullable();
    table.integer('attempt').notNullable();
    table
      .integer('sequence')
      .notNullable()
      .comment('Increasing per job run; readers resume after the last seen');
    table
      .timestamp('first_line_at', { useTz: true, precision: 3 })
      .notNullable()
      .comment("The time of the chunk's first line");
    table
      .timestamp('last_line_at', { useTz: true, precision: 3 })
      .notNullable()
      .comment("The time of the chunk's last line (resume after a takeover)");
    table
      .integer('bytes')
      .notNullable()
      .comment('UTF-8 size of text, counted against the per-job cap');
    table
      .bigInteger('omitted_bytes')
      .nullable()
      .comment(
        'Set on the note chunk between head and tail of a capped log: bytes left out',
      );
    table.text('text').notNullable();
    table
      .timestamp('created_at', { useTz: true, precision: 3 })
      .notNullable()
      .comment('When stored; retention deletes job runs stored before the cut');
    table.unique(['job_run_id', 'sequence'], {
      indexName: 'berth_workflow_log_chunks_job_seq_idx',
    });
    table.index(['run_id'], 'berth_workflow_log_chunks_run_idx');
    table.index(['created_at'], 'berth_workflow_log_chunks_created_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_workflow_log_chunks');
};
