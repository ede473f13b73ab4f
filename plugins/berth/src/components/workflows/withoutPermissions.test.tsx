import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  callsOf,
  renderBerthAt,
} from '../../testUtils/workflows/renderWorkflows';

/**
 * A user who may read workflows and run the nightly one, and nothing else
 * of `berth.workflow.*`. One answer for the whole file: usePermission
 * caches its answers across the tests of a file.
 */
const asked = jest.fn();
function answer(
  request: EvaluatePermissionRequest,
): AuthorizeResult.ALLOW | AuthorizeResult.DENY {
  const { name } = request.permission;
  asked(name, request.resourceRef);
  if (!name.startsWith('berth.workflow.') || name === 'berth.workflow.read') {
    return AuthorizeResult.ALLOW;
  }
  return name === 'berth.workflow.run' && request.resourceRef === 'wf-nightly'
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
}
const permissionApi = mockApis.permission({ authorize: answer });

function renderAs(path: string) {
  return renderBerthAt(path, { permissionApi });
}

/** Waits until `permission` on `resourceRef` was asked and its answer rendered. */
async function answered(permission: string, resourceRef?: string) {
  await waitFor(() =>
    expect(asked).toHaveBeenCalledWith(permission, resourceRef),
  );
  await act(() => new Promise(resolve => setTimeout(resolve, 20)));
}

/** The action buttons of the workflow pages: none may be offered. */
const ACTIONS = [
  'New workflow',
  'Run Release',
  'Edit',
  'Delete',
  'Cancel',
  'Retry failed jobs',
  'Rerun',
  'Continue deploy',
  'Approve',
  'Reject',
];

function expectNoActions(except: string[] = []) {
  for (const name of ACTIONS.filter(a => !except.includes(a))) {
    expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
  }
}

describe('the workflow pages without the permissions', () => {
  jest.setTimeout(90_000);

  it('offers on the project only Run of the workflow the user may run', async () => {
    await renderAs('/berth/projects/default/shop/workflows');
    const run = await screen.findByRole('button', {
      name: 'Run Nightly tests',
    });
    expect(run).toBeEnabled();
    expect(screen.getByRole('link', { name: 'release' })).toBeInTheDocument();
    await answered('berth.workflow.run', 'wf-release');
    await answered('berth.workflow.create', 'new-in:system:default/shop');
    expectNoActions();
  });

  it('offers no Run, Edit or Delete on the page of a workflow', async () => {
    await renderAs('/berth/workflows/wf-release');
    expect(
      await screen.findByRole('heading', { name: 'Release' }),
    ).toBeInTheDocument();
    await answered('berth.workflow.run', 'wf-release');
    await answered('berth.workflow.update', 'wf-release');
    await answered('berth.workflow.delete', 'wf-release');
    expectNoActions();
  });

  it('offers Run but no Edit or Delete to a user who may only run it, and the run starts', async () => {
    const user = userEvent.setup({ delay: null });
    const { api } = await renderAs('/berth/workflows/wf-nightly');
    await user.click(
      await screen.findByRole('button', { name: 'Run Nightly tests' }),
    );
    await answered('berth.workflow.delete', 'wf-nightly');
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    const dialog = await screen.findByRole('dialog', {
      name: 'Run Nightly tests',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Start run' }));
    await waitFor(() =>
      expect(callsOf(api, 'startWorkflowRun')).toEqual([
        ['wf-nightly', { params: {} }],
      ]),
    );
  });

  it('offers no Cancel, Continue, Approve or Reject on a waiting run, and says why', async () => {
    await renderAs('/berth/workflow-runs/run-7');
    expect(
      await screen.findByText(
        'You may not decide approvals of this workflow (berth.workflow.approve).',
      ),
    ).toBeInTheDocument();
    // Asked about the run itself (a policy may allow only its creator).
    await answered('berth.workflow.run', 'run:run-7');
    await answered('berth.workflow.approve', 'run:run-7');
    expect(screen.getByText('Deploy the cart to dev?')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Comment' })).toBeNull();
    expectNoActions();
  });

  it('offers no Retry or Rerun on a failed run', async () => {
    await renderAs('/berth/workflow-runs/run-6');
    expect(
      await screen.findByRole('heading', { name: 'release #6' }),
    ).toBeInTheDocument();
    await answered('berth.workflow.run', 'run:run-6');
    expectNoActions();
  });

  it('offers no decision in the approvals inbox', async () => {
    await renderAs('/berth/workflow-approvals');
    expect(
      await screen.findByRole('link', { name: 'release #7' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'You may not decide approvals of this workflow (berth.workflow.approve).',
      ),
    ).toBeInTheDocument();
    expectNoActions();
  });

  it('says so instead of the editor of a new workflow', async () => {
    const { api } = await renderAs(
      '/berth/projects/default/shop/workflows/new',
    );
    expect(
      await screen.findByText('Warning: You may not create workflows in shop'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(callsOf(api, 'createWorkflow')).toEqual([]);
  });

  it('says so instead of the editor of a workflow', async () => {
    await renderAs('/berth/workflows/wf-release/edit');
    expect(
      await screen.findByText('Warning: You may not edit release'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });
});
