import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';

/** Meta of an audit event (JSON). */
export type AuditMeta = NonNullable<
  Parameters<AuditorService['createEvent']>[0]['meta']
>;

/**
 * Runs a mutation as an audited action: `berth-workflow-<action>` with the
 * actor and meta, success with what it returned (`describe`), or failure
 * with the error (rethrown). Auditor failures are logged, never thrown.
 */
export async function auditWorkflowAction<T>(
  deps: { auditor?: AuditorService; logger: LoggerService },
  action: string,
  meta: AuditMeta,
  work: () => Promise<T>,
  describe?: (result: T) => AuditMeta,
): Promise<T> {
  let event: Awaited<ReturnType<AuditorService['createEvent']>> | undefined;
  if (deps.auditor) {
    try {
      event = await deps.auditor.createEvent({
        eventId: `berth-workflow-${action}`,
        severityLevel: action.startsWith('delete') ? 'high' : 'medium',
        meta,
      });
    } catch (error) {
      deps.logger.warn(
        `Could not audit workflow ${action}: ${stringifyError(error)}`,
      );
    }
  }
  try {
    const result = await work();
    await quietly(() =>
      event?.success({ meta: describe ? describe(result) : {} }),
    );
    return result;
  } catch (error) {
    await quietly(() => event?.fail({ error: error as Error }));
    throw error;
  }
}

async function quietly(report: () => Promise<void> | undefined) {
  try {
    await report();
  } catch {
    // an auditor that fails must not fail the action
  }
}
