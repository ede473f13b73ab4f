import { ConfigReader } from '@backstage/config';
import { configNumbers } from './configNumbers';

type Values = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const numbers = (values: Values) =>
  configNumbers(
    new ConfigReader({ berth: { section: values } }),
    'berth.section',
  );

describe('configNumbers', () => {
  it('reads a number, or its default when the key or the section is missing', () => {
    expect(numbers({ a: 7.5 }).number('a', 1, 0, 10)).toBe(7.5);
    expect(numbers({}).number('a', 3, 0, 10)).toBe(3);
    expect(
      configNumbers(new ConfigReader({}), 'berth.section').number(
        'a',
        3,
        0,
        10,
      ),
    ).toBe(3);
  });

  it('refuses a number out of its range, naming the key', () => {
    expect(() => numbers({ a: 11 }).number('a', 1, 0, 10)).toThrow(
      'berth.section.a must be a number from 0 to 10, got 11',
    );
    expect(() => numbers({ a: -1 }).integer('a', 1, 0, 10)).toThrow(
      'berth.section.a must be a number from 0 to 10, got -1',
    );
  });

  it('rounds integers down and turns seconds into milliseconds', () => {
    expect(numbers({ a: 4.9 }).integer('a', 1, 0, 10)).toBe(4);
    expect(numbers({ a: 2.5 }).milliseconds('a', 1, 0, 10)).toBe(2500);
    expect(numbers({}).milliseconds('a', 1, 0, 10)).toBe(1000);
  });

  it('reads the timings of leased work, the heartbeat by default a third of the lease up to 10 seconds', () => {
    const limits = { minHeartbeatSeconds: 0.5, minPollIntervalMs: 50 };
    expect(numbers({}).leasedWork(limits)).toEqual({
      leaseMs: 30_000,
      heartbeatMs: 10_000,
      pollIntervalMs: 1000,
      shutdownGraceMs: 10_000,
    });
    expect(
      numbers({
        leaseSeconds: 6,
        pollIntervalMs: 200,
        shutdownGraceSeconds: 0,
      }).leasedWork(limits),
    ).toEqual({
      leaseMs: 6000,
      heartbeatMs: 2000,
      pollIntervalMs: 200,
      shutdownGraceMs: 0,
    });
    expect(() => numbers({ heartbeatSeconds: 0.2 }).leasedWork(limits)).toThrow(
      'berth.section.heartbeatSeconds must be a number from 0.5 to 3600, got 0.2',
    );
    expect(() => numbers({ pollIntervalMs: 20 }).leasedWork(limits)).toThrow(
      'berth.section.pollIntervalMs must be a number from 50 to 60000, got 20',
    );
  });

  it('refuses a heartbeat not shorter than the lease', () => {
    expect(() =>
      numbers({ leaseSeconds: 5, heartbeatSeconds: 5 }).leasedWork({
        minHeartbeatSeconds: 0.5,
        minPollIntervalMs: 50,
      }),
    ).toThrow(
      'berth.section.heartbeatSeconds (5) must be shorter than leaseSeconds (5)',
    );
  });
});
