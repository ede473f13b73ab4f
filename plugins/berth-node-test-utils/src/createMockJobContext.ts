import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { BerthJobContext } from '@berth/plugin-berth-node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A job context for testing a job type's `run`, and what the run set:
 * `outputs` holds every `output(name, value)` call.
 *
 * @public
 */
export function createMockJobContext<TParams>(options: {
  params: TParams;
  logger?: LoggerService;
  signal?: AbortSignal;
  run?: Partial<BerthJobContext['run']>;
  /** Default: a new temporary directory. */
  workDir?: string;
}): BerthJobContext<TParams> & { outputs: Record<string, unknown> } {
  const outputs: Record<string, unknown> = {};
  return {
    params: options.params,
    logger: options.logger ?? mockServices.logger.mock(),
    output: (name, value) => {
      outputs[name] = value;
    },
    outputs,
    signal: options.signal ?? new AbortController().signal,
    run: {
      runId: 'run-1',
      job: 'job',
      attempt: 1,
      projectRef: 'system:default/test',
      ...options.run,
    },
    workDir: options.workDir ?? mkdtempSync(join(tmpdir(), 'berth-job-test-')),
  };
}
