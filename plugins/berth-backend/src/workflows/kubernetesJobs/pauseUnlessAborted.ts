/** Waits `ms`, or less when the signal aborts (never rejects). */
export function pauseUnlessAborted(
  ms: number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise(resolve => {
    let timer: NodeJS.Timeout | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
