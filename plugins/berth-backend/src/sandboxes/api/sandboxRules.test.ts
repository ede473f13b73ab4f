import { z } from 'zod';
import { berthSandboxRules, SandboxPermissionResource } from './sandboxRules';

const alice: SandboxPermissionResource = {
  id: 's1',
  projectRef: 'system:default/shop',
  ownerRef: 'group:default/team-shop',
  createdBy: 'user:default/alice',
  baseTier: 'development',
  cluster: 'east',
};

describe('sandbox permission rules', () => {
  const { isSandboxCreator, isProjectOwner, hasBaseTier } = berthSandboxRules;

  it('isSandboxCreator: a claim is the creator', () => {
    expect(
      isSandboxCreator.apply(alice, {
        claims: ['user:default/alice', 'group:default/team-shop'],
      }),
    ).toBe(true);
    expect(
      isSandboxCreator.apply(alice, {
        claims: ['user:default/bob', 'group:default/team-shop'],
      }),
    ).toBe(false);
    expect(
      isSandboxCreator.toQuery({ claims: ['user:default/alice'] }),
    ).toEqual({ field: 'createdBy', values: ['user:default/alice'] });
  });

  it("isProjectOwner: a claim is the project's owner, never when the project has none", () => {
    expect(
      isProjectOwner.apply(alice, { claims: ['group:default/team-shop'] }),
    ).toBe(true);
    expect(
      isProjectOwner.apply(alice, { claims: ['user:default/alice'] }),
    ).toBe(false);
    expect(
      isProjectOwner.apply(
        { ...alice, ownerRef: undefined },
        { claims: ['group:default/team-shop'] },
      ),
    ).toBe(false);
  });

  it("hasBaseTier: the base's tier is among the given", () => {
    expect(hasBaseTier.apply(alice, { tiers: ['development'] })).toBe(true);
    expect(
      hasBaseTier.apply(
        { ...alice, baseTier: 'production' },
        { tiers: ['development', 'staging'] },
      ),
    ).toBe(false);
    expect(hasBaseTier.toQuery({ tiers: ['production'] })).toEqual({
      field: 'baseTier',
      values: ['production'],
    });
  });

  it('refuses unknown tiers in params', () => {
    const schema = hasBaseTier.paramsSchema as z.ZodType;
    expect(schema.safeParse({ tiers: ['prod'] }).success).toBe(false);
    expect(schema.safeParse({ tiers: ['production'] }).success).toBe(true);
  });
});
