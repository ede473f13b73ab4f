import { mergeValues } from './mergeValues';

describe('mergeValues', () => {
  it('merges maps recursively, higher layers winning key by key', () => {
    expect(
      mergeValues(
        { image: { repository: 'r', tag: '1' }, env: { A: '1', B: '2' } },
        { image: { tag: '2' }, env: { B: 'b', C: 'c' } },
        { env: { C: 'top' }, replicaCount: 3 },
      ),
    ).toEqual({
      image: { repository: 'r', tag: '2' },
      env: { A: '1', B: 'b', C: 'top' },
      replicaCount: 3,
    });
  });

  it('replaces lists and scalars instead of merging them', () => {
    expect(
      mergeValues(
        { args: ['--a', '--b'], port: 80, tolerations: [{ key: 'x' }] },
        { args: ['--c'], port: 8080, tolerations: [] },
      ),
    ).toEqual({ args: ['--c'], port: 8080, tolerations: [] });
  });

  it('lets a scalar replace a map and a map replace a scalar', () => {
    expect(
      mergeValues(
        { resources: { limits: { cpu: 1 } }, ingress: false },
        { resources: 'none', ingress: { enabled: true } },
      ),
    ).toEqual({ resources: 'none', ingress: { enabled: true } });
  });

  it('deletes keys set to null by a higher layer, at any depth', () => {
    expect(
      mergeValues(
        { a: 1, b: { c: 2, d: 3 }, keep: null },
        { a: null, b: { c: null }, absent: null, fresh: { x: null, y: 1 } },
      ),
    ).toEqual({ b: { d: 3 }, keep: null, fresh: { y: 1 } });
    expect(mergeValues({ a: { b: 1 } }, { a: null }, { a: { c: 2 } })).toEqual({
      a: { c: 2 },
    });
  });

  it('keeps nulls inside lists', () => {
    expect(mergeValues({}, { list: [null, 1] })).toEqual({ list: [null, 1] });
  });

  it('skips undefined layers and returns {} for none', () => {
    expect(mergeValues()).toEqual({});
    expect(mergeValues(undefined, { a: 1 }, undefined)).toEqual({ a: 1 });
  });

  it('never changes its inputs and shares no objects with them', () => {
    const chart = { image: { tag: '1' }, list: [{ a: 1 }], drop: 1 };
    const user = { image: { tag: '2' }, drop: null, extra: { nested: [1] } };
    const before = JSON.stringify([chart, user]);
    const merged = mergeValues(chart, user);
    expect(JSON.stringify([chart, user])).toBe(before);
    (merged.list as Array<Record<string, number>>)[0].a = 99;
    (merged.extra as { nested: number[] }).nested.push(2);
    (merged.image as Record<string, string>).tag = 'changed';
    expect(chart.list[0].a).toBe(1);
    expect(user.extra.nested).toEqual([1]);
    expect(user.image.tag).toBe('2');
    expect(chart.image.tag).toBe('1');
  });

  it('treats __proto__ as an ordinary key', () => {
    const higher = JSON.parse('{"__proto__": {"polluted": true}}');
    const merged = mergeValues({ a: 1 }, higher);
    expect(Object.keys(merged)).toEqual(['a', '__proto__']);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses layers that are not mappings or hold non-plain data', () => {
    expect(() => mergeValues([] as unknown as Record<string, unknown>)).toThrow(
      'Cannot merge values: a layer must be a mapping, not a list',
    );
    expect(() => mergeValues({}, { when: new Date(0) })).toThrow(
      'Cannot merge values: at when: a value of type Date is not plain data',
    );
  });
});
