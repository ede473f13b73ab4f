import { createHash } from 'crypto';

/** The prefix of every object and route name Berth adds for sandboxes. */
export const SANDBOX_ROUTE_PREFIX = 'berth-sbx';
/** Annotation on a base route or VirtualService that keeps Berth away. */
export const OPT_OUT_ANNOTATION = 'berth.dev/sandbox-routing';
/** Label naming the sandbox an object belongs to. */
export const SANDBOX_LABEL = 'berth.dev/sandbox';
/** Label naming the base namespace a sandbox's routes serve. */
export const BASE_NAMESPACE_LABEL = 'berth.dev/sandbox-base';
/** Annotation naming the base route a sandbox route copies. */
export const BASE_ROUTE_ANNOTATION = 'berth.dev/sandbox-base-route';
/** Label of a sandbox's preview routes (the host that adds the key). */
export const PREVIEW_LABEL = 'berth.dev/sandbox-preview';
/** The field manager of every write. */
export const FIELD_MANAGER = 'berth';

const MAX_LABEL = 63;

/** Whether an object's annotations opt it out of sandbox routing. */
export function isOptedOut(metadata?: {
  annotations?: Record<string, string>;
}): boolean {
  return metadata?.annotations?.[OPT_OUT_ANNOTATION]?.toLowerCase() === 'off';
}

/**
 * A DNS label from parts: lower-cased, characters outside `[a-z0-9-]` as
 * `-`; when longer than 63, cut and ended with a hash of the whole, so two
 * long names stay distinct.
 */
export function dnsLabel(...parts: string[]): string {
  const joined = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '');
  if (joined.length <= MAX_LABEL) return joined;
  const hash = createHash('sha256').update(joined).digest('hex').slice(0, 8);
  return `${joined.slice(0, MAX_LABEL - 9).replace(/-+$/, '')}-${hash}`;
}

/** `berth-sbx-<sandbox>-<parts>`, a DNS label. */
export function sandboxObjectName(sandbox: string, ...parts: string[]): string {
  return dnsLabel(SANDBOX_ROUTE_PREFIX, sandbox, ...parts);
}

/** The labels of every object Berth adds for a sandbox. */
export function sandboxLabels(
  sandbox: string,
  baseNamespace: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'berth',
    [SANDBOX_LABEL]: sandbox,
    [BASE_NAMESPACE_LABEL]: baseNamespace,
  };
}

/** The label selector of the objects Berth added for a sandbox. */
export function sandboxSelector(
  sandbox: string,
  baseNamespace: string,
): string {
  return `${SANDBOX_LABEL}=${sandbox},${BASE_NAMESPACE_LABEL}=${baseNamespace}`;
}
