import { ENVIRONMENT_TIERS, isEnvironmentTier } from './types';

describe('isEnvironmentTier', () => {
  it.each(ENVIRONMENT_TIERS)('accepts %s', tier => {
    expect(isEnvironmentTier(tier)).toBe(true);
  });

  it.each(['prod', 'Production', '', 42, undefined, null])(
    'refuses %p',
    value => {
      expect(isEnvironmentTier(value)).toBe(false);
    },
  );
});
