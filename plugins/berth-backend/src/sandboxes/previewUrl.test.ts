import { previewUrl } from './previewUrl';

describe('previewUrl', () => {
  it('takes the scheme and port of the cluster environment URL', () => {
    expect(
      previewUrl('http://{namespace}.localhost:8080', 'alice.shop.localhost'),
    ).toBe('http://alice.shop.localhost:8080/');
    expect(
      previewUrl('https://{namespace}.example.com/app', 'alice.example.com'),
    ).toBe('https://alice.example.com/');
    expect(previewUrl(undefined, 'alice.example.com')).toBeUndefined();
  });
});
