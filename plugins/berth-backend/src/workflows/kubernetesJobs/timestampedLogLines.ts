import { StringDecoder } from 'node:string_decoder';

const LINE =
  /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) ?(.*)$/s;

/** A log line of `kubectl logs --timestamps`: its time in nanoseconds, as a Date, and its text. */
export interface TimestampedLine {
  ns: bigint;
  at: Date;
  text: string;
}

/** Splits `2026-12-06T06:51:34.123456789Z text` into its time and text; undefined without a time. */
export function parseTimestampedLine(
  line: string,
): TimestampedLine | undefined {
  const match = LINE.exec(line);
  if (!match) return undefined;
  const [, seconds, fraction = '', zone, text] = match;
  const ms = Date.parse(`${seconds}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  const ns = BigInt(ms) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
  return { ns, at: new Date(Number(ns / 1_000_000n)), text };
}

/**
 * The last nanosecond of the millisecond of `date`: a line stored with that
 * (millisecond) time, and the lines before it, are at or before it.
 */
export function endOfMillisecondNs(date: Date): bigint {
  return BigInt(date.getTime()) * 1_000_000n + 999_999n;
}

/**
 * Turns the chunks of a timestamped log stream into lines, each given once:
 * lines at or before the last one given (or the starting point) are skipped,
 * so a stream read again from a `sinceTime` (whole seconds on the server)
 * repeats nothing. Lines without a timestamp are given with the current time.
 */
export class TimestampedLogLines {
  private partial = '';
  private decoder = new StringDecoder('utf8');

  constructor(
    private readonly emit: (text: string, at: Date) => void,
    private after?: bigint,
  ) {}

  /** The time of the last line given, in nanoseconds (or the starting point). */
  get lastNs(): bigint | undefined {
    return this.after;
  }

  /** The time to ask the server for lines from (whole seconds are enough: earlier ones are skipped). */
  get sinceTime(): string | undefined {
    if (this.after === undefined) return undefined;
    const seconds = Number(this.after / 1_000_000_000n) * 1000;
    return new Date(seconds).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  write(chunk: Buffer | string): void {
    const text =
      this.partial +
      (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.line(line);
  }

  /** The end of one stream: a last line without a newline is given, the decoder reset. */
  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
    if (rest) this.line(rest);
  }

  private line(line: string): void {
    const parsed = parseTimestampedLine(line);
    if (!parsed) {
      this.emit(line, new Date());
      return;
    }
    if (this.after !== undefined && parsed.ns <= this.after) return;
    this.after = parsed.ns;
    this.emit(parsed.text, parsed.at);
  }
}
