import { NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { newInProjectResourceRef } from '@berth/plugin-berth-common';
import { berthEnvironmentRules } from './environmentRules';
import { environmentResourceLoader } from './environmentResourceLoader';

const dev = {
  id: 'env-1',
  projectRef: 'system:default/shop',
  cluster: 'east',
  tier: 'development' as const,
  ownerRef: 'group:default/team-shop',
};

const load = environmentResourceLoader({
  environments: {
    async getById(id) {
      if (id !== dev.id) throw new NotFoundError(`No environment ${id}`);
      return dev;
    },
  },
  projects: {
    async get(ref) {
      if (ref !== 'system:default/shop') {
        throw new NotFoundError(`'${ref}' is not a Berth project`);
      }
      return { ref, ownerRef: 'group:default/team-shop' };
    },
  },
});

describe('environmentResourceLoader', () => {
  it('loads environments by id and a new environment of a project by new-in:<ref>; undefined for unknown ones', async () => {
    expect(
      await load([
        'env-1',
        newInProjectResourceRef('system:default/shop'),
        newInProjectResourceRef('system:default/bank'),
        'env-2',
      ]),
    ).toEqual([
      dev,
      {
        id: '',
        projectRef: 'system:default/shop',
        cluster: '',
        tier: 'development',
        ownerRef: 'group:default/team-shop',
      },
      undefined,
      undefined,
    ]);
  });

  it('lets a project-owner condition decide the project-level create check', async () => {
    const applies = createConditionAuthorizer(
      Object.values(berthEnvironmentRules),
    );
    const [planned] = await load([
      newInProjectResourceRef('system:default/shop'),
    ]);
    const decisionFor = (claims: string[]): ConditionalPolicyDecision => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'berth',
      resourceType: 'berth-environment',
      conditions: {
        rule: 'IS_PROJECT_OWNER',
        resourceType: 'berth-environment',
        params: { claims },
      },
    });
    expect(
      applies(
        decisionFor(['user:default/alice', 'group:default/team-shop']),
        planned,
      ),
    ).toBe(true);
    expect(
      applies(
        decisionFor(['user:default/otto', 'group:default/team-bank']),
        planned,
      ),
    ).toBe(false);
  });
});
