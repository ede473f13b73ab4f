import { Knex } from 'knex';

/**
 * Holds a row lock on one step of an operation (Berth's
 * `berth_operation_steps`), so the backend running the operation blocks when
 * it tries to start that step: the test can then kill it at exactly that
 * point. The step must be planned and pending. `release()` ends the lock.
 */
export async function lockPendingStep(
  knex: Knex,
  operationId: string,
  key: string,
): Promise<{ release(): Promise<void> }> {
  const tx = await knex.transaction();
  try {
    const rows: Array<{ status: string }> = await tx('berth_operation_steps')
      .where({ operation_id: operationId, key })
      .forUpdate()
      .select('status');
    if (rows.length !== 1 || rows[0].status !== 'pending') {
      throw new Error(
        `Step ${key} of operation ${operationId} is not pending (${JSON.stringify(
          rows,
        )})`,
      );
    }
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    throw error;
  }
  return {
    async release() {
      if (!tx.isCompleted()) await tx.rollback().catch(() => undefined);
    },
  };
}
