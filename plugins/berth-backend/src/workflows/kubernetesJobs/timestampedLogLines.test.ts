import {
  endOfMillisecondNs,
  parseTimestampedLine,
  TimestampedLogLines,
} from './timestampedLogLines';

describe('parseTimestampedLine', () => {
  it('reads the time to the nanosecond and the text', () => {
    expect(
      parseTimestampedLine('2026-12-06T06:51:34.123456789Z hello world'),
    ).toEqual({
      ns: 1796539894123456789n,
      at: new Date('2026-12-06T06:51:34.123Z'),
      text: 'hello world',
    });
    // RFC3339Nano drops trailing zeros; an offset is allowed; empty text
    expect(parseTimestampedLine('2026-12-06T06:51:34.5Z ')?.ns).toBe(
      1796539894500000000n,
    );
    expect(parseTimestampedLine('2026-12-06T07:51:34+01:00 x')?.ns).toBe(
      1796539894000000000n,
    );
    expect(parseTimestampedLine('2026-12-06T06:51:34.1Z')?.text).toBe('');
  });

  it('is undefined for a line without a time', () => {
    expect(parseTimestampedLine('hello')).toBeUndefined();
    expect(parseTimestampedLine('2026-13-45T99:00:00Z x')).toBeUndefined();
  });
});

describe('TimestampedLogLines', () => {
  const collect = (after?: bigint) => {
    const lines: Array<[string, string]> = [];
    const reader = new TimestampedLogLines(
      (text, at) => lines.push([text, at.toISOString()]),
      after,
    );
    return { lines, reader };
  };

  it('gives lines split across chunks, multi-byte characters included', () => {
    const { lines, reader } = collect();
    const bytes = Buffer.from(
      '2026-12-06T06:51:34.000000001Z caf\u00e9\n2026-12-06T06:51:34.000000002Z two\n2026-12-06T06:51:35Z last',
    );
    // cut inside the two bytes of é
    const cut = bytes.indexOf(0xc3) + 1;
    reader.write(bytes.subarray(0, cut));
    reader.write(bytes.subarray(cut));
    expect(lines).toEqual([
      ['caf\u00e9', '2026-12-06T06:51:34.000Z'],
      ['two', '2026-12-06T06:51:34.000Z'],
    ]);
    reader.end();
    expect(lines.at(-1)).toEqual(['last', '2026-12-06T06:51:35.000Z']);
    expect(reader.lastNs).toBe(1796539895000000000n);
    expect(reader.sinceTime).toBe('2026-12-06T06:51:35Z');
  });

  it('skips what it gave before when the stream is read again from a whole second', () => {
    const { lines, reader } = collect();
    const stream = '2026-12-06T06:51:34.100Z a\n2026-12-06T06:51:34.200Z b\n';
    reader.write(stream);
    reader.end();
    reader.write(`${stream}2026-12-06T06:51:34.300Z c\n`);
    expect(lines.map(([text]) => text)).toEqual(['a', 'b', 'c']);
  });

  it('starts after a stored line of millisecond precision', () => {
    const { lines, reader } = collect(
      endOfMillisecondNs(new Date('2026-12-06T06:51:34.200Z')),
    );
    reader.write(
      '2026-12-06T06:51:34.100Z a\n2026-12-06T06:51:34.200345Z b\n2026-12-06T06:51:34.201Z c\n',
    );
    expect(lines.map(([text]) => text)).toEqual(['c']);
  });

  it('gives a line without a time with the current time', () => {
    const { lines, reader } = collect();
    const before = Date.now();
    reader.write('no time here\n');
    expect(lines[0][0]).toBe('no time here');
    expect(Date.parse(lines[0][1])).toBeGreaterThanOrEqual(before);
  });
});
