import { ConfigReader } from '@backstage/config';
import { readOperationsConfig } from './readOperationsConfig';

describe('readOperationsConfig', () => {
  it('has defaults', () => {
    expect(readOperationsConfig(new ConfigReader({}))).toEqual({
      concurrency: 4,
      leaseMs: 30_000,
      heartbeatMs: 10_000,
      pollIntervalMs: 1000,
      maxAttempts: 5,
      shutdownGraceMs: 10_000,
    });
  });

  it('reads berth.operations, with the heartbeat a third of a short lease by default', () => {
    expect(
      readOperationsConfig(
        new ConfigReader({
          berth: { operations: { leaseSeconds: 6, concurrency: 8 } },
        }),
      ),
    ).toMatchObject({ leaseMs: 6000, heartbeatMs: 2000, concurrency: 8 });
  });

  it.each([
    [{ leaseSeconds: 1 }, /leaseSeconds must be a number from 2 to 3600/],
    [{ concurrency: 0 }, /concurrency must be a number from 1/],
    [
      { leaseSeconds: 10, heartbeatSeconds: 10 },
      /heartbeatSeconds \(10\) must be shorter than leaseSeconds \(10\)/,
    ],
  ])('refuses %j', (operations, message) => {
    expect(() =>
      readOperationsConfig(new ConfigReader({ berth: { operations } })),
    ).toThrow(message);
  });
});
