/** What replaces a masked value in a stored log. */
export const MASK = '***';

/**
 * Values shorter than this are not masked: a one- or two-character "secret"
 * would turn every occurrence of those letters in the log into `***`.
 */
export const MIN_MASKED_LENGTH = 3;

/**
 * Hides registered values (secret params, tokens) in log text. A value of
 * several lines is registered line by line (as GitHub Actions does), so no
 * masked value holds a newline and a value cut between two writes can only
 * sit at the end of the text seen so far: `mask` holds that end back (unless
 * `final`) until the next text shows whether it completes a value.
 */
export class LogMasker {
  private values: string[] = [];

  /** Registers a value to hide; lines of a multi-line value one by one. */
  add(value: string): void {
    for (const line of value.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed.length < MIN_MASKED_LENGTH) continue;
      if (this.values.includes(trimmed)) continue;
      this.values.push(trimmed);
    }
    // Longest first: a value that contains another is hidden whole.
    this.values.sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.values.length;
  }

  /**
   * Masks `text`. Unless `final`, the longest end of it that could be the
   * start of a value is returned apart as `held` (unmasked), to be put in
   * front of the next text.
   */
  mask(text: string, final: boolean): { masked: string; held: string } {
    if (this.values.length === 0) return { masked: text, held: '' };
    let masked = '';
    let position = 0;
    // Each value's next occurrence, looked up again only once passed, so
    // text full of matches is still read once per value.
    const next = this.values.map(value => text.indexOf(value));
    for (;;) {
      let best = -1;
      for (let i = 0; i < this.values.length; i++) {
        if (next[i] >= 0 && next[i] < position) {
          next[i] = text.indexOf(this.values[i], position);
        }
        // Values are sorted longest first: at an equal index the longer wins.
        if (next[i] >= 0 && (best < 0 || next[i] < next[best])) best = i;
      }
      if (best < 0) break;
      masked += text.slice(position, next[best]) + MASK;
      position = next[best] + this.values[best].length;
    }
    const rest = text.slice(position);
    const heldLength = final ? 0 : this.longestValueStartAtEnd(rest);
    return {
      masked: masked + rest.slice(0, rest.length - heldLength),
      held: rest.slice(rest.length - heldLength),
    };
  }

  /** Length of the longest end of `text` that is a proper start of some value. */
  private longestValueStartAtEnd(text: string): number {
    // No value holds a newline: only the last line can begin one.
    const lastLine = text.slice(text.lastIndexOf('\n') + 1);
    let longest = 0;
    for (const value of this.values) {
      const max = Math.min(value.length - 1, lastLine.length);
      for (let length = max; length > longest; length--) {
        if (lastLine.endsWith(value.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
