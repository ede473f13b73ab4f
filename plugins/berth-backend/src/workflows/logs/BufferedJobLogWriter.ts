import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { JobLogCapLimits, JobLogCapState, capNote, planCap } from './capJobLog';
import { JobLogNotifier } from './JobLogNotifier';
import { JobLogStore, JobLogTarget, NewJobLogChunk } from './JobLogStore';
import { jobLogLogger } from './jobLogLogger';
import { LogMasker } from './LogMasker';
import { splitHead, splitIntoPieces, splitTail, utf8Bytes } from './utf8Text';

/** How a writer buffers and caps. */
export interface JobLogWriterOptions {
  /** Buffered text is stored this long after its first write at the latest. */
  flushIntervalMs: number;
  /** Buffered text is stored once it reaches this many bytes; also the largest chunk. */
  flushBytes: number;
  maxBytesPerJob: number;
  limits: JobLogCapLimits;
  /** Where failures of background flushes are reported (the text is kept and retried). */
  backendLogger?: LoggerService;
}

/**
 * Writes one job attempt's log: buffers what it is given, masks registered
 * values, keeps the stored log under the cap and stores a chunk per flush
 * (every `flushIntervalMs`, or at `flushBytes`, or on `flush`/`close`).
 * Flushes run one at a time, in order. Text of a failed flush stays buffered
 * and goes with the next one.
 */
export class BufferedJobLogWriter {
  readonly logger: LoggerService;
  private readonly masker = new LogMasker();
  private raw = '';
  private rawBytes = 0;
  private firstAt?: Date;
  private lastAt?: Date;
  private timer?: NodeJS.Timeout;
  private queue: Promise<void> = Promise.resolve();
  private state?: JobLogCapState;
  private closed = false;
  /** Bytes dropped from the buffer's middle (writes outran the database), not yet in a stored note. */
  private droppedBytes = 0;
  /** A background flush is queued and has not started: writes need not queue another. */
  private flushQueued = false;

  constructor(
    private readonly target: JobLogTarget,
    private readonly store: JobLogStore,
    private readonly notifier: JobLogNotifier,
    private readonly options: JobLogWriterOptions,
  ) {
    this.logger = jobLogLogger(line => this.write(line));
  }

  write(text: string, at: Date = new Date()): void {
    if (this.closed || !text) return;
    // PostgreSQL text cannot hold NUL characters.
    const clean = text.replaceAll('\u0000', '');
    this.raw += clean;
    this.rawBytes += utf8Bytes(clean);
    if (this.rawBytes > 2 * this.options.maxBytesPerJob) this.dropMiddle();
    this.firstAt ??= at;
    this.lastAt = at;
    if (this.rawBytes >= this.options.flushBytes) {
      this.startFlush();
    } else if (!this.timer) {
      this.timer = setTimeout(
        () => this.startFlush(),
        this.options.flushIntervalMs,
      );
      this.timer.unref?.();
    }
  }

  mask(value: string): void {
    this.masker.add(value);
  }

  /** Stores what was written so far (but the end that may begin a masked value). */
  flush(): Promise<void> {
    return this.enqueue(false);
  }

  /** Stores everything and stops: later writes are ignored. */
  async close(): Promise<void> {
    this.closed = true;
    await this.enqueue(true);
  }

  private startFlush() {
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.enqueue(false).catch(error =>
      this.options.backendLogger?.warn(
        `Could not store the log of job run ${
          this.target.jobRunId
        }, will retry: ${stringifyError(error)}`,
      ),
    );
  }

  private enqueue(final: boolean): Promise<void> {
    this.clearTimer();
    const run = this.queue.then(() => this.flushBuffered(final));
    // A failure is the caller's; the queue goes on.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Keeps the buffer's first and last half-cap when writes outrun the
   * database (or it refuses them): whatever the stored log holds, the cap
   * would keep no more than that of this text. Cuts are at line ends when
   * there are any, so no masked value (never a newline in one) is cut.
   */
  private dropMiddle() {
    const { headBytes, tailBytes } = this.options.limits;
    const [front, rest] = splitHead(this.raw, headBytes);
    const [dropped, back] = splitTail(rest, tailBytes);
    // Counted as it would have been stored (masked), like the rest of the note.
    this.droppedBytes += utf8Bytes(this.masker.mask(dropped, true).masked);
    this.raw = front + back;
    this.rawBytes = utf8Bytes(this.raw);
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async flushBuffered(final: boolean): Promise<void> {
    this.flushQueued = false;
    if (!this.raw) return;
    const { masked, held } = this.masker.mask(this.raw, final);
    if (!masked) return;
    const taken = this.raw.slice(0, this.raw.length - held.length);
    const firstAt = this.firstAt ?? new Date();
    const lastAt = this.lastAt ?? firstAt;
    this.raw = held;
    this.rawBytes = utf8Bytes(held);
    this.firstAt = held ? lastAt : undefined;
    try {
      await this.storeText(masked, firstAt, lastAt);
    } catch (error) {
      this.raw = taken + this.raw;
      this.rawBytes = utf8Bytes(this.raw);
      this.firstAt = firstAt;
      if (!this.closed && !this.timer) {
        this.timer = setTimeout(
          () => this.startFlush(),
          this.options.flushIntervalMs,
        );
        this.timer.unref?.();
      }
      throw error;
    }
    this.notifier.notify(this.target.jobRunId);
    if (this.rawBytes >= this.options.flushBytes) {
      await this.flushBuffered(final);
    } else if (this.raw && !this.closed && !this.timer && final === false) {
      // What came in during the flush waits at most one interval.
      this.timer = setTimeout(
        () => this.startFlush(),
        this.options.flushIntervalMs,
      );
      this.timer.unref?.();
    }
  }

  private async storeText(text: string, firstAt: Date, lastAt: Date) {
    const state =
      this.state ??
      (await this.store.capState(this.target.jobRunId, this.target.attempt));
    const dropped = this.droppedBytes;
    const capped = planCap(state, this.options.limits, text);
    const plan = {
      ...capped,
      omittedBytes: capped.omittedBytes + dropped,
      // Text was left out: the note goes in even if what is left fits the head.
      startsNote: capped.startsNote || (dropped > 0 && !state.headFull),
    };
    const chunk = (piece: string): NewJobLogChunk => ({
      text: piece,
      bytes: utf8Bytes(piece),
      firstAt,
      lastAt,
    });
    const headChunks = splitIntoPieces(plan.head, this.options.flushBytes).map(
      chunk,
    );
    const tailChunks = splitIntoPieces(plan.tail, this.options.flushBytes).map(
      chunk,
    );
    const note = capNote(plan.omittedBytes, this.options.maxBytesPerJob);
    const chunks = [
      ...headChunks,
      ...(plan.startsNote
        ? [
            {
              text: note,
              bytes: 0,
              firstAt,
              lastAt,
              note: { omittedBytes: plan.omittedBytes },
            },
          ]
        : []),
      ...tailChunks,
    ];
    const noteUpdate =
      !plan.startsNote &&
      state.noteSequence !== undefined &&
      plan.omittedBytes !== state.omittedBytes
        ? {
            sequence: state.noteSequence,
            text: note,
            omittedBytes: plan.omittedBytes,
          }
        : undefined;
    const sequences = await this.store.append(this.target, {
      chunks,
      deleteSequences: plan.dropSequences,
      noteUpdate,
    });
    // The flush is stored: the cap's state moves on.
    const next: JobLogCapState = {
      headBytes:
        state.headBytes + headChunks.reduce((sum, c) => sum + c.bytes, 0),
      headFull: state.headFull || plan.startsNote,
      noteSequence: state.noteSequence,
      omittedBytes: plan.omittedBytes,
      tail: state.tail.filter(t => !plan.dropSequences.includes(t.sequence)),
    };
    chunks.forEach((stored, index) => {
      if (stored.note) next.noteSequence = sequences[index];
      else if (index >= headChunks.length) {
        next.tail.push({ sequence: sequences[index], bytes: stored.bytes });
      }
    });
    this.state = next;
    this.droppedBytes -= dropped;
  }
}
