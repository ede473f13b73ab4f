import { capLimits, capNote, emptyCapState, planCap } from './capJobLog';
import { splitHead, splitIntoPieces, splitTail, utf8Bytes } from './utf8Text';

describe('planCap', () => {
  const limits = capLimits(100); // head 50, tail 50

  it('keeps everything in the head while it fits', () => {
    expect(planCap(emptyCapState(), limits, 'line 1\nline 2\n')).toEqual({
      head: 'line 1\nline 2\n',
      startsNote: false,
      tail: '',
      dropSequences: [],
      omittedBytes: 0,
    });
  });

  it('fills the head up to a line end, then starts the note and the tail', () => {
    const text = `${'h'.repeat(39)}\n${'x'.repeat(19)}\nlast\n`;
    const plan = planCap(emptyCapState(), limits, text);
    expect(plan.head).toBe(`${'h'.repeat(39)}\n`);
    expect(plan.startsNote).toBe(true);
    expect(plan.tail).toBe(`${'x'.repeat(19)}\nlast\n`);
    expect(plan.omittedBytes).toBe(0);
  });

  it('drops the oldest tail chunks and the front of a long text, counting what went', () => {
    const state = {
      headBytes: 50,
      headFull: true,
      noteSequence: 3,
      omittedBytes: 7,
      tail: [
        { sequence: 4, bytes: 20 },
        { sequence: 5, bytes: 20 },
      ],
    };
    const plan = planCap(state, limits, `${'a'.repeat(29)}\n`);
    expect(plan).toEqual({
      head: '',
      startsNote: false,
      tail: `${'a'.repeat(29)}\n`,
      dropSequences: [4],
      omittedBytes: 27,
    });
    const long = `${'b'.repeat(59)}\n${'c'.repeat(39)}\n`;
    const longPlan = planCap(state, limits, long);
    expect(longPlan.tail).toBe(`${'c'.repeat(39)}\n`);
    expect(longPlan.dropSequences).toEqual([4, 5]);
    expect(longPlan.omittedBytes).toBe(7 + 60 + 40);
  });

  it('writes a note naming what was left out, none when nothing was', () => {
    expect(capNote(0, 100)).toBe('');
    expect(capNote(3 * 1024 * 1024, 5 * 1024 * 1024)).toBe(
      "[berth] 3.0 MiB (3145728 bytes) of this job's log left out here: a job's stored log is capped at 5.0 MiB, its first and last parts kept.\n",
    );
  });
});

describe('UTF-8 cuts', () => {
  it('never cuts a character in two', () => {
    const text = 'héé€😀z';
    for (let max = 0; max <= utf8Bytes(text); max++) {
      const [head, rest] = splitHead(text, max);
      expect(head + rest).toBe(text);
      expect(utf8Bytes(head)).toBeLessThanOrEqual(max);
      expect(head).not.toMatch(/\uFFFD/);
      const [dropped, tail] = splitTail(text, max);
      expect(dropped + tail).toBe(text);
      expect(utf8Bytes(tail)).toBeLessThanOrEqual(max);
      expect(tail).not.toMatch(/^[\uDC00-\uDFFF]/);
    }
  });

  it('splits into pieces at line ends when it can', () => {
    expect(splitIntoPieces('aaa\nbbb\ncccccccc\n', 8)).toEqual([
      'aaa\nbbb\n',
      'cccccccc',
      '\n',
    ]);
    expect(splitIntoPieces('😀😀', 1)).toEqual(['😀', '😀']);
  });
});
