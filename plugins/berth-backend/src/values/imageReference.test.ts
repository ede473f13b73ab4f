import { imageTagValue, parseImageReference } from './imageReference';

const digest = `sha256:${'ab12'.repeat(16)}`;

describe('parseImageReference', () => {
  it.each([
    ['cart', { repository: 'cart' }],
    ['cart:1.2.3', { repository: 'cart', tag: '1.2.3' }],
    [
      'ghcr.io/berth-demo/cart:v2',
      { repository: 'ghcr.io/berth-demo/cart', tag: 'v2' },
    ],
    ['localhost:5000/cart', { repository: 'localhost:5000/cart' }],
    [
      'localhost:5000/cart:dev',
      { repository: 'localhost:5000/cart', tag: 'dev' },
    ],
    [
      'registry.example.com:443/team/my_app__x/cart-api:1',
      {
        repository: 'registry.example.com:443/team/my_app__x/cart-api',
        tag: '1',
      },
    ],
    [
      `ghcr.io/berth-demo/cart@${digest}`,
      { repository: 'ghcr.io/berth-demo/cart', digest },
    ],
    [`cart:1.0@${digest}`, { repository: 'cart', tag: '1.0', digest }],
  ])('splits %s', (ref, expected) => {
    expect(parseImageReference(ref, 'image')).toEqual(expected);
  });

  it.each([
    ['', 'it is empty'],
    ['cart 1', 'it contains whitespace'],
    [
      'Cart:1',
      "the repository part 'Cart' must be lower-case letters and digits",
    ],
    ['cart:', "the tag '' must be 1 to 128 letters"],
    ['cart:-x', "the tag '-x' must be 1 to 128 letters"],
    [
      'cart@sha256:xyz',
      "the digest 'sha256:xyz' is not of the form sha256:<hex>",
    ],
    [':1', 'the repository is empty'],
    ['ghcr.io//cart', "the repository part '' must be lower-case"],
    ['bad_host.io:x/cart', "the registry 'bad_host.io:x' is not a host name"],
  ])('refuses %j', (ref, problem) => {
    expect(() => parseImageReference(ref, "image 'app'")).toThrow(
      `image 'app' '${ref}' is not a valid image reference: ${problem}`,
    );
  });
});

describe('imageTagValue', () => {
  it('gives the tag, the digest, both, or latest', () => {
    expect(imageTagValue({ repository: 'r', tag: '1' })).toBe('1');
    expect(imageTagValue({ repository: 'r', digest })).toBe(digest);
    expect(imageTagValue({ repository: 'r', tag: '1', digest })).toBe(
      `1@${digest}`,
    );
    expect(imageTagValue({ repository: 'r' })).toBe('latest');
  });
});
