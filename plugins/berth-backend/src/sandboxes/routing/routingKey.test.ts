import { InputError } from '@backstage/errors';
import {
  baggageRegex,
  sandboxKeyMatches,
  withSandboxBaggage,
} from './routingKey';

describe('baggageRegex', () => {
  const alice = new RegExp(baggageRegex('alice'));

  it.each([
    'berth-sandbox=alice',
    'foo=1, berth-sandbox=alice;p=1',
    'berth-sandbox = alice',
    'foo=1,berth-sandbox=alice,bar=2',
    '\tberth-sandbox=alice ; p=1',
  ])('matches %p', value => {
    expect(alice.test(value)).toBe(true);
  });

  it.each([
    'berth-sandbox=alice2',
    'xberth-sandbox=alice',
    'foo=berth-sandbox=alice',
    'berth-sandbox=bob',
    'berth-sandbox=xalice',
    'berth-sandbox=ali',
    'foo=alice',
    '',
  ])('refuses %p', value => {
    expect(alice.test(value)).toBe(false);
  });

  it('is anchored, so a whole-value match (Envoy) and a search (Traefik) agree', () => {
    const whole = new RegExp(`^(?:${baggageRegex('alice')})$`);
    for (const value of [
      'foo=1, berth-sandbox=alice;p=1',
      'berth-sandbox=alice2',
      'xberth-sandbox=alice',
    ]) {
      expect(whole.test(value)).toBe(alice.test(value));
    }
  });

  it('escapes nothing a DNS label needs and refuses other names', () => {
    expect(new RegExp(baggageRegex('a-1')).test('berth-sandbox=a-1')).toBe(
      true,
    );
    expect(() => baggageRegex('a.b')).toThrow(InputError);
    expect(() => baggageRegex('Alice')).toThrow(InputError);
    expect(() => baggageRegex('')).toThrow(InputError);
  });
});

describe('sandboxKeyMatches', () => {
  it('gives the x-env exact value and the baggage regex', () => {
    expect(sandboxKeyMatches('alice')).toEqual({
      xEnv: { name: 'x-env', value: 'alice' },
      baggage: { name: 'baggage', regex: baggageRegex('alice') },
    });
  });
});

describe('withSandboxBaggage', () => {
  it('appends to an existing baggage value', () => {
    expect(withSandboxBaggage('foo=1,bar=2;p=1', 'alice')).toBe(
      'foo=1, bar=2;p=1, berth-sandbox=alice',
    );
  });

  it('makes a value when there is none', () => {
    expect(withSandboxBaggage(undefined, 'alice')).toBe('berth-sandbox=alice');
    expect(withSandboxBaggage('  ', 'alice')).toBe('berth-sandbox=alice');
  });

  it('replaces an existing berth-sandbox member, keeps the rest', () => {
    expect(
      withSandboxBaggage('foo=1, berth-sandbox = bob;p=1, bar=2', 'alice'),
    ).toBe('foo=1, bar=2, berth-sandbox=alice');
  });

  it('keeps a member whose key only contains berth-sandbox', () => {
    expect(withSandboxBaggage('xberth-sandbox=bob', 'alice')).toBe(
      'xberth-sandbox=bob, berth-sandbox=alice',
    );
  });

  it('gives a value the regex matches', () => {
    const value = withSandboxBaggage('foo=1;p=2', 'alice');
    expect(new RegExp(baggageRegex('alice')).test(value)).toBe(true);
    expect(new RegExp(baggageRegex('alic')).test(value)).toBe(false);
  });

  it('refuses a name that is not a DNS label', () => {
    expect(() => withSandboxBaggage('', 'a,b')).toThrow(InputError);
  });
});
