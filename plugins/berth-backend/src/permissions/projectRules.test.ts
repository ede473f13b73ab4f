import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  BERTH_PROJECT_RESOURCE_TYPE,
  berthProjectUpdatePermission,
} from '@berth/plugin-berth-common';
import {
  berthProjectConditions,
  berthProjectRules,
  createBerthProjectConditionalDecision,
} from './projectRules';

const shop = {
  ref: 'system:default/shop',
  ownerRef: 'group:default/team-shop',
};
const orphan = { ref: 'system:default/orphan' };
const evaluate = createConditionAuthorizer(Object.values(berthProjectRules));

describe('project permission rules', () => {
  it('isProjectOwner: the owner of the System among the claims, never a project without owner', () => {
    const { isProjectOwner } = berthProjectRules;
    const claims = ['user:default/olivia', 'group:default/team-shop'];
    expect(isProjectOwner.apply(shop, { claims })).toBe(true);
    expect(
      isProjectOwner.apply(shop, { claims: ['group:default/team-other'] }),
    ).toBe(false);
    expect(isProjectOwner.apply(orphan, { claims })).toBe(false);
    expect(isProjectOwner.toQuery({ claims })).toEqual({
      column: 'owner_ref',
      values: claims,
    });
  });

  it('isProject: one of the given Systems', () => {
    const { isProject } = berthProjectRules;
    expect(isProject.apply(shop, { refs: ['system:default/shop'] })).toBe(true);
    expect(isProject.apply(shop, { refs: ['system:default/other'] })).toBe(
      false,
    );
    expect(isProject.toQuery({ refs: ['system:default/shop'] })).toEqual({
      column: 'ref',
      values: ['system:default/shop'],
    });
  });

  it('conditional decisions built from the exported conditions evaluate against a project', () => {
    const decision = createBerthProjectConditionalDecision(
      berthProjectUpdatePermission,
      {
        anyOf: [
          berthProjectConditions.isProjectOwner({
            claims: ['group:default/team-shop'],
          }),
          berthProjectConditions.isProject({ refs: ['system:default/orphan'] }),
        ],
      },
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'berth',
      resourceType: BERTH_PROJECT_RESOURCE_TYPE,
    });
    expect(evaluate(decision, shop)).toBe(true);
    expect(evaluate(decision, orphan)).toBe(true);
    expect(
      evaluate(decision, {
        ref: 'system:default/else',
        ownerRef: 'group:default/team-else',
      }),
    ).toBe(false);
  });
});
