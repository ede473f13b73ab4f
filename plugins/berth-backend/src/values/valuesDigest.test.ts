import { canonicalJson, valuesDigest } from './valuesDigest';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps list order', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }),
    ).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});

describe('valuesDigest', () => {
  it('is the sha256 hex of the canonical JSON', () => {
    expect(valuesDigest({})).toBe(
      '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
  });

  it('ignores key order but not values or list order', () => {
    const digest = valuesDigest({ a: 1, b: { c: [1, 2] } });
    expect(valuesDigest({ b: { c: [1, 2] }, a: 1 })).toBe(digest);
    expect(valuesDigest({ a: 1, b: { c: [2, 1] } })).not.toBe(digest);
    expect(valuesDigest({ a: '1', b: { c: [1, 2] } })).not.toBe(digest);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
