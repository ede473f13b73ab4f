import { OperationKind } from '@berth/plugin-berth-common';
import { OperationContext } from './OperationContext';

/**
 * Runs one kind of operation. `run` must be safe to call again for the same
 * operation after a crash: steps that succeeded are skipped by the context,
 * the rest redone. It resolves with a summary of what changed, and throws
 * (with a message saying what failed and what was left) when it failed.
 */
export interface OperationHandler<Spec = any> {
  kind: OperationKind;
  run(context: OperationContext<Spec>): Promise<string>;
}
