import { BerthOperation } from '@berth/plugin-berth-common';
import { activityStrings } from './strings';

/**
 * What a queued operation waits for: the one it is queued behind (by title
 * when listed, else by id), else the one running on its environment, else
 * nothing yet (the next replica to poll starts it).
 */
export function waitingFor(
  operation: BerthOperation,
  all: BerthOperation[],
): string {
  const blocking =
    all.find(o => o.id === operation.queuedBehind) ??
    all.find(o => o.status === 'running' && o.id !== operation.id);
  if (blocking) return activityStrings.queuedBehind(blocking.title);
  if (operation.queuedBehind) {
    return activityStrings.queuedBehind(operation.queuedBehind);
  }
  return activityStrings.waiting;
}
