import { InputError } from '@backstage/errors';
import { CronTime } from 'cron';

/** Checks an IANA time zone name; InputError when it is not one. */
export function assertTimeZone(timeZone: string): void {
  try {
    // Throws a RangeError for a zone it does not know.
    Intl.DateTimeFormat('en-US', { timeZone }).format(0);
  } catch {
    throw new InputError(
      `Unknown time zone '${timeZone}': give an IANA name such as 'Europe/Berlin' or 'UTC'`,
    );
  }
}

/**
 * The first time after `from` at which a five-field cron expression
 * (minute hour day-of-month month day-of-week) fires in `timeZone`.
 * InputError, naming `what`, when the expression does not parse.
 */
export function nextCronTime(
  expression: string,
  timeZone: string,
  from: Date,
  what = 'cron expression',
): Date {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new InputError(
      `The ${what} '${expression}' must have five fields: minute hour day-of-month month day-of-week`,
    );
  }
  assertTimeZone(timeZone);
  let next;
  try {
    next = new CronTime(expression, timeZone).getNextDateFrom(from, timeZone);
  } catch (error) {
    throw new InputError(
      `The ${what} '${expression}' does not parse: ${(error as Error).message}`,
    );
  }
  if (!next.isValid) {
    throw new InputError(`The ${what} '${expression}' never fires`);
  }
  return next.toJSDate();
}
