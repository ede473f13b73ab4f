/**
 * Waits `ms` between two reads of something that runs in Berth; rejects at
 * once when the task is cancelled (the scaffolder aborts `signal`).
 */
export function waitBetweenPolls(
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('The task was cancelled while waiting for Berth'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(new Error('The task was cancelled while waiting for Berth'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
