import { InputError } from '@backstage/errors';
import { assertTimeZone, nextCronTime } from './cronSchedule';

describe('nextCronTime', () => {
  const from = new Date('2026-11-23T12:00:00Z'); // a Monday

  it('finds the next time in the given time zone', () => {
    expect(
      nextCronTime('0 20 * * 1-5', 'Europe/Berlin', from).toISOString(),
    ).toBe('2026-11-23T19:00:00.000Z');
    expect(nextCronTime('30 7 * * *', 'UTC', from).toISOString()).toBe(
      '2026-11-24T07:30:00.000Z',
    );
    expect(nextCronTime('0 8 * * 6', 'UTC', from).toISOString()).toBe(
      '2026-11-28T08:00:00.000Z',
    );
  });

  it.each([
    'every evening',
    '61 * * * *',
    '* 25 * * *',
    '0 20 * *',
    '0 0 20 * * *',
    '',
  ])('refuses %p', expression => {
    expect(() => nextCronTime(expression, 'UTC', from, 'sleep cron')).toThrow(
      InputError,
    );
    expect(() => nextCronTime(expression, 'UTC', from, 'sleep cron')).toThrow(
      /sleep cron/,
    );
  });

  it('refuses an unknown time zone', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(
      /Unknown time zone 'Mars\/Olympus'/,
    );
    expect(() => nextCronTime('0 7 * * *', 'Nowhere', from)).toThrow(
      InputError,
    );
    expect(() => assertTimeZone('America/New_York')).not.toThrow();
  });
});
