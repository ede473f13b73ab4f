import { BERTH_WORKFLOW_SIGNAL_CHANNEL } from '@berth/plugin-berth-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeSignalApi } from '../../../testUtils/fixtures';
import { FakeEventSource } from '../../../testUtils/workflows/FakeEventSource';
import { FakeLogStream } from '../../../testUtils/workflows/FakeLogStream';
import {
  callsOf,
  renderBerthAt,
} from '../../../testUtils/workflows/renderWorkflows';
import { fakeWorkflowsApi } from '../../../testUtils/workflows/workflowFixtures';

function stage(name: string) {
  return screen.getByRole('group', { name: `Stage ${name}` });
}

describe('WorkflowRunPage', () => {
  jest.setTimeout(90_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('shows the stages and jobs with their statuses, outputs, tests and logs', async () => {
    await renderBerthAt('/berth/workflow-runs/run-7');
    expect(
      await screen.findByRole('heading', { name: 'release #7' }),
    ).toBeInTheDocument();
    expect(within(stage('build')).getAllByText('Succeeded')).toHaveLength(3);
    expect(within(stage('approve')).getAllByText('Waiting')).toHaveLength(2);
    expect(
      within(stage('deploy')).getByText('Manual stage'),
    ).toBeInTheDocument();
    expect(within(stage('deploy')).getByText('Pending')).toBeInTheDocument();

    // The first job is shown: its outputs and its log (read, no EventSource in jsdom).
    expect(screen.getByText('image (build)')).toBeInTheDocument();
    expect(screen.getByText('sha256:abc123')).toBeInTheDocument();
    expect(await screen.findByTestId('job-log')).toHaveTextContent(
      'building cart pushed sha256:abc123',
    );

    await user.click(screen.getByRole('button', { name: 'Job unit' }));
    expect(await screen.findByText('unit (test)')).toBeInTheDocument();
    expect(screen.getByTestId('test-summary')).toHaveTextContent(
      'Tests: 41 passed, 0 failed, 2 skipped',
    );
    expect(screen.getByText('No log yet.')).toBeInTheDocument();
  });

  it('records an approval with its comment, and who decided', async () => {
    const { api } = await renderBerthAt('/berth/workflow-runs/run-7');
    expect(
      await screen.findByText('Deploy the cart to dev?'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 of 2 approvals')).toBeInTheDocument();
    expect(
      screen.getByText(/user:default\/bob approved .*“Looks fine”/),
    ).toBeInTheDocument();
    await user.type(
      screen.getByRole('textbox', { name: 'Comment' }),
      'Ship it',
    );
    await user.click(screen.getByRole('button', { name: 'Approve' }));

    expect(await screen.findByText('2 of 2 approvals')).toBeInTheDocument();
    expect(
      screen.getByText(/user:default\/guest approved .*“Ship it”/),
    ).toBeInTheDocument();
    expect(screen.getByText('Approved')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(callsOf(api, 'decideWorkflowApproval')).toEqual([
      ['ap-1', { decision: 'approve', comment: 'Ship it' }],
    ]);
  });

  it('shows why a decision was refused', async () => {
    const api = fakeWorkflowsApi({ actor: 'user:default/mallory' });
    await renderBerthAt('/berth/workflow-runs/run-7', { api });
    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    expect(
      await screen.findByText(
        'Could not record the decision: user:default/mallory is not an approver',
      ),
    ).toBeInTheDocument();
    expect(
      api.workflows.data.runs[0].stages[1].jobs[0].approval!.decisions,
    ).toHaveLength(1);
  });

  it('continues a manual stage and cancels the run', async () => {
    const { api } = await renderBerthAt('/berth/workflow-runs/run-7');
    await user.click(
      await screen.findByRole('button', { name: 'Continue deploy' }),
    );
    await waitFor(() =>
      expect(callsOf(api, 'continueWorkflowStage')).toEqual([
        ['run-7', 'deploy'],
      ]),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Continue deploy' }),
      ).not.toBeInTheDocument(),
    );

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(
      await screen.findByText('Cancel requested by user:default/guest'),
    ).toBeInTheDocument();
    expect(callsOf(api, 'cancelWorkflowRun')).toEqual([['run-7']]);
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  });

  it('shows a failed run with its error and reruns it', async () => {
    const { api } = await renderBerthAt('/berth/workflow-runs/run-6');
    expect(
      await screen.findByRole('heading', { name: 'release #6' }),
    ).toBeInTheDocument();
    // The failed job is shown first, with its error and failed tests.
    expect(screen.getByText('exit code 1')).toBeInTheDocument();
    expect(screen.getByText('cart adds an item')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Cancel' }),
    ).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Rerun' }));
    expect(
      await screen.findByRole('heading', { name: 'release #8' }),
    ).toBeInTheDocument();
    expect(callsOf(api, 'rerunWorkflowRun')).toEqual([['run-6']]);
  });

  it('retries the failed jobs of a failed run', async () => {
    const { api } = await renderBerthAt('/berth/workflow-runs/run-6');
    await user.click(
      await screen.findByRole('button', { name: 'Retry failed jobs' }),
    );
    await waitFor(() =>
      expect(callsOf(api, 'retryWorkflowRun')).toEqual([['run-6']]),
    );
    // Queued again: it can be cancelled, no longer retried.
    expect(
      await screen.findByRole('button', { name: 'Cancel' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retry failed jobs' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('attempt 2')).toBeInTheDocument();
  });

  it('shows why retrying was refused', async () => {
    const { api } = await renderBerthAt('/berth/workflow-runs/run-6');
    await screen.findByRole('heading', { name: 'release #6' });
    // Someone else retried it meanwhile: it is no longer failed.
    api.workflows.data.runs.find(r => r.id === 'run-6')!.status = 'running';
    await user.click(screen.getByRole('button', { name: 'Retry failed jobs' }));
    expect(
      await screen.findByText('Could not retry: Run 6 has not failed'),
    ).toBeInTheDocument();
  });

  it('updates on signals and streams the log of a running job', async () => {
    const uninstall = FakeEventSource.install();
    try {
      const signals = new FakeSignalApi();
      const api = fakeWorkflowsApi({ signals });
      await renderBerthAt('/berth/workflow-runs/run-7', { api, signals });
      await screen.findByRole('heading', { name: 'release #7' });
      await waitFor(() =>
        expect(signals.subscriberCount(BERTH_WORKFLOW_SIGNAL_CHANNEL)).toBe(1),
      );

      act(() =>
        api.workflows.updateJob('run-7', 'jr-cart', { status: 'running' }),
      );
      await waitFor(() =>
        expect(
          within(stage('deploy')).getByText('Running'),
        ).toBeInTheDocument(),
      );
      await user.click(screen.getByRole('button', { name: 'Job cart' }));
      await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
      const source = FakeEventSource.instances[0];
      expect(source.url).toBe(
        'http://localhost:7007/api/berth/workflow-runs/run-7/jobs/jr-cart/logs/stream',
      );
      expect(source.withCredentials).toBe(true);
      act(() =>
        source.emit('chunk', {
          sequence: 1,
          jobRunId: 'jr-cart',
          attempt: 1,
          at: '2026-01-22T10:10:00Z',
          text: 'deploying cart\n',
        }),
      );
      expect(await screen.findByTestId('job-log')).toHaveTextContent(
        'deploying cart',
      );
      expect(screen.getByText('Log (live)')).toBeInTheDocument();

      // The stream fails (e.g. it cannot authenticate): the log is polled.
      api.workflows.appendLog('jr-cart', 'deploying cart\n');
      api.workflows.appendLog('jr-cart', 'cart is ready\n');
      act(() => source.fail());
      expect(
        await screen.findByText('Log (refreshed every 2 s)'),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(screen.getByTestId('job-log')).toHaveTextContent(
          'deploying cart cart is ready',
        ),
      );
      expect(callsOf(api, 'getJobLogs')).toContainEqual([
        'run-7',
        'jr-cart',
        1,
      ]);
    } finally {
      uninstall();
    }
  });

  it('streams the log through the authenticated fetch when the API offers it', async () => {
    const stream = new FakeLogStream();
    const api = fakeWorkflowsApi();
    const opened: unknown[][] = [];
    Object.assign(api, {
      openWorkflowJobLogStream: async (...args: unknown[]) => {
        opened.push(args.slice(0, 2));
        return stream.response();
      },
    });
    api.workflows.data.runs[0].stages[2].jobs[0].status = 'running';
    await renderBerthAt('/berth/workflow-runs/run-7', { api });
    await user.click(await screen.findByRole('button', { name: 'Job cart' }));
    await waitFor(() => expect(opened).toEqual([['run-7', 'jr-cart']]));
    expect(screen.getByText('Log (live)')).toBeInTheDocument();
    act(() =>
      stream.chunk({
        sequence: 1,
        jobRunId: 'jr-cart',
        attempt: 1,
        at: '2026-01-22T10:10:00Z',
        text: 'helm upgrade cart\n',
      }),
    );
    expect(await screen.findByTestId('job-log')).toHaveTextContent(
      'helm upgrade cart',
    );
    // The connection drops: the page reads the rest.
    api.workflows.appendLog('jr-cart', 'helm upgrade cart\n');
    api.workflows.appendLog('jr-cart', 'released\n');
    act(() => stream.breakOff());
    await waitFor(() =>
      expect(screen.getByTestId('job-log')).toHaveTextContent(
        'helm upgrade cart released',
      ),
    );
    expect(callsOf(api, 'getJobLogs')).toContainEqual(['run-7', 'jr-cart', 1]);
  });

  it('polls a run that has not finished when there are no signals', async () => {
    const { api } = await renderBerthAt('/berth/workflow-runs/run-7');
    await screen.findByRole('heading', { name: 'release #7' });
    // The engine moves on; nothing tells the page but its polling.
    api.workflows.data.runs[0].stages[2].jobs[0].status = 'succeeded';
    api.workflows.data.runs[0].status = 'succeeded';
    await waitFor(
      () =>
        expect(
          within(stage('deploy')).getByText('Succeeded'),
        ).toBeInTheDocument(),
      { timeout: 10_000 },
    );
    expect(screen.getByRole('button', { name: 'Rerun' })).toBeInTheDocument();
  });

  it('shows why the run cannot be read', async () => {
    await renderBerthAt('/berth/workflow-runs/run-404');
    expect(
      await screen.findByText('Error: Request failed with 404 Not Found'),
    ).toBeInTheDocument();
  });
});
