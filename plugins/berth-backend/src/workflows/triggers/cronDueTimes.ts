import { nextCronTime } from '../../sleep/cronSchedule';

/**
 * The times a five-field cron fires in `timeZone` after `since` (exclusive)
 * up to `until` (inclusive), oldest first, at most `limit` of them.
 * InputError when the cron or the time zone is not valid.
 */
export function cronDueTimes(
  cron: string,
  timeZone: string,
  since: Date,
  until: Date,
  limit = 1000,
): Date[] {
  const due: Date[] = [];
  let from = since;
  while (due.length < limit) {
    const next = nextCronTime(cron, timeZone, from, 'cron');
    if (next.getTime() > until.getTime()) break;
    due.push(next);
    from = next;
  }
  return due;
}
