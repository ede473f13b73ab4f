import { stringifyError } from '@backstage/errors';
import { WorkflowJob, WorkflowJobRunStatus } from '@berth/plugin-berth-common';
import { BerthJobType } from '@berth/plugin-berth-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveExpressions } from '../definitions/expressions';
import { KubernetesJobContext } from '../kubernetesJobs/KubernetesJobContext';
import { StoredJobRun, StoredRun } from '../store';
import { AbortReason, WorkflowEngineDeps } from './engineDeps';

export type AttemptOutcome =
  | Extract<
      WorkflowJobRunStatus,
      'succeeded' | 'failed' | 'timedOut' | 'cancelled'
    >
  | 'interrupted';

export interface AttemptArgs {
  deps: WorkflowEngineDeps;
  owner: string;
  run: StoredRun;
  stage: string;
  job: WorkflowJob;
  row: StoredJobRun;
  /** The attempt ran on a replica that stopped: re-attach. */
  resumed: boolean;
  upstream: Record<string, Record<string, unknown>>;
  /** Aborted (with an AbortReason) when the run is cancelled or this replica lets go of it. */
  runSignal: AbortSignal;
  setWaiting(jobRunId: string, message: string | undefined): Promise<void>;
  changed(jobRunId: string, status: WorkflowJobRunStatus): void;
}

class LeaseLostError extends Error {
  name = 'LeaseLostError';
}

/**
 * Runs one attempt of a job: resolves its spec, checks it against the job
 * type's schema, gives it a context (log, outputs, checkpoint, waiting,
 * deadline) and stores the outcome. A run aborted for `stop` or `lost`
 * leaves the attempt as it is, for the replica that takes the run over.
 */
export async function runAttempt(a: AttemptArgs): Promise<AttemptOutcome> {
  const { deps, owner, run, job, row } = a;
  const { jobRuns } = deps.stores;
  const finish = async (
    status: Exclude<AttemptOutcome, 'interrupted'>,
    extra: { error?: string; outputs?: Record<string, unknown> } = {},
  ): Promise<AttemptOutcome> => {
    if (!(await jobRuns.finish(row.id, owner, { status, ...extra }))) {
      return 'interrupted';
    }
    a.changed(row.id, status);
    return status;
  };
  const type: BerthJobType | undefined = deps.jobTypes.get(job.type);
  if (!type) {
    return finish('failed', {
      error: `No job type '${job.type}' is registered on this backend`,
    });
  }
  if (a.runSignal.aborted) return abortedOutcome(a.runSignal.reason, finish);

  let spec: unknown;
  try {
    spec =
      a.resumed && row.startedAt
        ? row.spec
        : resolveExpressions(job.spec, {
            params: run.params,
            jobs: a.upstream,
            run: { id: run.id, sequence: run.sequence },
          });
  } catch (error) {
    return finish('failed', {
      error: `The job's spec: ${(error as Error).message}`,
    });
  }
  const parsed = type.inputSchema.safeParse(spec);
  if (!parsed.success) {
    return finish('failed', {
      error: `The job's spec is not valid for '${
        job.type
      }': ${parsed.error.issues
        .map(i => `${i.path.map(String).join('.') || '(spec)'}: ${i.message}`)
        .join('; ')}`,
    });
  }

  let deadline: Date | undefined;
  if (a.resumed && row.deadlineAt) deadline = new Date(row.deadlineAt);
  else if (job.timeoutMinutes) {
    deadline = new Date(Date.now() + job.timeoutMinutes * 60_000);
  }
  if (!(a.resumed && row.startedAt)) {
    if (!(await jobRuns.start(row.id, owner, { spec, deadlineAt: deadline }))) {
      return 'interrupted';
    }
  }
  a.changed(row.id, 'running');

  const controller = new AbortController();
  const onRunAbort = () => controller.abort(a.runSignal.reason);
  a.runSignal.addEventListener('abort', onRunAbort, { once: true });
  const timer = deadline
    ? setTimeout(
        () => controller.abort('timeout' satisfies AbortReason),
        Math.max(0, deadline.getTime() - Date.now()),
      )
    : undefined;
  const writer = deps.logs.writer({
    jobRunId: row.id,
    runId: run.id,
    attempt: row.attempt,
  });
  const outputs: Record<string, unknown> = { ...row.outputs };
  const workDir = await mkdtemp(join(tmpdir(), 'berth-job-'));
  const context: KubernetesJobContext<unknown> = {
    params: parsed.data,
    logger: writer.logger,
    output: (name, value) => {
      outputs[name] = value;
    },
    upstream: a.upstream,
    signal: controller.signal,
    run: {
      runId: run.id,
      jobRunId: row.id,
      workflowId: run.workflowId,
      stage: a.stage,
      job: job.name,
      attempt: row.attempt,
      projectRef: run.projectRef,
      createdBy: run.createdBy,
    },
    resumed: a.resumed,
    checkpoint: {
      saved: row.checkpoint,
      save: async value => {
        if (!(await jobRuns.saveCheckpoint(row.id, owner, value))) {
          throw new LeaseLostError('This replica no longer holds the run');
        }
        context.checkpoint.saved = value;
      },
    },
    setWaiting: message => a.setWaiting(row.id, message),
    mask: value => writer.mask(value),
    workDir,
    deadline,
    log: (text, at) => writer.write(text, at),
    lastLogTimestamp: () => deps.logs.lastTimestamp(row.id, row.attempt),
  };

  let error: unknown;
  try {
    await untilAbortedOrDone(
      type.run(context),
      controller.signal,
      deps.config.shutdownGraceMs,
    );
  } catch (e) {
    error = e;
  } finally {
    clearTimeout(timer);
    a.runSignal.removeEventListener('abort', onRunAbort);
    await writer
      .close()
      .catch(e =>
        deps.logger.warn(
          `Could not store the log of job run ${row.id}: ${stringifyError(e)}`,
        ),
      );
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  }
  if (controller.signal.aborted) {
    return abortedOutcome(controller.signal.reason, finish, job, outputs);
  }
  if (error !== undefined) {
    if (error instanceof LeaseLostError) return 'interrupted';
    return finish('failed', {
      error: (error as Error)?.message ?? stringifyError(error),
      outputs,
    });
  }
  return finish('succeeded', { outputs });
}

function abortedOutcome(
  reason: unknown,
  finish: (
    s: Exclude<AttemptOutcome, 'interrupted'>,
    extra?: { error?: string; outputs?: Record<string, unknown> },
  ) => Promise<AttemptOutcome>,
  job?: WorkflowJob,
  outputs?: Record<string, unknown>,
): Promise<AttemptOutcome> {
  if (reason === 'cancel') {
    return finish('cancelled', { error: 'Cancelled', outputs });
  }
  if (reason === 'timeout') {
    return finish('timedOut', {
      error: `Timed out after ${job?.timeoutMinutes ?? '?'} minute(s)`,
      outputs,
    });
  }
  return Promise.resolve('interrupted');
}

/**
 * Waits for the job; once aborted, gives it `graceMs` to stop before going
 * on without it (a job type that ignores its signal cannot hold a run).
 */
async function untilAbortedOrDone(
  work: Promise<void>,
  signal: AbortSignal,
  graceMs: number,
): Promise<void> {
  work.catch(() => undefined); // a job that rejects after the grace is not an unhandled rejection
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const gaveUp = new Promise<void>(resolve => {
    onAbort = () => {
      timer = setTimeout(resolve, graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([work, gaveUp]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
