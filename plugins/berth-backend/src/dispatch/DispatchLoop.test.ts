import { mockServices } from '@backstage/backend-test-utils';
import { DispatchLoop, newReplicaId, settledWithin } from './DispatchLoop';

const tickOnce = () => new Promise(resolve => setImmediate(resolve));

function loopWith(options: { claimsBeforeStart?: boolean } = {}) {
  const claims: Array<() => void> = [];
  let beats = 0;
  const engine = {
    config: { pollIntervalMs: 60_000, heartbeatMs: 20 },
    logger: mockServices.logger.mock(),
  };
  const loop = new DispatchLoop(engine, 'things', {
    claim: () => new Promise<void>(resolve => claims.push(resolve)),
    heartbeat: () => {
      beats++;
    },
    ...options,
  });
  return { loop, claims, beats: () => beats };
}

describe('DispatchLoop', () => {
  it('claims nothing before start() and after stop() by default', async () => {
    const { loop, claims } = loopWith();
    expect(loop.stopping).toBe(true);
    loop.tick();
    expect(claims).toHaveLength(0);
    expect(loop.start()).toBe(true);
    expect(loop.start()).toBe(false);
    loop.tick();
    expect(claims).toHaveLength(1);
    claims[0]();
    await tickOnce();
    loop.stop();
    expect(loop.stopping).toBe(true);
    loop.tick();
    expect(claims).toHaveLength(1);
  });

  it('claims before start() when asked to', () => {
    const { loop, claims } = loopWith({ claimsBeforeStart: true });
    expect(loop.stopping).toBe(false);
    loop.tick();
    expect(claims).toHaveLength(1);
    loop.stop();
  });

  it('claims one at a time: ticks during a claim make one more claim after it', async () => {
    const { loop, claims } = loopWith();
    loop.start();
    loop.tick();
    loop.tick();
    loop.tick();
    expect(claims).toHaveLength(1);
    claims[0]();
    await tickOnce();
    await tickOnce();
    expect(claims).toHaveLength(2);
    claims[1]();
    await tickOnce();
    await tickOnce();
    expect(claims).toHaveLength(2);
    loop.stop();
  });

  it('logs a failed claim and claims again on the next tick', async () => {
    let calls = 0;
    const logger = mockServices.logger.mock();
    const engine = {
      config: { pollIntervalMs: 60_000, heartbeatMs: 60_000 },
      logger,
    };
    const loop = new DispatchLoop(engine, 'things', {
      claim: async () => {
        calls++;
        throw new Error('database down');
      },
      heartbeat: () => undefined,
    });
    loop.start();
    loop.tick();
    await tickOnce();
    loop.tick();
    await tickOnce();
    expect(calls).toBe(2);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not claim things: Error: database down',
    );
    loop.stop();
  });

  it('beats every heartbeat interval while started', async () => {
    const { loop, beats } = loopWith();
    loop.start();
    await new Promise(resolve => setTimeout(resolve, 110));
    loop.stop();
    const counted = beats();
    expect(counted).toBeGreaterThanOrEqual(3);
    await new Promise(resolve => setTimeout(resolve, 60));
    expect(beats()).toBe(counted);
  });
});

describe('newReplicaId', () => {
  it('differs from one call to the next', () => {
    expect(newReplicaId()).not.toBe(newReplicaId());
    expect(newReplicaId()).toContain(`:${process.pid}:`);
  });
});

describe('settledWithin', () => {
  it('resolves once the promises settled, rejected ones included', async () => {
    const started = Date.now();
    await settledWithin(
      [Promise.resolve(1), Promise.reject(new Error('x'))],
      5000,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('resolves after the time limit when they do not settle', async () => {
    const started = Date.now();
    await settledWithin([new Promise(() => undefined)], 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
