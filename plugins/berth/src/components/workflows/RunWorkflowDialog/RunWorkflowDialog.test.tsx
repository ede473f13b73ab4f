import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import { callsOf } from '../../../testUtils/workflows/renderWorkflows';
import {
  fakeWorkflowsApi,
  nightlyWorkflow,
  releaseWorkflow,
} from '../../../testUtils/workflows/workflowFixtures';
import { RunWorkflowDialog } from './RunWorkflowDialog';

function optionsOf(select: HTMLElement) {
  return within(select)
    .getAllByRole('option')
    .map(o => o.textContent);
}

describe('RunWorkflowDialog', () => {
  jest.setTimeout(60_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('builds its form from the params, with pickers of the project', async () => {
    await renderWithBerth(
      <RunWorkflowDialog
        workflow={releaseWorkflow}
        onClose={() => {}}
        onStarted={() => {}}
      />,
      { api: fakeWorkflowsApi() },
    );
    const environment = await screen.findByRole('combobox', {
      name: /environment/,
    });
    await waitFor(() =>
      expect(optionsOf(environment)).toEqual(['', 'dev', 'prod']),
    );
    const service = screen.getByRole('combobox', { name: 'service' });
    await waitFor(() =>
      expect(optionsOf(service)).toEqual(['', 'cart', 'payments']),
    );
    expect(service).toHaveValue('cart');
    const level = screen.getByRole('combobox', { name: 'level' });
    expect(optionsOf(level)).toEqual(['', 'debug', 'info']);
    expect(level).toHaveValue('info');
    expect(screen.getByRole('checkbox', { name: 'smoke' })).toBeChecked();
    expect(screen.getByRole('spinbutton', { name: 'replicas' })).toHaveValue(2);
  });

  it('asks for the required params, then starts the run with typed values', async () => {
    const onStarted = jest.fn();
    const { api } = await renderWithBerth(
      <RunWorkflowDialog
        workflow={releaseWorkflow}
        onClose={() => {}}
        onStarted={onStarted}
      />,
      { api: fakeWorkflowsApi() },
    );
    const start = await screen.findByRole('button', { name: 'Start run' });
    await user.click(start);
    expect(await screen.findByText('Required')).toBeInTheDocument();
    expect(start).toBeDisabled();
    const fake = api as ReturnType<typeof fakeWorkflowsApi>;
    expect(callsOf(fake, 'startWorkflowRun')).toEqual([]);

    const environment = screen.getByRole('combobox', { name: /environment/ });
    await waitFor(() => expect(optionsOf(environment)).toContain('prod'));
    await user.selectOptions(environment, 'prod');
    await user.click(screen.getByRole('checkbox', { name: 'smoke' }));
    const replicas = screen.getByRole('spinbutton', { name: 'replicas' });
    await user.clear(replicas);
    await user.type(replicas, '3');
    await user.click(screen.getByRole('button', { name: 'Start run' }));

    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(callsOf(fake, 'startWorkflowRun')).toEqual([
      [
        'wf-release',
        {
          params: {
            environment: 'prod',
            service: 'cart',
            level: 'info',
            smoke: false,
            replicas: 3,
          },
        },
      ],
    ]);
    expect(onStarted.mock.calls[0][0]).toMatchObject({
      workflowId: 'wf-release',
      sequence: 8,
      status: 'queued',
    });
  });

  it('shows why the backend refused the run', async () => {
    const api = fakeWorkflowsApi();
    api.workflows.data.workflows = api.workflows.data.workflows.filter(
      w => w.id !== nightlyWorkflow.id,
    );
    const onStarted = jest.fn();
    await renderWithBerth(
      <RunWorkflowDialog
        workflow={nightlyWorkflow}
        onClose={() => {}}
        onStarted={onStarted}
      />,
      { api },
    );
    await user.click(await screen.findByRole('button', { name: 'Start run' }));
    expect(
      await screen.findByText(
        'Could not start the run: No workflow wf-nightly',
      ),
    ).toBeInTheDocument();
    expect(onStarted).not.toHaveBeenCalled();
  });

  it('says before the run when the user may not deploy to the chosen environment, and does not offer Start', async () => {
    const api = fakeWorkflowsApi();
    const dev = (
      await api.listEnvironments({ namespace: 'default', name: 'shop' })
    ).find(e => e.name === 'dev')!;
    // Deploy is refused on dev only. (usePermission caches its answers
    // across the tests of a file: no other test here chooses dev.)
    const permissionApi = mockApis.permission({
      authorize: request =>
        request.permission.name === 'berth.environment.deploy' &&
        request.resourceRef === dev.id
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    await renderWithBerth(
      <RunWorkflowDialog
        workflow={releaseWorkflow}
        onClose={() => {}}
        onStarted={() => {}}
      />,
      { api, permissionApi },
    );
    const environment = await screen.findByRole('combobox', {
      name: /environment/,
    });
    await waitFor(() => expect(optionsOf(environment)).toContain('dev'));
    await user.selectOptions(environment, 'dev');
    expect(
      await screen.findByText(
        'You may not deploy to dev: a run deploying there would be refused.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start run' })).toBeDisabled();

    await user.selectOptions(environment, 'prod');
    await waitFor(() =>
      expect(
        screen.queryByText(/You may not deploy to/),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('button', { name: 'Start run' })).toBeEnabled();
  });
});
