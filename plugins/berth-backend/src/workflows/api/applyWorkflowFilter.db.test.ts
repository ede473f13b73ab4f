import { createConditionTransformer } from '@backstage/plugin-permission-node';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { berthWorkflowReadPermission } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { createBerthTestDatabases } from '../../__testUtils__/testDatabases';
import { createFilterTables } from './__testUtils__/filterTables';
import { applyWorkflowFilter } from './applyWorkflowFilter';
import {
  berthWorkflowConditions as c,
  berthWorkflowRules,
  createBerthWorkflowConditionalDecision,
  WorkflowPermissionQuery,
} from './workflowRules';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();
const toQuery = createConditionTransformer(Object.values(berthWorkflowRules));

type Conditions = Parameters<typeof createBerthWorkflowConditionalDecision>[1];

function criteria(conditions: Conditions) {
  const decision = createBerthWorkflowConditionalDecision(
    berthWorkflowReadPermission,
    conditions,
  );
  return toQuery(
    decision.conditions,
  ) as PermissionCriteria<WorkflowPermissionQuery>;
}

/**
 * shop (team-shop): `web` deploys to development on east and production
 * on west (runs by olivia and otto); bank (team-bank): `ledger` deploys to
 * a cluster named `a_b%"c` (quotes and LIKE wildcards), `idle` deploys nowhere.
 */
async function seed(knex: Knex) {
  await createFilterTables(knex);
  await knex('berth_projects').insert([
    { ref: 'system:default/shop', owner_ref: 'group:default/team-shop' },
    { ref: 'system:default/bank', owner_ref: 'group:default/team-bank' },
  ]);
  const workflow = (
    id: string,
    project: string,
    tiers: string[],
    clusters: string[],
  ) => ({
    id,
    project_ref: `system:default/${project}`,
    target_tiers: JSON.stringify(tiers),
    target_clusters: JSON.stringify(clusters),
    created_by: 'user:default/ada',
  });
  await knex('berth_workflows').insert([
    workflow('web', 'shop', ['development', 'production'], ['east', 'west']),
    workflow('ledger', 'bank', ['staging'], ['a_b%"c']),
    workflow('idle', 'bank', [], []),
  ]);
  await knex('berth_workflow_runs').insert([
    {
      id: 'r1',
      seq: 1,
      workflow_id: 'web',
      project_ref: 'system:default/shop',
      created_by: 'user:default/olivia',
    },
    {
      id: 'r2',
      seq: 2,
      workflow_id: 'web',
      project_ref: 'system:default/shop',
      created_by: 'user:default/otto',
    },
    {
      id: 'r3',
      seq: 3,
      workflow_id: 'ledger',
      project_ref: 'system:default/bank',
      created_by: 'user:default/otto',
    },
  ]);
}

describe.each(databases.eachSupportedId())('applyWorkflowFilter on %s', id => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(id);
    await seed(knex);
  });

  const workflows = async (conditions: Conditions) => {
    const query = knex('berth_workflows').select('berth_workflows.id');
    applyWorkflowFilter(query, criteria(conditions), 'workflows');
    return (await query).map(r => r.id).sort();
  };
  const runs = async (conditions: Conditions) => {
    const query = knex('berth_workflow_runs')
      .leftJoin(
        'berth_workflows',
        'berth_workflows.id',
        'berth_workflow_runs.workflow_id',
      )
      .select('berth_workflow_runs.id');
    applyWorkflowFilter(query, criteria(conditions), 'runs');
    return (await query).map(r => r.id).sort();
  };

  it("keeps the workflows of the caller's projects (owner through berth_projects)", async () => {
    expect(
      await workflows(
        c.isProjectOwner({
          claims: ['user:default/olivia', 'group:default/team-shop'],
        }),
      ),
    ).toEqual(['web']);
    expect(await workflows(c.isProjectOwner({ claims: [] }))).toEqual([]);
  });

  it('matches a target tier or cluster inside the JSON arrays, wildcards and quotes taken literally', async () => {
    expect(await workflows(c.hasTargetTier({ tiers: ['production'] }))).toEqual(
      ['web'],
    );
    expect(
      await workflows(c.hasTargetTier({ tiers: ['staging', 'development'] })),
    ).toEqual(['ledger', 'web']);
    expect(await workflows(c.onCluster({ clusters: ['a_b%"c'] }))).toEqual([
      'ledger',
    ]);
    expect(await workflows(c.onCluster({ clusters: ['a%'] }))).toEqual([]);
    expect(await workflows(c.onCluster({ clusters: ['eas'] }))).toEqual([]);
  });

  it('combines with not, allOf and anyOf (e.g. everything but production)', async () => {
    expect(
      await workflows({ not: c.hasTargetTier({ tiers: ['production'] }) }),
    ).toEqual(['idle', 'ledger']);
    expect(
      await workflows({
        allOf: [
          c.isProjectOwner({ claims: ['group:default/team-bank'] }),
          { not: c.onCluster({ clusters: ['a_b%"c'] }) },
        ],
      }),
    ).toEqual(['idle']);
    expect(
      await workflows({
        anyOf: [
          c.isProjectOwner({ claims: ['group:default/team-bank'] }),
          c.onCluster({ clusters: ['west'] }),
        ],
      }),
    ).toEqual(['idle', 'ledger', 'web']);
  });

  it('filters runs by their creator, and by their workflow and project', async () => {
    expect(
      await runs(c.isRunCreator({ claims: ['user:default/otto'] })),
    ).toEqual(['r2', 'r3']);
    expect(
      await runs({
        anyOf: [
          c.isRunCreator({ claims: ['user:default/olivia'] }),
          c.isProjectOwner({ claims: ['group:default/team-bank'] }),
        ],
      }),
    ).toEqual(['r1', 'r3']);
    expect(await runs(c.hasTargetTier({ tiers: ['staging'] }))).toEqual(['r3']);
  });

  it('never lets a run-creator condition match a workflow', async () => {
    expect(
      await workflows(c.isRunCreator({ claims: ['user:default/ada'] })),
    ).toEqual([]);
  });
});
