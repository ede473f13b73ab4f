// @ts-check

/**
 * The slots of `berth.workflows.engine.maxKubernetesJobsPerCluster`: one row
 * per job attempt that waits for, or holds, the right to have a Kubernetes
 * Job on a cluster. A row is tied to its job run, not to a replica's memory:
 * it counts while the job run is unfinished and its run active, so a replica
 * that dies leaves its slots to the replica that takes the run over (which
 * re-attaches with them), and they are free once the attempt ended. It also
 * records where the attempt's Job is (cluster, namespace, name), so a run
 * taken over while cancelling can delete the Job the dead replica left.
 * No foreign keys: rows go with their job run's end (released, or found dead).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'berth_workflow_kubernetes_job_slots',
    table => {
      table.comment(
        'Kubernetes Job slots per cluster of workflow job attempts (waiting or granted)',
      );
      table.bigIncrements('seq').comment('FIFO order of the requests');
      table.string('job_run_id', 36).notNullable().unique();
      table.string('run_id', 36).notNullable();
      table.string('cluster', 255).notNullable();
      table.string('namespace', 255).notNullable();
      table.string('job_name', 63).notNullable();
      table
        .timestamp('requested_at', { useTz: true, precision: 3 })
        .notNullable();
      table
        .timestamp('granted_at', { useTz: true, precision: 3 })
        .nullable()
        .comment('null while the attempt waits for a slot');
      table.index(['cluster'], 'berth_workflow_k8s_job_slots_cluster_idx');
      table.index(['run_id'], 'berth_workflow_k8s_job_slots_run_idx');
    },
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_workflow_kubernetes_job_slots');
};
