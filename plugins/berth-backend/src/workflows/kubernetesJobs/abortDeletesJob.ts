import { CustomErrorBase } from '@backstage/errors';

/** Abort reasons after which the Job is deleted (else it keeps running for another replica). */
export const DELETING_ABORT_REASONS = ['cancel', 'timeout'] as const;

/**
 * Whether aborting with `reason` deletes the Job: `'cancel'` or `'timeout'`,
 * given as the reason itself, as its `kind` or `type`, or an Error named
 * `TimeoutError` (`AbortSignal.timeout`). Anything else (the replica stops)
 * leaves the Job running.
 */
export function abortDeletesJob(reason: unknown): boolean {
  const kinds: readonly unknown[] = DELETING_ABORT_REASONS;
  if (kinds.includes(reason)) return true;
  if (reason && typeof reason === 'object') {
    const r = reason as { kind?: unknown; type?: unknown; name?: unknown };
    return (
      kinds.includes(r.kind) ||
      kinds.includes(r.type) ||
      r.name === 'TimeoutError'
    );
  }
  return false;
}

/** A Kubernetes Job's run was aborted; `deleted` tells whether its Job was deleted. */
export class KubernetesJobAbortedError extends CustomErrorBase {
  name = 'KubernetesJobAbortedError' as const;

  constructor(
    jobName: string,
    readonly abortReason: unknown,
    readonly deleted: boolean,
  ) {
    super(
      `Job '${jobName}' ${
        deleted ? 'was deleted' : 'is no longer followed (it keeps running)'
      }: aborted (${describe(abortReason)})`,
    );
  }
}

function describe(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error) return reason.message;
  try {
    return JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}
