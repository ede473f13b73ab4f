import { InputError } from '@backstage/errors';
import { parseSetValues, typedSetValue } from './parseSetValues';

describe('typedSetValue', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['False', false],
    ['null', null],
    ['NULL', null],
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['007', '007'],
    ['1.5', '1.5'],
    ['1e3', '1e3'],
    ['99999999999999999999', '99999999999999999999'],
    ['yes', 'yes'],
    ['', ''],
    ['abc', 'abc'],
  ])('types %j as %j', (text, value) => {
    expect(typedSetValue(text)).toEqual(value);
  });
});

describe('parseSetValues', () => {
  it('nests dotted keys and types values', () => {
    expect(
      parseSetValues('image.tag=1.2.3,replicaCount=3,debug=true,old=null'),
    ).toEqual({
      image: { tag: '1.2.3' },
      replicaCount: 3,
      debug: true,
      old: null,
    });
  });

  it('builds lists from indexes and merges entries at the same index', () => {
    expect(
      parseSetValues([
        'env[0].name=A',
        'env[0].value=1',
        'env[1].name=B',
        'args[2]=x',
      ]),
    ).toEqual({
      env: [{ name: 'A', value: 1 }, { name: 'B' }],
      args: [null, null, 'x'],
    });
  });

  it('honours escapes in keys and values', () => {
    expect(
      parseSetValues([
        'podAnnotations.example\\.com/team=shop',
        'motd=hello\\, world',
        'path=C:\\\\temp',
        'eq=a=b',
      ]),
    ).toEqual({
      podAnnotations: { 'example.com/team': 'shop' },
      motd: 'hello, world',
      path: 'C:\\temp',
      eq: 'a=b',
    });
  });

  it('reads {a,b} lists and empty values', () => {
    expect(parseSetValues('tags={a,b\\,c,1},none={},empty=')).toEqual({
      tags: ['a', 'b,c', 1],
      none: [],
      empty: '',
    });
  });

  it('lets later assignments win', () => {
    expect(parseSetValues(['a.b=1', 'a.b=2', 'c=1', 'c.d=2'])).toEqual({
      a: { b: 2 },
      c: { d: 2 },
    });
  });

  it('reads a record of path to value, taking values literally', () => {
    expect(
      parseSetValues({
        'image.tag': '2.0',
        replicaCount: '2',
        'env.GREETING': 'hi, there',
        'list[1]': '{a,b}',
        'a\\.b': 'false',
      }),
    ).toEqual({
      image: { tag: '2.0' },
      replicaCount: 2,
      env: { GREETING: 'hi, there' },
      list: [null, '{a,b}'],
      'a.b': false,
    });
  });

  it('returns {} for nothing', () => {
    expect(parseSetValues(undefined)).toEqual({});
    expect(parseSetValues([])).toEqual({});
    expect(parseSetValues({})).toEqual({});
  });

  it.each([
    ['a', "the key 'a' has no value; write key=value"],
    ['a.b', "the key 'a.b' has no value; write key=value"],
    ['a=1,b', "the key 'b' has no value; write key=value"],
    ['a=1,', 'it ends with a comma'],
    ['=1', 'a key is empty'],
    ['a..b=1', "an empty key follows 'a'"],
    [
      'list[x]=1',
      "'list' is followed by '[x]', but a list index is a number in brackets, e.g. [0]",
    ],
    [
      'list[0=1',
      "'list' is followed by '[0=1', but a list index is a number in brackets",
    ],
    ['tags={a,b', "the list starting at '{a,b' has no closing }"],
    ['tags={a}b', "unexpected 'b' after a list; separate assignments with ,"],
  ])('refuses %j', (arg, problem) => {
    expect(() => parseSetValues(arg, "set value of service 'cart'")).toThrow(
      InputError,
    );
    expect(() => parseSetValues(arg, "set value of service 'cart'")).toThrow(
      `set value of service 'cart' '${arg}' is malformed: ${problem}`,
    );
  });

  it('refuses malformed record paths and non-string record values', () => {
    expect(() => parseSetValues({ 'a..b': '1' })).toThrow(
      "set value path 'a..b' is malformed: an empty key follows 'a'",
    );
    expect(() =>
      parseSetValues({ a: 1 } as unknown as Record<string, string>),
    ).toThrow("set value 'a' must be a string, not number");
  });
});
