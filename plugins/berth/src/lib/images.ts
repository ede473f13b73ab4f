/**
 * The tag of an image reference, e.g. `1.2.3` for `ghcr.io/acme/cart:1.2.3`;
 * a digest is shortened (`sha256:abcdef123456`); `latest` when there is none.
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) {
    const digest = image.slice(at + 1);
    const [algorithm, hex = ''] = digest.split(':');
    return `${algorithm}:${hex.slice(0, 12)}`;
  }
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon >= 0 ? image.slice(colon + 1) : 'latest';
}

/** The image without its registry path: `cart:1.2.3` for `ghcr.io/acme/cart:1.2.3`. */
export function shortImage(image: string): string {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const name = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const base = name.split(':')[0];
  return `${base}:${imageTag(image)}`;
}
