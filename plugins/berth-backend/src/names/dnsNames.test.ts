import { InputError } from '@backstage/errors';
import { assertDnsLabel, assertDnsSubdomain } from './dnsNames';

describe('assertDnsLabel', () => {
  it.each(['a', 'cart', 'shop-dev', 'a1', '1a', '0', 'a'.repeat(63)])(
    'accepts %s',
    value => {
      expect(() => assertDnsLabel(value, 'Service name')).not.toThrow();
    },
  );

  it.each([
    ['', "Service name '' is not a valid DNS label (RFC 1123): it is empty"],
    [
      'Cart',
      "Service name 'Cart' is not a valid DNS label (RFC 1123): it has upper-case letters",
    ],
    [
      'cart_v2',
      "Service name 'cart_v2' is not a valid DNS label (RFC 1123): only lower-case letters, digits and - are allowed",
    ],
    [
      'a.b',
      "Service name 'a.b' is not a valid DNS label (RFC 1123): only lower-case letters, digits and - are allowed",
    ],
    [
      '-cart',
      "Service name '-cart' is not a valid DNS label (RFC 1123): it must start and end with a letter or digit",
    ],
    [
      'cart-',
      "Service name 'cart-' is not a valid DNS label (RFC 1123): it must start and end with a letter or digit",
    ],
    [
      'a'.repeat(64),
      `Service name '${'a'.repeat(
        64,
      )}' is not a valid DNS label (RFC 1123): it is 64 characters long, more than 63`,
    ],
  ])('refuses %j', (value, message) => {
    expect(() => assertDnsLabel(value, 'Service name')).toThrow(InputError);
    expect(() => assertDnsLabel(value, 'Service name')).toThrow(message);
  });

  it('refuses values that are not strings', () => {
    expect(() => assertDnsLabel(42, 'Namespace')).toThrow(
      'Namespace must be a string, but it is a number',
    );
    expect(() => assertDnsLabel(undefined, 'Namespace')).toThrow(
      'Namespace must be a string, but it is a undefined',
    );
  });
});

describe('assertDnsSubdomain', () => {
  it.each(['cart', 'cart.shop', 'a-1.b-2.c', 'a'.repeat(253)])(
    'accepts %s',
    value => {
      expect(() => assertDnsSubdomain(value, 'Object name')).not.toThrow();
    },
  );

  it.each([
    ['', 'it is empty'],
    ['cart..shop', "its part '' is not valid: it is empty"],
    ['cart.', "its part '' is not valid: it is empty"],
    ['Cart.shop', "its part 'Cart' is not valid: it has upper-case letters"],
    [
      'cart.-shop',
      "its part '-shop' is not valid: it must start and end with a letter or digit",
    ],
    ['cart:v1', 'only lower-case letters, digits and - are allowed'],
    ['a'.repeat(254), 'it is 254 characters long, more than 253'],
  ])('refuses %j', (value, problem) => {
    expect(() => assertDnsSubdomain(value, 'Object name')).toThrow(
      `Object name '${value}' is not a valid DNS subdomain (RFC 1123): ${problem}`,
    );
  });
});
