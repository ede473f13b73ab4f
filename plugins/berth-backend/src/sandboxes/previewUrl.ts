/**
 * The URL of a preview host on the cluster's gateway: the scheme and port of
 * the cluster's `environmentUrl` (e.g. `http://{namespace}.localhost:8080`)
 * with the host; undefined when the cluster has none.
 */
export function previewUrl(
  environmentUrl: string | undefined,
  host: string,
): string | undefined {
  if (!environmentUrl) return undefined;
  const url = new URL(environmentUrl.replace('{namespace}', 'x'));
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}/`;
}
