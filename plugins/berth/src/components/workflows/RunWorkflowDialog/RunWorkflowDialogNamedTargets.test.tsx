import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { BerthWorkflow } from '@berth/plugin-berth-common';
import { screen, waitFor } from '@testing-library/react';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import {
  fakeWorkflowsApi,
  releaseWorkflow,
} from '../../../testUtils/workflows/workflowFixtures';
import { RunWorkflowDialog } from './RunWorkflowDialog';

// Its own file: usePermission caches its answers across the tests of a file.
describe('RunWorkflowDialog: deploy jobs that name their environment', () => {
  jest.setTimeout(60_000);

  it('says before the run when a job deploys where the user may not, and does not offer Start', async () => {
    const api = fakeWorkflowsApi();
    const environments = await api.listEnvironments({
      namespace: 'default',
      name: 'shop',
    });
    const prod = environments.find(e => e.name === 'prod')!;
    const dev = environments.find(e => e.name === 'dev')!;
    const workflow: BerthWorkflow = {
      ...releaseWorkflow,
      definition: {
        stages: [
          {
            name: 'ship',
            jobs: [
              { name: 'to-dev', type: 'deploy', spec: { environment: 'dev' } },
              {
                name: 'to-prod',
                type: 'deploy',
                spec: { environment: prod.id },
              },
            ],
          },
        ],
      },
    };
    const asked: string[] = [];
    const permissionApi = mockApis.permission({
      authorize: request => {
        if (request.permission.name !== 'berth.environment.deploy') {
          return AuthorizeResult.ALLOW;
        }
        asked.push(String(request.resourceRef));
        return request.resourceRef === prod.id
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW;
      },
    });
    await renderWithBerth(
      <RunWorkflowDialog
        workflow={workflow}
        onClose={() => {}}
        onStarted={() => {}}
      />,
      { api, permissionApi },
    );
    expect(
      await screen.findByText(
        'Job to-prod deploys to prod, where you may not deploy: the run would be refused.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Job to-dev/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start run' })).toBeDisabled();
    await waitFor(() =>
      expect(new Set(asked)).toEqual(new Set([dev.id, prod.id])),
    );
  });
});
