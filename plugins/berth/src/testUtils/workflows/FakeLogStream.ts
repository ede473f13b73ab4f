import { WorkflowLogChunk } from '@berth/plugin-berth-common';

/**
 * The Response of the backend's log stream route, as `fetch` gives it: the
 * test writes SSE text into it (`chunk`, `end`) or breaks it off.
 */
export class FakeLogStream {
  readonly status: number;
  private readonly queue: string[] = [];
  private waiting?: (result: ReadableStreamReadResult<Uint8Array>) => void;
  private finished = false;
  cancelled = false;

  constructor(status = 200) {
    this.status = status;
  }

  /** The Response-like object `openWorkflowJobLogStream` resolves to. */
  response(): Response {
    return {
      ok: this.status >= 200 && this.status < 300,
      status: this.status,
      body: { getReader: () => this.reader() },
    } as unknown as Response;
  }

  /** Sends `event: chunk` with the chunk. */
  chunk(chunk: WorkflowLogChunk) {
    this.write(
      `id: ${chunk.sequence}\nevent: chunk\ndata: ${JSON.stringify(chunk)}\n\n`,
    );
  }

  /** Sends `event: end`: the job finished. */
  end() {
    this.write('event: end\ndata: {}\n\n');
  }

  /** The connection drops without `end`. */
  breakOff() {
    this.finished = true;
    this.flush();
  }

  write(text: string) {
    this.queue.push(text);
    this.flush();
  }

  private reader() {
    return {
      read: () =>
        new Promise<ReadableStreamReadResult<Uint8Array>>(resolve => {
          this.waiting = resolve;
          this.flush();
        }),
      cancel: async () => {
        this.cancelled = true;
      },
    };
  }

  private flush() {
    const resolve = this.waiting;
    if (!resolve) return;
    if (this.queue.length) {
      this.waiting = undefined;
      resolve({
        value: new TextEncoder().encode(this.queue.shift()!),
        done: false,
      });
    } else if (this.finished) {
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }
}
