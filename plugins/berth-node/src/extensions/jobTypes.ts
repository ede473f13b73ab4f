import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ZodType } from 'zod';

/**
 * What a job gets when it runs: its validated params, a logger whose lines
 * go to the job's log, a place to set outputs for later jobs, and a signal
 * aborted when the run is cancelled or times out.
 *
 * @public
 */
export interface BerthJobContext<TParams = unknown> {
  /** The job's input, checked against the job type's `inputSchema`. */
  params: TParams;
  /** Its lines go to the job's log (stored, masked, streamed). */
  logger: LoggerService;
  /** Sets one output of the job (read by later jobs as `fromJob`). */
  output(name: string, value: unknown): void;
  /** Outputs of the jobs that finished before this one, by job name. */
  upstream: Record<string, Record<string, unknown>>;
  /** Aborted when the run is cancelled, the job times out or the replica stops (see `signal.reason`). */
  signal: AbortSignal;
  /** Where the job runs. */
  run: {
    /** The workflow run's id. */
    runId: string;
    /** This job run's id (stable across attempts' takeovers, new per attempt). */
    jobRunId: string;
    workflowId: string;
    /** The job's stage and name in the workflow. */
    stage: string;
    job: string;
    /** 1 for the first attempt. */
    attempt: number;
    /** System entity ref of the workflow's project. */
    projectRef: string;
    /** Who started the run (user or service ref). */
    createdBy: string;
  };
  /**
   * True when this attempt ran before on a replica that stopped (a crash, a
   * shutdown): re-attach to what `checkpoint.saved` names instead of
   * starting it again.
   */
  resumed: boolean;
  /** Saves what a later resume of this attempt needs (a Kubernetes Job's name, an operation id). */
  checkpoint: {
    saved?: unknown;
    save(value: unknown): Promise<void>;
  };
  /** Shows the job as `waiting` (e.g. for an approval) with a message, or back as `running`. */
  setWaiting(message: string | undefined): Promise<void>;
  /** Adds a value (a token, a secret param) to hide in the job's log. */
  mask(value: string): void;
  /** A directory of this attempt only, removed after it. */
  workDir: string;
}

/**
 * A kind of job workflows can run (as scaffolder actions are to templates):
 * `deploy`, `build`, `script`, `approval`... Registered under a key
 * (`berthJobTypesExtensionPoint`), which workflow definitions name as the
 * job's `type`.
 *
 * @public
 */
export interface BerthJobType<TParams = any, TOutputs = any> {
  /** Human-readable name, e.g. `Build an image`. */
  name: string;
  description?: string;
  /** Checks and types a job's params before `run`. */
  inputSchema: ZodType<TParams>;
  /** Describes the outputs `run` sets; optional. */
  outputSchema?: ZodType<TOutputs>;
  /** Runs one attempt of a job; throwing fails it. */
  run(context: BerthJobContext<TParams>): Promise<void>;
}

/**
 * Adds job types to Berth's workflows.
 *
 * @public
 */
export interface BerthJobTypesExtensionPoint {
  /** Registers a job type under `key`; a key taken already fails the start. */
  addJobType(key: string, jobType: BerthJobType): void;
}

/**
 * The extension point for workflow job types.
 *
 * @public
 */
export const berthJobTypesExtensionPoint =
  createExtensionPoint<BerthJobTypesExtensionPoint>({
    id: 'berth.job-types',
  });
