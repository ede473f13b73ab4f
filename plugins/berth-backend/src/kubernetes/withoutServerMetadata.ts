/**
 * Metadata fields the API server sets; left in (e.g. from
 * `kubectl get -o yaml`), they break an apply.
 */
export const SERVER_SET_METADATA: readonly string[] = [
  'resourceVersion',
  'uid',
  'managedFields',
  'creationTimestamp',
  'generation',
  'selfLink',
];

/**
 * A copy of `object` to apply into `namespace`: without `status`, its
 * metadata's namespace set to `namespace` and the `dropped` metadata fields
 * removed.
 */
export function withoutServerMetadata<
  T extends { metadata?: object; status?: unknown },
>(
  object: T,
  namespace: string,
  dropped: readonly string[] = SERVER_SET_METADATA,
): Omit<T, 'status'> & { metadata: Record<string, unknown> } {
  const metadata: Record<string, unknown> = { ...object.metadata, namespace };
  for (const field of dropped) delete metadata[field];
  const { status: _status, ...rest } = object;
  return { ...rest, metadata };
}
