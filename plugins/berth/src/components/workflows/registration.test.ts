import { berthPlugin, EntityBerthWorkflowRunsContent } from '../..';
import alphaPlugin from '../../alpha';

describe('workflow pages registration', () => {
  it('gives both frontend systems the workflow routes', () => {
    for (const routes of [berthPlugin.routes, alphaPlugin.routes] as Array<
      Record<string, unknown>
    >) {
      expect(routes.projectWorkflows).toBeDefined();
      expect(routes.newWorkflow).toBeDefined();
      expect(routes.workflow).toBeDefined();
      expect(routes.editWorkflow).toBeDefined();
      expect(routes.workflowRun).toBeDefined();
      expect(routes.workflowApprovals).toBeDefined();
    }
  });

  it('adds the Workflow runs tab of Components', () => {
    expect(EntityBerthWorkflowRunsContent).toBeInstanceOf(Function);
    expect(
      alphaPlugin.getExtension('entity-content:berth/workflow-runs'),
    ).toBeDefined();
  });
});
