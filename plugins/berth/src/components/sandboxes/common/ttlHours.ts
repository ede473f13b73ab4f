import { SandboxReadiness } from '@berth/plugin-berth-common';
import { BerthTranslate } from '../../../translation';
import { wholeNumberProblem } from './wholeNumberProblem';

/** The time to live a new sandbox gets, and the most it may ask, as the base's readiness says. */
export type SandboxTtl = SandboxReadiness['ttl'];

/**
 * What is wrong with a time to live in hours: not a whole number of at
 * least 1, or more than `maxHours` when the maximum is known; nothing when
 * it is empty.
 */
export function ttlHoursProblem(
  text: string,
  t: BerthTranslate,
  maxHours?: number,
): string | undefined {
  const problem = wholeNumberProblem(text, t('sandboxes.create.ttlProblem'));
  if (problem || !text.trim() || maxHours === undefined) return problem;
  return Number(text) > maxHours
    ? t('sandboxes.create.ttlTooLong', { max: String(maxHours) })
    : undefined;
}
