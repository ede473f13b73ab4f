import { isTerminalOperationStatus } from './operations';
import { isTerminalWorkflowRunStatus } from './workflows';

describe('ended statuses', () => {
  it('an operation ends succeeded, failed or cancelled', () => {
    expect(
      (['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const).map(
        isTerminalOperationStatus,
      ),
    ).toEqual([false, false, true, true, true]);
  });

  it('a workflow run ends succeeded, failed or cancelled (not while cancelling)', () => {
    expect(
      (
        [
          'queued',
          'running',
          'waiting',
          'cancelling',
          'succeeded',
          'failed',
          'cancelled',
        ] as const
      ).map(isTerminalWorkflowRunStatus),
    ).toEqual([false, false, false, false, true, true, true]);
  });
});
