import { OperationEvent } from '@berth/plugin-berth-common';
import { StoredOperation } from './OperationStore';

/** A step to show before it runs (progress per group and service). */
export interface PlannedStep {
  key: string;
  title: string;
  parent?: string;
}

/** What a step's function is told. */
export interface StepRun {
  /**
   * The step ran before and did not finish (a crash, a takeover, a
   * shutdown): whatever it started may be half done, e.g. a Helm release
   * left `pending-upgrade`.
   */
  interrupted: boolean;
  /** What the step saved while it ran before (see `save`). */
  saved?: unknown;
  /** Saves something for a later resume of the same step (e.g. a record id). */
  save(value: unknown): Promise<void>;
}

/**
 * What an operation handler gets: its operation, checkpointed steps, the
 * event log, and a signal that aborts on shutdown or when the lease is lost
 * (then stop at once: another replica continues).
 */
export interface OperationContext<Spec = unknown> {
  operation: StoredOperation<Spec>;
  /** Aborted on shutdown or lost lease; never on cancel (that stops between steps). */
  signal: AbortSignal;
  /** Declares steps up front so progress can be shown; existing ones are kept. */
  plan(steps: PlannedStep[]): Promise<void>;
  /**
   * Runs a checkpointed step: skipped (its saved output returned) when it
   * succeeded before; refused with OperationCancelledError when a cancel was
   * asked for before it started. A thrown error marks the step failed.
   */
  step<T>(step: PlannedStep, run: (step: StepRun) => Promise<T>): Promise<T>;
  /** Marks a step skipped with a reason (e.g. nothing to do). */
  skip(step: PlannedStep, message: string): Promise<void>;
  /** Appends to the operation's event log. */
  log(
    message: string,
    options?: { level?: OperationEvent['level']; step?: string },
  ): Promise<void>;
}

/** Thrown by `step` when the operation was asked to stop. */
export class OperationCancelledError extends Error {
  name = 'OperationCancelledError';
}

/** Thrown when the lease was lost or the replica is shutting down: the operation continues elsewhere. */
export class OperationInterruptedError extends Error {
  name = 'OperationInterruptedError';
}
