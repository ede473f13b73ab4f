import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import {
  fakeWorkflowsApi,
  nightlyWorkflow,
  releaseWorkflow,
} from '../../../testUtils/workflows/workflowFixtures';
import { callsOf } from '../../../testUtils/workflows/renderWorkflows';
import { WorkflowsCard } from './WorkflowsCard';

async function renderCard(api = fakeWorkflowsApi()) {
  const rendered = await renderWithBerth(
    <Routes>
      <Route
        path="/"
        element={<WorkflowsCard projectRef="system:default/shop" />}
      />
      <Route path="/berth/workflow-runs/:runId" element={<div>run page</div>} />
    </Routes>,
    { api },
  );
  return { ...rendered, api };
}

describe('WorkflowsCard', () => {
  jest.setTimeout(60_000);

  it('lists the workflows of the project with their last run', async () => {
    await renderCard();
    const release = (
      await screen.findByRole('link', { name: 'release' })
    ).closest('tr')!;
    expect(within(release).getByText('Release')).toBeInTheDocument();
    expect(within(release).getByRole('link', { name: '#7' })).toHaveAttribute(
      'href',
      '/berth/workflow-runs/run-7',
    );
    expect(within(release).getByText('Waiting')).toBeInTheDocument();
    const nightly = screen
      .getByRole('link', { name: 'nightly' })
      .closest('tr')!;
    expect(within(nightly).getByText('Never run')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'release' })).toHaveAttribute(
      'href',
      '/berth/workflows/wf-release',
    );
    expect(
      screen.getByRole('button', { name: 'New workflow' }),
    ).toHaveAttribute('href', '/berth/projects/default/shop/workflows/new');
  });

  it('runs a workflow from its Run button and opens the new run', async () => {
    const user = userEvent.setup({ delay: null });
    const { api } = await renderCard();
    await user.click(
      await screen.findByRole('button', { name: 'Run Nightly tests' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Run Nightly tests',
    });
    expect(
      within(dialog).getByText('This workflow has no params.'),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Start run' }));
    expect(await screen.findByText('run page')).toBeInTheDocument();
    expect(callsOf(api, 'startWorkflowRun')).toEqual([
      ['wf-nightly', { params: {} }],
    ]);
  });

  it('shows why the workflows could not be read', async () => {
    await renderCard(fakeWorkflowsApi({ error: new Error('backend down') }));
    expect(await screen.findByText('Error: Workflows')).toBeInTheDocument();
    expect(document.body.textContent).toContain('backend down');
  });

  it('shows no run buttons for a project without workflows', async () => {
    const api = fakeWorkflowsApi({ workflows: { workflows: [], runs: [] } });
    await renderCard(api);
    expect(await screen.findByText('No workflows yet.')).toBeInTheDocument();
    await waitFor(() => expect(callsOf(api, 'listWorkflows')).toHaveLength(1));
    expect(
      screen.queryByRole('button', { name: /^Run / }),
    ).not.toBeInTheDocument();
  });

  it('disables Run of a disabled workflow and says why', async () => {
    const user = userEvent.setup({ delay: null });
    const api = fakeWorkflowsApi({
      workflows: {
        workflows: [releaseWorkflow, { ...nightlyWorkflow, enabled: false }],
      },
    });
    await renderCard(api);
    const run = await screen.findByRole('button', {
      name: 'Run Nightly tests',
    });
    expect(run).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Run Release' })).toBeEnabled();
    await user.hover(run.parentElement!);
    expect(
      await screen.findByRole('tooltip', {
        name: 'This workflow is disabled: enable it in its editor to run it',
      }),
    ).toBeInTheDocument();
  });
});
