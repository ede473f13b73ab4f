import { NotFoundError } from '@backstage/errors';
import {
  BerthWorkflow,
  newInProjectResourceRef,
} from '@berth/plugin-berth-common';
import { berthWorkflowRules } from './workflowRules';
import { workflowResourceLoader } from './workflowResource';

const workflow = {
  id: 'wf-1',
  name: 'release',
  projectRef: 'system:default/shop',
  targets: { tiers: ['staging'], clusters: ['east'], environments: [] },
} as unknown as BerthWorkflow;

const loader = workflowResourceLoader({
  service: {
    async getWorkflow(id) {
      if (id !== workflow.id) throw new NotFoundError(`No workflow ${id}`);
      return workflow;
    },
    async getRun(id) {
      if (id !== 'run-1') throw new NotFoundError(`No run ${id}`);
      return { workflowId: 'wf-1', createdBy: 'user:default/ada' };
    },
  },
  projects: {
    async get(ref) {
      return { ref, ownerRef: 'group:default/team-shop' };
    },
  },
});

describe('workflowResourceLoader', () => {
  it('loads workflows by id and runs by run:<id>, undefined for unknown ones', async () => {
    const [byWorkflow, byRun, unknownRun, unknownWorkflow] = await loader([
      'wf-1',
      'run:run-1',
      'run:run-2',
      'wf-2',
    ]);
    const common = {
      id: 'wf-1',
      name: 'release',
      projectRef: 'system:default/shop',
      ownerRef: 'group:default/team-shop',
      targetTiers: ['staging'],
      targetClusters: ['east'],
    };
    expect(byWorkflow).toEqual(common);
    expect(byRun).toEqual({ ...common, runCreatedBy: 'user:default/ada' });
    expect(unknownRun).toBeUndefined();
    expect(unknownWorkflow).toBeUndefined();
  });

  it('lets isRunCreator decide for a run, never for the workflow itself', async () => {
    const [byWorkflow, byRun] = await loader(['wf-1', 'run:run-1']);
    const claims = { claims: ['user:default/ada'] };
    expect(berthWorkflowRules.isRunCreator.apply(byRun!, claims)).toBe(true);
    expect(
      berthWorkflowRules.isRunCreator.apply(byRun!, {
        claims: ['user:default/bob'],
      }),
    ).toBe(false);
    expect(berthWorkflowRules.isRunCreator.apply(byWorkflow!, claims)).toBe(
      false,
    );
  });

  it("loads a new workflow of a project by new-in:<ref>, for the project's owners to decide", async () => {
    const [planned] = await loader([
      newInProjectResourceRef('system:default/shop'),
    ]);
    expect(planned).toEqual({
      id: '',
      name: '',
      projectRef: 'system:default/shop',
      ownerRef: 'group:default/team-shop',
      targetTiers: [],
      targetClusters: [],
    });
    expect(
      berthWorkflowRules.isProjectOwner.apply(planned!, {
        claims: ['group:default/team-shop'],
      }),
    ).toBe(true);
    expect(
      berthWorkflowRules.isProjectOwner.apply(planned!, {
        claims: ['group:default/team-bank'],
      }),
    ).toBe(false);
  });
});
