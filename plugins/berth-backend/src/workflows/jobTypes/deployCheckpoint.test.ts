import { isDeployCheckpoint } from './deployJobInput';

describe('isDeployCheckpoint', () => {
  it('accepts what a deploy job saves: its operation and environment ids', () => {
    expect(
      isDeployCheckpoint({ operationId: 'op-1', environmentId: 'env-1' }),
    ).toBe(true);
  });

  it('refuses anything else a checkpoint may hold', () => {
    expect(isDeployCheckpoint(undefined)).toBe(false);
    expect(isDeployCheckpoint(null)).toBe(false);
    expect(isDeployCheckpoint('op-1')).toBe(false);
    expect(isDeployCheckpoint({ operationId: 'op-1' })).toBe(false);
    expect(isDeployCheckpoint({ operationId: 'op-1', environmentId: 7 })).toBe(
      false,
    );
  });
});
