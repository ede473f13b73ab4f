import { abortDeletesJob, KubernetesJobAbortedError } from './abortDeletesJob';

describe('abortDeletesJob', () => {
  it('deletes for a cancel or a timeout, however given', () => {
    for (const reason of [
      'cancel',
      'timeout',
      { kind: 'cancel' },
      { type: 'timeout' },
      new DOMException('late', 'TimeoutError'),
    ]) {
      expect(abortDeletesJob(reason)).toBe(true);
    }
  });

  it('leaves the Job running for anything else (the replica stops)', () => {
    for (const reason of [
      'shutdown',
      undefined,
      new Error('stopping'),
      new DOMException('aborted', 'AbortError'),
      { kind: 'shutdown' },
    ]) {
      expect(abortDeletesJob(reason)).toBe(false);
    }
  });

  it('names the Job and whether it was deleted', () => {
    expect(
      new KubernetesJobAbortedError('berth-x-1', 'cancel', true).message,
    ).toBe("Job 'berth-x-1' was deleted: aborted (cancel)");
    expect(
      new KubernetesJobAbortedError('berth-x-1', { kind: 'shutdown' }, false)
        .message,
    ).toBe(
      'Job \'berth-x-1\' is no longer followed (it keeps running): aborted ({"kind":"shutdown"})',
    );
  });
});
