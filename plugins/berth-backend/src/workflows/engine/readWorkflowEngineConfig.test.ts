import { ConfigReader } from '@backstage/config';
import { readWorkflowEngineConfig } from './readWorkflowEngineConfig';

const read = (engine: object) =>
  readWorkflowEngineConfig(
    new ConfigReader({ berth: { workflows: { engine } } }),
  );

describe('readWorkflowEngineConfig', () => {
  it('has defaults', () => {
    expect(readWorkflowEngineConfig(new ConfigReader({}))).toEqual({
      pollIntervalMs: 1000,
      leaseMs: 30_000,
      heartbeatMs: 10_000,
      maxRunningRuns: 20,
      maxKubernetesJobsPerCluster: 10,
      shutdownGraceMs: 10_000,
    });
  });

  it('reads the settings', () => {
    expect(
      read({
        pollIntervalMs: 200,
        leaseSeconds: 6,
        heartbeatSeconds: 1,
        maxRunningRuns: 3,
        maxKubernetesJobsPerCluster: 4,
        shutdownGraceSeconds: 2,
      }),
    ).toEqual({
      pollIntervalMs: 200,
      leaseMs: 6000,
      heartbeatMs: 1000,
      maxRunningRuns: 3,
      maxKubernetesJobsPerCluster: 4,
      shutdownGraceMs: 2000,
    });
    expect(read({ leaseSeconds: 6 }).heartbeatMs).toBe(2000);
  });

  it('refuses values out of range and a heartbeat not shorter than the lease', () => {
    expect(() => read({ maxRunningRuns: 0 })).toThrow(
      /berth.workflows.engine.maxRunningRuns must be a number from 1/,
    );
    expect(() => read({ leaseSeconds: 5, heartbeatSeconds: 5 })).toThrow(
      /heartbeatSeconds \(5\) must be shorter than leaseSeconds \(5\)/,
    );
  });
});
