import { z } from 'zod';
import { berthWorkflowRules } from './workflowRules';

const web = {
  id: 'w1',
  projectRef: 'system:default/shop',
  ownerRef: 'group:default/team-shop',
  targetTiers: ['development', 'production'],
  targetClusters: ['east'],
};

describe('workflow permission rules', () => {
  const { isProjectOwner, hasTargetTier, onCluster, isRunCreator } =
    berthWorkflowRules;

  it("isProjectOwner: a claim is the project's owner", () => {
    expect(
      isProjectOwner.apply(web, { claims: ['group:default/team-shop'] }),
    ).toBe(true);
    expect(isProjectOwner.apply(web, { claims: ['user:default/x'] })).toBe(
      false,
    );
    expect(
      isProjectOwner.apply({ ...web, ownerRef: undefined }, { claims: [] }),
    ).toBe(false);
  });

  it('hasTargetTier and onCluster: any target among the given', () => {
    expect(hasTargetTier.apply(web, { tiers: ['production'] })).toBe(true);
    expect(hasTargetTier.apply(web, { tiers: ['staging'] })).toBe(false);
    expect(onCluster.apply(web, { clusters: ['east', 'west'] })).toBe(true);
    expect(onCluster.apply(web, { clusters: ['west'] })).toBe(false);
  });

  it('isRunCreator: only about a run, started by a claim', () => {
    expect(isRunCreator.apply(web, { claims: ['user:default/a'] })).toBe(false);
    const run = { ...web, runCreatedBy: 'user:default/a' };
    expect(isRunCreator.apply(run, { claims: ['user:default/a'] })).toBe(true);
    expect(isRunCreator.apply(run, { claims: ['user:default/b'] })).toBe(false);
  });

  it('refuses unknown tiers in params', () => {
    const schema = hasTargetTier.paramsSchema as z.ZodType;
    expect(schema.safeParse({ tiers: ['prod'] }).success).toBe(false);
    expect(schema.safeParse({ tiers: ['production'] }).success).toBe(true);
  });
});
