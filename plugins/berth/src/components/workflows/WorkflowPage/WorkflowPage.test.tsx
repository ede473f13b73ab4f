import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  callsOf,
  renderBerthAt,
} from '../../../testUtils/workflows/renderWorkflows';
import { fakeWorkflowsApi } from '../../../testUtils/workflows/workflowFixtures';

describe('WorkflowPage', () => {
  jest.setTimeout(60_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('shows the run history, filtered by status', async () => {
    const { api } = await renderBerthAt('/berth/workflows/wf-release');
    expect(
      await screen.findByRole('heading', { name: 'Release' }),
    ).toBeInTheDocument();
    const seven = (await screen.findByRole('link', { name: '#7' })).closest(
      'tr',
    )!;
    expect(within(seven).getByText('Waiting')).toBeInTheDocument();
    expect(within(seven).getByText('manual')).toBeInTheDocument();
    const six = screen.getByRole('link', { name: '#6' }).closest('tr')!;
    expect(
      within(six).getByText('git (main main abc1234)'),
    ).toBeInTheDocument();
    expect(within(six).getByText('Job unit failed')).toBeInTheDocument();

    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Status' }),
      'failed',
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: '#7' }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('link', { name: '#6' })).toBeInTheDocument();
    expect(callsOf(api, 'listWorkflowRuns')).toContainEqual([
      'wf-release',
      { status: ['failed'] },
    ]);
  });

  it('explains the trigger deliveries: matched with the run, ignored with the reason', async () => {
    await renderBerthAt('/berth/workflows/wf-release');
    await user.click(
      await screen.findByRole('tab', { name: 'Trigger deliveries' }),
    );
    const ignored = (
      await screen.findByText('no changed file matches services/cart/**')
    ).closest('tr')!;
    expect(within(ignored).getByText('Ignored')).toBeInTheDocument();
    const matched = screen
      .getByText('branch main matches ^main$')
      .closest('tr')!;
    expect(within(matched).getByText('Matched')).toBeInTheDocument();
    expect(
      within(matched).getByRole('link', { name: 'Open run' }),
    ).toHaveAttribute('href', '/berth/workflow-runs/run-6');
  });

  it('lists the revisions and shows one as YAML', async () => {
    await renderBerthAt('/berth/workflows/wf-release');
    await user.click(await screen.findByRole('tab', { name: 'Revisions' }));
    const first = (await screen.findByText('user:default/alice')).closest(
      'tr',
    )!;
    expect(within(first).getByText('1')).toBeInTheDocument();
    expect(screen.getByText('user:default/carol')).toBeInTheDocument();
    await user.click(within(first).getByRole('button', { name: 'Revision 1' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revision 1' });
    expect(within(dialog).getByText(/name: image/)).toBeInTheDocument();
    expect(within(dialog).queryByText(/name: approve/)).not.toBeInTheDocument();
  });

  it('links to the editor and deletes the workflow', async () => {
    const { api } = await renderBerthAt('/berth/workflows/wf-release');
    expect(await screen.findByRole('button', { name: 'Edit' })).toHaveAttribute(
      'href',
      '/berth/workflows/wf-release/edit',
    );
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Delete workflow release?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    // Back on the project's workflows, where it is gone.
    expect(
      await screen.findByRole('heading', { name: 'Workflows of shop' }),
    ).toBeInTheDocument();
    expect(callsOf(api, 'deleteWorkflow')).toEqual([['wf-release']]);
    expect(
      await screen.findByRole('link', { name: 'nightly' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'release' }),
    ).not.toBeInTheDocument();
  });

  it('shows why the workflow cannot be read', async () => {
    await renderBerthAt('/berth/workflows/wf-gone', {
      api: fakeWorkflowsApi(),
    });
    expect(
      await screen.findByText('Error: Request failed with 404 Not Found'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/No workflow wf-gone/).length).toBeGreaterThan(
      0,
    );
  });
});
