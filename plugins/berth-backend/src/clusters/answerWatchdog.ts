/** Watches that a cluster keeps answering while something runs against it. */
export interface AnswerWatchdog {
  /**
   * Aborted, with the error that says why (naming the cluster), once a check
   * finds that the cluster does not answer.
   */
  readonly signal: AbortSignal;
  /** Stops the checks; call it when the work ends. */
  stop(): void;
}

/**
 * Runs `check` every `intervalMs` (each after the previous one ended) until
 * stopped or until it reports a problem (an error resolved or thrown); then
 * aborts the signal with that error. The timers do not keep the process
 * alive.
 */
export function startAnswerWatchdog(
  check: () => Promise<Error | undefined>,
  intervalMs: number,
): AnswerWatchdog {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  async function tick() {
    let problem: Error | undefined;
    try {
      problem = await check();
    } catch (error) {
      problem = error as Error;
    }
    if (stopped) return;
    if (problem) {
      stopped = true;
      controller.abort(problem);
    } else {
      schedule();
    }
  }
  function schedule() {
    if (stopped) return;
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  }
  schedule();
  return {
    signal: controller.signal,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
