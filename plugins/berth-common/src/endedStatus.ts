/** The statuses in which an operation or a workflow run has ended. */
const ENDED_STATUSES: ReadonlySet<string> = new Set([
  'succeeded',
  'failed',
  'cancelled',
]);

/** Whether an operation's or a workflow run's status is one it ends in. */
export function isEndedStatus(status: string): boolean {
  return ENDED_STATUSES.has(status);
}
