import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig, Log } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { TimestampedLogLines } from './timestampedLogLines';

const RECONNECT_MS = 500;

/**
 * Follows one container's log with timestamps (client-node's `Log`),
 * giving each line once: it reconnects from the last line's time when the
 * stream ends while the container runs or fails (e.g. the container is not
 * started yet), and ends after a stream that began once the container was
 * known to have terminated.
 */
export class PodLogFollower {
  private stopped = false;
  private terminated = false;
  private complete = false;
  private controller?: AbortController;
  private wake: () => void = () => {};
  private readonly done: Promise<void>;

  constructor(
    private readonly kc: KubeConfig,
    private readonly target: {
      namespace: string;
      pod: string;
      container: string;
    },
    private readonly lines: TimestampedLogLines,
    private readonly logger?: LoggerService,
  ) {
    this.done = this.follow();
  }

  /**
   * The container has terminated: waits up to `drainMs` for the log to be
   * read to its end, then stops. Resolves whether it was read to the end.
   */
  async finish(drainMs: number): Promise<boolean> {
    this.terminated = true;
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.done,
      new Promise(resolve => {
        timer = setTimeout(resolve, drainMs);
      }),
    ]);
    clearTimeout(timer);
    this.stop();
    return this.complete;
  }

  /** Stops following at once (the lines read so far were given). */
  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    this.wake();
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      const afterTermination = this.terminated;
      try {
        await this.readStream();
        if (this.stopped) return;
        if (afterTermination) {
          this.complete = true;
          return;
        }
        // the end is known now: read once more at once, to the end
        if (this.terminated) continue;
      } catch (error) {
        if (this.stopped) return;
        this.logger?.debug(
          `Log of pod ${this.target.namespace}/${this.target.pod}: ${String(
            (error as Error)?.message ?? error,
          )}; reading again`,
        );
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, RECONNECT_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** One log request, until its stream ends (or `stop`). */
  private async readStream(): Promise<void> {
    const lines = this.lines;
    let onStop: () => void = () => {};
    const ended = new Promise<void>((resolve, reject) => {
      onStop = resolve;
      const sink = new Writable({
        write(chunk, _encoding, callback) {
          lines.write(chunk);
          callback();
        },
        final(callback) {
          lines.end();
          callback();
          resolve();
        },
      });
      // pipe() leaves errors of the source unhandled: an aborted or broken
      // answer must end this stream, not the process
      sink.on('pipe', source =>
        source.on('error', (error: Error) => {
          lines.end();
          reject(error);
        }),
      );
      const sinceTime = lines.sinceTime;
      new Log(this.kc)
        .log(
          this.target.namespace,
          this.target.pod,
          this.target.container,
          sink,
          {
            follow: true,
            timestamps: true,
            ...(sinceTime ? { sinceTime } : {}),
          },
        )
        .then(controller => {
          this.controller = controller;
          if (this.stopped) controller.abort();
        }, reject);
    });
    const stop = () => onStop();
    const previousWake = this.wake;
    this.wake = () => {
      if (this.stopped) stop();
    };
    try {
      await ended;
    } finally {
      this.wake = previousWake;
    }
  }
}
