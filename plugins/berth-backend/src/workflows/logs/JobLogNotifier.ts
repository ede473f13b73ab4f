/**
 * Tells readers in this process that a job run's log has new chunks (a
 * writer flushed), so a stream sends them at once instead of at its next
 * poll. Readers on other replicas poll.
 */
export class JobLogNotifier {
  private readonly listeners = new Map<string, Set<() => void>>();

  /** Calls `listener` at each flush of `jobRunId`'s log until the returned function is called. */
  subscribe(jobRunId: string, listener: () => void): () => void {
    let set = this.listeners.get(jobRunId);
    if (!set) {
      set = new Set();
      this.listeners.set(jobRunId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(jobRunId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(jobRunId);
    };
  }

  notify(jobRunId: string): void {
    for (const listener of [...(this.listeners.get(jobRunId) ?? [])]) {
      listener();
    }
  }

  /** Job runs with a listener (tests check that streams unsubscribe). */
  get listenedJobRuns(): number {
    return this.listeners.size;
  }
}
