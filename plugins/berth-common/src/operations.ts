import { isEndedStatus } from './endedStatus';

/**
 * Operations: every long-running action (deploy, copy, rollback, sleep, wake,
 * delete, values sync) is a persisted operation that any backend replica can
 * run, resume after a crash and hand over on shutdown.
 */

/**
 * What an operation does.
 *
 * - `deploy`: services of an environment in start order (all, or `services`).
 * - `deploy-service`: one service with its environment settings.
 * - `redeploy-values`: the services an environment-wide values change touches.
 * - `create`: a new environment's first deploy (also a copy's).
 * - `rollback`: one service back to one of its deployment records.
 * - `sleep`, `wake`: scale an environment down, and back up group by group.
 * - `delete`: remove an environment's services, namespace and records.
 * - `values-sync`: re-read the values files a project tracks from Git.
 * - `sandbox-create`, `sandbox-update`, `sandbox-delete`: a sandbox of the
 *   environment (its namespace, forks and routes); see sandboxes.ts.
 *
 * @public
 */
export type OperationKind =
  | 'deploy'
  | 'deploy-service'
  | 'redeploy-values'
  | 'create'
  | 'copy'
  | 'rollback'
  | 'sleep'
  | 'wake'
  | 'delete'
  | 'values-sync'
  | 'sandbox-create'
  | 'sandbox-update'
  | 'sandbox-delete';

/** @public */
export const OPERATION_KINDS: readonly OperationKind[] = [
  'deploy',
  'deploy-service',
  'redeploy-values',
  'create',
  'copy',
  'rollback',
  'sleep',
  'wake',
  'delete',
  'values-sync',
  'sandbox-create',
  'sandbox-update',
  'sandbox-delete',
];

/** @public */
export type OperationStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

/** @public */
export const OPERATION_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;

/** Whether an operation with this status has ended. @public */
export function isTerminalOperationStatus(status: OperationStatus): boolean {
  return isEndedStatus(status);
}

/** @public */
export type OperationStepStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'skipped';

/**
 * A checkpointed step: a start-order group (`group:1`), a service in it
 * (`service:cart`, parent `group:1`), or another unit of work. A resumed
 * operation skips the steps that succeeded.
 *
 * @public
 */
export interface OperationStep {
  key: string;
  title: string;
  /** The key of the step this one is part of (a service's group). */
  parent?: string;
  status: OperationStepStatus;
  startedAt?: string;
  finishedAt?: string;
  /** Why it failed, or what it did. */
  message?: string;
}

/** One line of an operation's append-only event log. @public */
export interface OperationEvent {
  /** Increasing within the operation. */
  seq: number;
  at: string;
  level: 'info' | 'warn' | 'error';
  message: string;
  /** The step it is about, if any. */
  step?: string;
}

/** Who started an operation: a user, another service, or a schedule. @public */
export type OperationActorType = 'user' | 'service' | 'schedule';

/**
 * A long-running action, as the API lists it. `steps` and `events` come with
 * a single operation's details.
 *
 * @public
 */
export interface BerthOperation {
  id: string;
  kind: OperationKind;
  /** A short human description, e.g. `Deploy 3 services`. */
  title: string;
  projectRef: string;
  environmentId?: string;
  status: OperationStatus;
  actor: string;
  actorType: OperationActorType;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Runs so far (more than one when a replica took it over or it resumed after a restart). */
  attempts: number;
  /** A cancel was asked for (by `cancelledBy`); it stops after the current step. */
  cancelRequested: boolean;
  cancelledBy?: string;
  /** The outcome: what changed, or why it failed or what a cancel left. */
  message?: string;
  /** While queued: the operation it waits for. */
  queuedBehind?: string;
  /** Step counts, for progress bars. */
  progress: { done: number; total: number };
  steps?: OperationStep[];
  events?: OperationEvent[];
}

/**
 * The signal published on `BERTH_OPERATION_SIGNAL_CHANNEL` whenever an
 * operation changes (queued, a step started or ended, finished). Signals go
 * to every signed-in browser, so it carries only opaque ids and a time:
 * clients read the operation through the operations endpoints, which check
 * that they may read its environment.
 *
 * @public
 */
export interface OperationSignal {
  operationId: string;
  environmentId?: string;
  /** When the change was seen (ISO 8601). */
  at: string;
}

/** @public */
export const BERTH_OPERATION_SIGNAL_CHANNEL = 'berth:operations';
