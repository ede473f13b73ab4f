import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { renderBerthAt } from '../../testUtils/workflows/renderWorkflows';

/**
 * A policy that lets a user run (cancel, retry, rerun) only runs they
 * started (`isRunCreator`), as the permission backend answers it for the
 * resource ref `run:<id>`: here, run 7 is theirs and run 6 is not. Asked
 * about the workflow itself, the same policy says no.
 */
const asked = jest.fn();
function answer(
  request: EvaluatePermissionRequest,
): AuthorizeResult.ALLOW | AuthorizeResult.DENY {
  const { name } = request.permission;
  asked(name, request.resourceRef);
  if (name === 'berth.workflow.run') {
    return request.resourceRef === 'run:run-7'
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  }
  return name.startsWith('berth.workflow.')
    ? AuthorizeResult.DENY
    : AuthorizeResult.ALLOW;
}
const permissionApi = mockApis.permission({ authorize: answer });

describe('workflow run pages with a run-creator policy', () => {
  jest.setTimeout(60_000);

  it('offers Cancel on a run the user started, although they may not run the workflow', async () => {
    await renderBerthAt('/berth/workflow-runs/run-7', { permissionApi });
    expect(
      await screen.findByRole('button', { name: 'Cancel' }),
    ).toBeInTheDocument();
  });

  it('offers no Retry or Rerun on a run someone else started', async () => {
    await renderBerthAt('/berth/workflow-runs/run-6', { permissionApi });
    expect(
      await screen.findByRole('heading', { name: 'release #6' }),
    ).toBeInTheDocument();
    // Asked about run 6 itself, and the answer rendered: nothing appears.
    await waitFor(() =>
      expect(asked).toHaveBeenCalledWith('berth.workflow.run', 'run:run-6'),
    );
    await new Promise(resolve => setTimeout(resolve, 300));
    await waitFor(() => {
      expect(
        screen.queryByRole('button', { name: 'Retry failed jobs' }),
      ).toBeNull();
      expect(screen.queryByRole('button', { name: 'Rerun' })).toBeNull();
    });
  });
});
