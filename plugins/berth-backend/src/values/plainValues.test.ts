import {
  clonePlain,
  getOwn,
  hasOwn,
  isPlainObject,
  setOwn,
} from './plainValues';

const fail = (problem: string, path: string): never => {
  throw new Error(`${path}: ${problem}`);
};

describe('plainValues', () => {
  it('tells plain objects from arrays, null and class instances', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
    expect(isPlainObject(new Map())).toBe(false);
  });

  it('sets and reads own keys only, __proto__ included', () => {
    const target: Record<string, unknown> = {};
    setOwn(target, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(hasOwn(target, '__proto__')).toBe(true);
    expect(getOwn(target, '__proto__')).toEqual({ polluted: true });
    expect(getOwn(target, 'toString')).toBeUndefined();
    expect(hasOwn(target, 'toString')).toBe(false);
  });

  it('copies plain data deeply, dropping undefined keys', () => {
    const shared = { a: 1 };
    const value = { x: shared, y: [shared, 'text', true, null], z: undefined };
    const copy = clonePlain(value, fail) as typeof value;
    expect(copy).toEqual({ x: { a: 1 }, y: [{ a: 1 }, 'text', true, null] });
    expect(Object.keys(copy)).toEqual(['x', 'y']);
    expect(copy.x).not.toBe(shared);
    expect(copy.y[0]).not.toBe(copy.x);
  });

  it('reports the first value that is not plain data, with its path', () => {
    expect(() => clonePlain({ a: [1, { b: NaN }] }, fail)).toThrow(
      'a[1].b: NaN is not a finite number',
    );
    expect(() => clonePlain({ when: new Date(0) }, fail)).toThrow(
      'when: a value of type Date is not plain data',
    );
    expect(() => clonePlain([() => 1], fail)).toThrow(
      '[0]: a value of type function is not plain data',
    );
    expect(() => clonePlain({ n: BigInt(1) }, fail)).toThrow(
      'n: a value of type bigint is not plain data',
    );
  });
});
