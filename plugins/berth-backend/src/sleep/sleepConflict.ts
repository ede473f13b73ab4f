import { StoredEnvironment } from '../model/environment';

/**
 * What refuses a sleep or a wake in the environment's present state (the
 * end of "Environment 'x' ..."), or undefined when it may start.
 */
export function sleepConflict(
  kind: 'sleep' | 'wake',
  environment: StoredEnvironment,
): string | undefined {
  if (kind === 'sleep') {
    if (!environment.sleeping) return undefined;
    return environment.sleepState === 'waking'
      ? 'is waking up'
      : 'is already asleep';
  }
  if (environment.sleepState === 'asleep') return undefined;
  return environment.sleepState === 'waking'
    ? 'is already waking up'
    : 'is not asleep';
}
