import { splitHead, splitTail, utf8Bytes } from './utf8Text';

/**
 * Where a job attempt's stored log stands against its cap: the head (kept
 * whole, the first half of the cap), then once the head is full a note chunk
 * (how much was left out), then the tail (the newest text, at most the other
 * half; its oldest chunks go as new ones arrive).
 */
export interface JobLogCapState {
  headBytes: number;
  headFull: boolean;
  /** Sequence of the note chunk, once the head is full. */
  noteSequence?: number;
  omittedBytes: number;
  /** Stored tail chunks, oldest first. */
  tail: Array<{ sequence: number; bytes: number }>;
}

export interface JobLogCapLimits {
  headBytes: number;
  tailBytes: number;
}

/** What one flush stores under the cap. */
export interface JobLogCapPlan {
  /** Text appended to the head. */
  head: string;
  /** True when this flush fills the head: the note chunk goes after `head`. */
  startsNote: boolean;
  /** Text appended to the tail. */
  tail: string;
  /** Stored tail chunks to delete (the oldest), with their bytes counted as left out. */
  dropSequences: number[];
  /** Bytes left out in all, after this flush. */
  omittedBytes: number;
}

export function capLimits(maxBytesPerJob: number): JobLogCapLimits {
  const headBytes = Math.floor(maxBytesPerJob / 2);
  return { headBytes, tailBytes: maxBytesPerJob - headBytes };
}

export function emptyCapState(): JobLogCapState {
  return { headBytes: 0, headFull: false, omittedBytes: 0, tail: [] };
}

/** Plans where `text` (already masked) goes so the stored log stays under the cap. */
export function planCap(
  state: JobLogCapState,
  limits: JobLogCapLimits,
  text: string,
): JobLogCapPlan {
  let head = '';
  let rest = text;
  let startsNote = false;
  if (!state.headFull) {
    [head, rest] = splitHead(text, limits.headBytes - state.headBytes);
    startsNote = rest.length > 0;
  }
  let omittedBytes = state.omittedBytes;
  const dropSequences: number[] = [];
  if (rest) {
    const [dropped, kept] = splitTail(rest, limits.tailBytes);
    omittedBytes += utf8Bytes(dropped);
    rest = kept;
    let tailBytes =
      state.tail.reduce((sum, chunk) => sum + chunk.bytes, 0) + utf8Bytes(rest);
    for (const chunk of state.tail) {
      if (tailBytes <= limits.tailBytes) break;
      dropSequences.push(chunk.sequence);
      omittedBytes += chunk.bytes;
      tailBytes -= chunk.bytes;
    }
  }
  return { head, startsNote, tail: rest, dropSequences, omittedBytes };
}

/** The line between head and tail of a capped log. */
export function capNote(omittedBytes: number, maxBytesPerJob: number): string {
  if (omittedBytes <= 0) return '';
  return `[berth] ${formatBytes(
    omittedBytes,
  )} (${omittedBytes} bytes) of this job's log left out here: a job's stored log is capped at ${formatBytes(
    maxBytesPerJob,
  )}, its first and last parts kept.\n`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
