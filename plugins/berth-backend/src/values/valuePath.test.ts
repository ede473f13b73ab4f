import { formatValuePath, parseValuePath, setValueAtPath } from './valuePath';

describe('parseValuePath', () => {
  it('reads keys, list indexes and escaped dots', () => {
    expect(parseValuePath('image.tag', 'path')).toEqual(['image', 'tag']);
    expect(parseValuePath('containers[0].image', 'path')).toEqual([
      'containers',
      0,
      'image',
    ]);
    expect(parseValuePath('grid[1][2]', 'path')).toEqual(['grid', 1, 2]);
    expect(parseValuePath('annotations.example\\.com/team', 'path')).toEqual([
      'annotations',
      'example.com/team',
    ]);
  });

  it.each([
    ['', 'it is empty'],
    ['a..b', "an empty key follows 'a'"],
    ['.a', 'a key is empty'],
    ['a.', "an empty key follows 'a'"],
    [
      'a[x]',
      "'a' is followed by '[x]', but a list index is a number in brackets, e.g. [0]",
    ],
    [
      'a[1',
      "'a' is followed by '[1', but a list index is a number in brackets",
    ],
    ['a[-1]', "'a' is followed by '[-1]'"],
    ['[0]', 'a key is empty'],
    ['a]b', "unexpected ']' after 'a'"],
    ['a=b', "unexpected '='; write \\= for a key that has it"],
    ['a[70000]', 'the list index 70000 is larger than 65536'],
    ['a\\', 'it ends with a lone \\'],
  ])('refuses %j', (path, problem) => {
    expect(() => parseValuePath(path, 'image path')).toThrow(
      `image path '${path}' is malformed: ${problem}`,
    );
  });
});

describe('formatValuePath', () => {
  it('writes paths back, escaping what needs it', () => {
    expect(formatValuePath(['a', 0, 'b.c', 1])).toBe('a[0].b\\.c[1]');
    expect(parseValuePath(formatValuePath(['x=y', 'z']), 'p')).toEqual([
      'x=y',
      'z',
    ]);
  });
});

describe('setValueAtPath', () => {
  it('creates maps and lists, padding lists with nulls', () => {
    const root: Record<string, unknown> = { keep: 1 };
    setValueAtPath(root, ['a', 'b'], 1);
    setValueAtPath(root, ['list', 2, 'name'], 'x');
    setValueAtPath(root, ['list', 2, 'port'], 80);
    expect(root).toEqual({
      keep: 1,
      a: { b: 1 },
      list: [null, null, { name: 'x', port: 80 }],
    });
  });

  it('writes into existing lists without losing their other items', () => {
    const root: Record<string, unknown> = {
      containers: [{ name: 'app', image: 'old' }, { name: 'sidecar' }],
    };
    setValueAtPath(root, ['containers', 0, 'image'], 'new');
    expect(root.containers).toEqual([
      { name: 'app', image: 'new' },
      { name: 'sidecar' },
    ]);
  });

  it('replaces a scalar in the way', () => {
    const root: Record<string, unknown> = { image: 'nginx' };
    setValueAtPath(root, ['image', 'tag'], '1');
    expect(root).toEqual({ image: { tag: '1' } });
  });

  it('sets __proto__ as an own key', () => {
    const root: Record<string, unknown> = {};
    setValueAtPath(root, ['__proto__', 'polluted'], true);
    expect(Object.keys(root)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
