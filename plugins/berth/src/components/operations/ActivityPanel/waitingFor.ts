import { BerthOperation } from '@berth/plugin-berth-common';
import { BerthTranslate, englishBerthT } from '../../../translation';

/**
 * What a queued operation waits for: the one it is queued behind (by title
 * when listed, else by id), else the one running on its environment, else
 * nothing yet (the next replica to poll starts it).
 */
export function waitingFor(
  operation: BerthOperation,
  all: BerthOperation[],
  t: BerthTranslate = englishBerthT,
): string {
  const blocking =
    all.find(o => o.id === operation.queuedBehind) ??
    all.find(o => o.status === 'running' && o.id !== operation.id);
  if (blocking) return t('activity.queuedBehind', { title: blocking.title });
  if (operation.queuedBehind) {
    return t('activity.queuedBehind', { title: operation.queuedBehind });
  }
  return t('activity.waiting');
}
