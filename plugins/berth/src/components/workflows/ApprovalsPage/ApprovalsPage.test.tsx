import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  callsOf,
  renderBerthAt,
} from '../../../testUtils/workflows/renderWorkflows';
import { fakeWorkflowsApi } from '../../../testUtils/workflows/workflowFixtures';

describe('ApprovalsPage', () => {
  jest.setTimeout(60_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('lists the approvals waiting for me and records a rejection', async () => {
    const { api } = await renderBerthAt('/berth/workflow-approvals');
    expect(callsOf(api, 'listWorkflowApprovals')[0]).toEqual([
      { status: ['waiting'], mine: true },
    ]);
    const link = await screen.findByRole('link', { name: 'release #7' });
    expect(link).toHaveAttribute('href', '/berth/workflow-runs/run-7');
    expect(screen.getByText('Deploy the cart to dev?')).toBeInTheDocument();
    expect(screen.getByText('1 of 2 approvals')).toBeInTheDocument();

    await user.type(
      screen.getByRole('textbox', { name: 'Comment' }),
      'Not today',
    );
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    expect(
      await screen.findByText('Nothing waits for your approval.'),
    ).toBeInTheDocument();
    expect(callsOf(api, 'decideWorkflowApproval')).toEqual([
      ['ap-1', { decision: 'reject', comment: 'Not today' }],
    ]);
  });

  it('shows nothing to decide for someone who approves nothing', async () => {
    await renderBerthAt('/berth/workflow-approvals', {
      api: fakeWorkflowsApi({ actor: 'user:default/mallory' }),
    });
    expect(
      await screen.findByText('Nothing waits for your approval.'),
    ).toBeInTheDocument();
  });

  it('shows why a decision was refused', async () => {
    const api = fakeWorkflowsApi();
    await renderBerthAt('/berth/workflow-approvals', { api });
    await screen.findByRole('link', { name: 'release #7' });
    // Decided meanwhile by someone else.
    api.workflows.data.runs[0].stages[1].jobs[0].approval!.status = 'approved';
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(
      await screen.findByText(
        'Could not record the decision: Approval is approved',
      ),
    ).toBeInTheDocument();
  });

  it('shows why the approvals cannot be read', async () => {
    await renderBerthAt('/berth/workflow-approvals', {
      api: fakeWorkflowsApi({ error: new Error('backend down') }),
    });
    expect(await screen.findByText('Error: backend down')).toBeInTheDocument();
  });
});
