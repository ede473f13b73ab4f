import { InputError } from '@backstage/errors';

/** A container image reference split into its parts. */
export interface ImageReference {
  /** Registry and path, e.g. `ghcr.io/berth-demo/cart` or `localhost:5000/cart`. */
  repository: string;
  /** The tag, e.g. `1.2.3`; absent when the reference has none. */
  tag?: string;
  /** The digest, e.g. `sha256:0123…`; absent when the reference has none. */
  digest?: string;
}

const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/**
 * Splits an image reference (`registry/repo:tag`, `repo@sha256:…` or
 * `repo:tag@sha256:…`) into repository, tag and digest, checking each part
 * against the OCI distribution grammar.
 *
 * @param what - names the reference in errors, e.g. "image 'cart' of service 'cart'"
 */
export function parseImageReference(ref: string, what: string): ImageReference {
  const fail = (problem: string): never => {
    throw new InputError(
      `${what} '${ref}' is not a valid image reference: ${problem}`,
    );
  };
  if (typeof ref !== 'string' || ref.trim() === '') {
    return fail('it is empty');
  }
  if (/\s/.test(ref)) {
    fail('it contains whitespace');
  }
  let name = ref;
  let digest: string | undefined;
  const at = ref.indexOf('@');
  if (at >= 0) {
    name = ref.slice(0, at);
    digest = ref.slice(at + 1);
    if (!DIGEST.test(digest)) {
      fail(`the digest '${digest}' is not of the form sha256:<hex>`);
    }
  }
  let repository = name;
  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    repository = name.slice(0, colon);
    tag = name.slice(colon + 1);
    if (!TAG.test(tag)) {
      fail(
        `the tag '${tag}' must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`,
      );
    }
  }
  if (repository === '') {
    fail('the repository is empty');
  }
  const components = repository.split('/');
  const first = components[0];
  const hasHost =
    components.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasHost && !HOST.test(first)) {
    fail(`the registry '${first}' is not a host name with an optional port`);
  }
  for (const component of hasHost ? components.slice(1) : components) {
    if (!PATH_COMPONENT.test(component)) {
      fail(
        `the repository part '${component}' must be lower-case letters and digits, separated by '.', '_', '__' or '-'`,
      );
    }
  }
  const result: ImageReference = { repository };
  if (tag !== undefined) {
    result.tag = tag;
  }
  if (digest !== undefined) {
    result.digest = digest;
  }
  return result;
}

/**
 * The value Berth writes at an image's tag path: the tag, the digest, or
 * `tag@digest` when there are both (so `repository:tag` in a chart still
 * forms a valid reference, and charts render a `sha256:` tag with '@');
 * `latest` when the reference has neither, as a container runtime would.
 */
export function imageTagValue(ref: ImageReference): string {
  if (ref.digest && ref.tag) {
    return `${ref.tag}@${ref.digest}`;
  }
  return ref.digest ?? ref.tag ?? 'latest';
}
