import type { ImagePath } from './model';

/**
 * Where a chart keeps an image, as dotted paths relative to the key the rule
 * is tried under (the values' root and every object under it), e.g.
 * `{ repository: 'image.repository', tag: 'image.tag' }`. Without `tag`, the
 * value at `repository` is the whole reference (`repo:tag`). Zadig calls
 * these "image searching rules".
 *
 * @public
 */
export interface ImageRule {
  /** The registry host, kept apart from the repository, e.g. `image.registry`. */
  registry?: string;
  /** The repository, or the whole reference when there is no `tag`, e.g. `image.repository`. */
  repository: string;
  /** The tag, e.g. `image.tag`. */
  tag?: string;
}

/**
 * The rules a project without its own uses, most specific first:
 * `image.registry` + `image.repository` + `image.tag`, `image.repository` +
 * `image.tag`, and `image` as `repo:tag`.
 *
 * @public
 */
export const DEFAULT_IMAGE_RULES: readonly ImageRule[] = [
  {
    registry: 'image.registry',
    repository: 'image.repository',
    tag: 'image.tag',
  },
  { repository: 'image.repository', tag: 'image.tag' },
  { repository: 'image' },
];

/** How deep under the root rules are tried, and how many images are found at most. */
const MAX_DEPTH = 8;
const MAX_IMAGES = 50;
const KEY = /^[A-Za-z0-9_-]+$/;
/** A repository, or a whole reference: no spaces, no template braces. */
const REFERENCE_LIKE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path; `[n]` after a key indexes a list (`containers[0].image`). */
function valueAt(values: unknown, path: string): unknown {
  let current = values;
  for (const segment of path.split('.')) {
    const [key, ...indexes] = segment.split('[');
    if (key !== '') {
      if (!isObject(current)) return undefined;
      current = current[key];
    }
    for (const index of indexes) {
      if (!Array.isArray(current)) return undefined;
      current = current[Number.parseInt(index, 10)];
    }
  }
  return current;
}

function isTagValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number'
  );
}

function matches(node: Record<string, unknown>, rule: ImageRule): boolean {
  const repository = valueAt(node, rule.repository);
  if (typeof repository !== 'string') return false;
  if (rule.tag === undefined) {
    // a whole reference: `image: nginx:1.25`, not any string under `image`
    return REFERENCE_LIKE.test(repository);
  }
  if (repository !== '' && !REFERENCE_LIKE.test(repository)) return false;
  // the tag key must be there (a chart may leave it empty for its appVersion)
  const parent = valueAt(node, parentOf(rule.tag));
  const tagKey = lastOf(rule.tag);
  if (!isObject(parent) || !(tagKey in parent)) return false;
  if (!isTagValue(parent[tagKey])) return false;
  if (rule.registry === undefined) return true;
  return typeof valueAt(node, rule.registry) === 'string';
}

function parentOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

function lastOf(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

function join(prefix: string, path: string): string {
  if (!prefix) return path;
  return path ? `${prefix}.${path}` : prefix;
}

/**
 * The name of an image found at `keyPath` (where its repository's parent
 * is): `main` at the root's `image`, otherwise the path without a last
 * `image` segment, dots as dashes (`metrics.image` is `metrics`).
 */
function imageName(keyPath: string): string {
  const segments = keyPath ? keyPath.split('.') : [];
  if (segments[segments.length - 1] === 'image') segments.pop();
  const name = segments
    .join('-')
    .replace(/_/g, '-')
    .toLowerCase()
    .replace(/^-+|-+$/g, '');
  return (name || 'main').slice(0, 63).replace(/-+$/, '');
}

/**
 * The images a chart's values keep, by `rules` tried in order at the root
 * and under every key (objects only, up to 8 levels). The first rule that
 * matches under a key wins there, and a key inside a found image is not
 * searched again. Keys that are not plain words (dots, spaces) are skipped,
 * as a values path could not name them.
 *
 * @public
 */
export function findImagePaths(
  values: unknown,
  rules: readonly ImageRule[] = DEFAULT_IMAGE_RULES,
): ImagePath[] {
  const found: ImagePath[] = [];
  const names = new Set<string>();
  const claimed = new Set<string>();
  const visit = (node: unknown, prefix: string, depth: number) => {
    if (!isObject(node) || found.length >= MAX_IMAGES) return;
    for (const rule of rules) {
      if (!matches(node, rule)) continue;
      const repositoryPath = join(prefix, rule.repository);
      if (claimed.has(repositoryPath)) continue;
      let name = imageName(join(prefix, parentOf(rule.repository)));
      for (let n = 2; names.has(name); n++) name = `${name}-${n}`;
      names.add(name);
      const path: ImagePath = { name, repositoryPath };
      if (rule.tag !== undefined) path.tagPath = join(prefix, rule.tag);
      if (rule.registry !== undefined) {
        path.registryPath = join(prefix, rule.registry);
      }
      for (const p of [path.repositoryPath, path.tagPath, path.registryPath]) {
        if (p) claimed.add(p);
      }
      // the object holding the image is done: `image.repository` is not
      // also `repository` under `image`
      claimed.add(join(prefix, parentOf(rule.repository)));
      found.push(path);
      if (found.length >= MAX_IMAGES) return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const [key, child] of Object.entries(node)) {
      if (!KEY.test(key) || !isObject(child)) continue;
      const childPath = join(prefix, key);
      if (claimed.has(childPath)) continue;
      visit(child, childPath, depth + 1);
    }
  };
  visit(values, '', 0);
  return found;
}

/**
 * The image reference an image path gives in `values` (registry, repository
 * and tag put together; a digest tag with `@`), or undefined when its
 * repository is not set there.
 *
 * @public
 */
export function imageReferenceAt(
  values: unknown,
  path: ImagePath,
): string | undefined {
  const repository = valueAt(values, path.repositoryPath);
  if (typeof repository !== 'string' || repository === '') return undefined;
  const registry = path.registryPath
    ? valueAt(values, path.registryPath)
    : undefined;
  const name =
    typeof registry === 'string' && registry !== ''
      ? `${registry.replace(/\/+$/, '')}/${repository}`
      : repository;
  if (!path.tagPath) return name;
  const tag = valueAt(values, path.tagPath);
  if (tag === undefined || tag === null || tag === '') return name;
  const text = String(tag);
  return text.startsWith('sha256:') ? `${name}@${text}` : `${name}:${text}`;
}
