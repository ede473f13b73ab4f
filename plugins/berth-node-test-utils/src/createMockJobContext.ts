import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { BerthJobContext } from '@berth/plugin-berth-node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A job context for testing a job type's `run`, and what the run set:
 * `outputs` holds every `output(name, value)` call, `checkpoints` every
 * `checkpoint.save`, `waiting` every `setWaiting` and `masked` every `mask`.
 *
 * @public
 */
export function createMockJobContext<TParams>(options: {
  params: TParams;
  logger?: LoggerService;
  signal?: AbortSignal;
  run?: Partial<BerthJobContext['run']>;
  upstream?: BerthJobContext['upstream'];
  /** Makes the context a resumed attempt with this saved checkpoint. */
  resumedFrom?: unknown;
  /** Default: a new temporary directory. */
  workDir?: string;
}): BerthJobContext<TParams> & {
  outputs: Record<string, unknown>;
  checkpoints: unknown[];
  waiting: Array<string | undefined>;
  masked: string[];
} {
  const outputs: Record<string, unknown> = {};
  const checkpoints: unknown[] = [];
  const waiting: Array<string | undefined> = [];
  const masked: string[] = [];
  const resumed = options.resumedFrom !== undefined;
  return {
    params: options.params,
    logger: options.logger ?? mockServices.logger.mock(),
    output: (name, value) => {
      outputs[name] = value;
    },
    outputs,
    checkpoints,
    waiting,
    masked,
    upstream: options.upstream ?? {},
    signal: options.signal ?? new AbortController().signal,
    run: {
      runId: 'run-1',
      jobRunId: 'job-run-1',
      workflowId: 'workflow-1',
      stage: 'stage',
      job: 'job',
      attempt: 1,
      projectRef: 'system:default/test',
      createdBy: 'user:default/test',
      ...options.run,
    },
    resumed,
    checkpoint: {
      saved: options.resumedFrom,
      save: async value => {
        checkpoints.push(value);
      },
    },
    setWaiting: async message => {
      waiting.push(message);
    },
    mask: value => {
      masked.push(value);
    },
    workDir: options.workDir ?? mkdtempSync(join(tmpdir(), 'berth-job-test-')),
  };
}
