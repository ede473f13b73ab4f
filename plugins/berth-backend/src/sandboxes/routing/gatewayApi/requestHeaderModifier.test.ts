import {
  applyHeaderModifiers,
  REQUEST_HEADER_MODIFIER,
  withHeaderSet,
} from './requestHeaderModifier';

const key = { name: 'x-env', value: 'alice' };

describe('withHeaderSet', () => {
  it('adds a modifier first when the rule has none', () => {
    const mirror = {
      type: 'RequestMirror',
      requestMirror: { backendRef: { name: 'audit', port: 80 } },
    };
    expect(withHeaderSet(undefined, key)).toEqual([
      { type: REQUEST_HEADER_MODIFIER, requestHeaderModifier: { set: [key] } },
    ]);
    expect(withHeaderSet([mirror], key)).toEqual([
      { type: REQUEST_HEADER_MODIFIER, requestHeaderModifier: { set: [key] } },
      mirror,
    ]);
  });

  it("merges into the rule's own modifier (the CRD allows one), taking the key out of add and remove", () => {
    const rewrite = {
      type: 'URLRewrite',
      urlRewrite: {
        path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' },
      },
    };
    const own = {
      type: REQUEST_HEADER_MODIFIER,
      requestHeaderModifier: {
        set: [
          { name: 'x-from', value: 'gw' },
          { name: 'X-Env', value: 'prod' },
        ],
        add: [{ name: 'X-ENV', value: 'more' }],
        remove: ['x-env', 'x-debug'],
      },
    };
    expect(withHeaderSet([rewrite, own], key)).toEqual([
      rewrite,
      {
        type: REQUEST_HEADER_MODIFIER,
        requestHeaderModifier: {
          set: [{ name: 'x-from', value: 'gw' }, key],
          remove: ['x-debug'],
        },
      },
    ]);
  });

  it('refuses a modifier that already sets 16 other headers', () => {
    const full = {
      type: REQUEST_HEADER_MODIFIER,
      requestHeaderModifier: {
        set: Array.from({ length: 16 }, (_, i) => ({
          name: `x-h${i}`,
          value: 'v',
        })),
      },
    };
    expect(withHeaderSet([full], key)).toBe(
      'its RequestHeaderModifier already sets 16 headers, the most an HTTPRoute allows',
    );
  });
});

describe('applyHeaderModifiers', () => {
  it('sets, adds and removes in any case, in order, and leaves other filters alone', () => {
    const headers = { 'X-Env': 'bob', baggage: 'a=1', 'x-debug': '1' };
    expect(
      applyHeaderModifiers(headers, [
        { type: 'URLRewrite', urlRewrite: { hostname: 'x' } },
        {
          type: REQUEST_HEADER_MODIFIER,
          requestHeaderModifier: {
            set: [key],
            add: [{ name: 'Baggage', value: 'b=2' }],
            remove: ['X-DEBUG'],
          },
        },
      ]),
    ).toEqual({ 'x-env': 'alice', Baggage: 'a=1,b=2' });
    expect(applyHeaderModifiers(headers, undefined)).toEqual(headers);
  });
});
