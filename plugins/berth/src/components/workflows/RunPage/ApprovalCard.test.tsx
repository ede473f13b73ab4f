import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { WorkflowApproval, WorkflowRun } from '@berth/plugin-berth-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import { callsOf } from '../../../testUtils/workflows/renderWorkflows';
import {
  fakeWorkflowsApi,
  waitingRun,
} from '../../../testUtils/workflows/workflowFixtures';
import { ApprovalCard } from './ApprovalCard';

/** Run 7 with its approval `ap-1` changed by `change`. */
function runWith(change: Partial<WorkflowApproval>): WorkflowRun {
  const run: WorkflowRun = JSON.parse(JSON.stringify(waitingRun));
  const job = run.stages[1].jobs[0];
  job.approval = { ...job.approval!, ...change };
  return run;
}

/**
 * The approval card of run 7 as `userRef` (a member of `groups`) sees it,
 * with every permission allowed; the fake backend acts as the same user.
 */
async function renderCardAs(
  userRef: string,
  groups: string[] = [],
  change: Partial<WorkflowApproval> = {},
) {
  const run = runWith(change);
  const api = fakeWorkflowsApi({ actor: userRef, workflows: { runs: [run] } });
  const onDecided = jest.fn();
  const identity = mockApis.identity({
    userEntityRef: userRef,
    ownershipEntityRefs: [userRef, ...groups],
  });
  await renderWithBerth(
    <TestApiProvider apis={[[identityApiRef, identity]]}>
      <ApprovalCard
        job={{ job: 'ok', approval: run.stages[1].jobs[0].approval! }}
        run={run}
        onDecided={onDecided}
      />
    </TestApiProvider>,
    { api },
  );
  expect(
    await screen.findByText('Deploy the cart to dev?'),
  ).toBeInTheDocument();
  return { api, onDecided };
}

function expectNoDecision() {
  expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
  expect(screen.queryByRole('textbox', { name: 'Comment' })).toBeNull();
}

describe('ApprovalCard', () => {
  jest.setTimeout(60_000);

  it('offers no decision to a user who is not among the approvers', async () => {
    await renderCardAs('user:default/mallory', ['group:default/guests']);
    expect(
      await screen.findByText('Only its approvers may approve or reject it.'),
    ).toBeInTheDocument();
    expectNoDecision();
  });

  it("offers no decision to the run's creator, even in an approving group", async () => {
    await renderCardAs('user:default/alice', ['group:default/team-shop']);
    expect(
      await screen.findByText('You started this run and may not approve it.'),
    ).toBeInTheDocument();
    expectNoDecision();
  });

  it('offers no second decision', async () => {
    await renderCardAs('user:default/bob', ['group:default/team-shop']);
    expect(
      await screen.findByText('You have decided already.'),
    ).toBeInTheDocument();
    expectNoDecision();
  });

  it('offers Approve and Reject to a member of an approving group', async () => {
    await renderCardAs('user:default/carol', ['group:default/Team-Shop']);
    expect(
      await screen.findByRole('button', { name: 'Approve' }),
    ).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeEnabled();
    expect(screen.queryByTestId('approval-refusal')).toBeNull();
  });

  it('lets the creator approve when the approval allows it', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, onDecided } = await renderCardAs('user:default/alice', [], {
      approvers: ['user:default/alice'],
      allowSelfApproval: true,
    });
    await user.type(
      await screen.findByRole('textbox', { name: 'Comment' }),
      'Mine, and fine',
    );
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(callsOf(api, 'decideWorkflowApproval')).toEqual([
      ['ap-1', { decision: 'approve', comment: 'Mine, and fine' }],
    ]);
  });
});
