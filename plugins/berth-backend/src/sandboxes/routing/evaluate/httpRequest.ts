/** A request to evaluate against routes. */
export interface HttpRequestCase {
  /** The Host (north-south) or the Service's FQDN (east-west). */
  host: string;
  /** The path, without the query. */
  path: string;
  method?: string;
  /** Header names in any case. */
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** One backend a request reaches. */
export interface EvaluatedBackend {
  name: string;
  namespace: string;
  port?: number;
  weight: number;
  /** Why the data plane would refuse it (e.g. no ReferenceGrant). */
  refused?: string;
}

/** The rule (or route) that decided, and the others that matched. */
export interface RouteDecision {
  backends: EvaluatedBackend[];
  /** `<namespace>/<route>` rule `<n>`: the winner. */
  matched: string;
  reason: string;
  /** Every matching rule and match, in precedence order (the winner first). */
  candidates: string[];
  /** The sandbox whose route decided, when one did. */
  sandbox?: string;
  /**
   * The request's headers as the backends get them, when the deciding rule
   * changes them (a RequestHeaderModifier, e.g. a preview route's
   * `x-env`): what the next hop forwards.
   */
  requestHeaders?: Record<string, string>;
}

/** A header's value, by a case-insensitive name. */
export function headerValue(
  headers: Record<string, string> | undefined,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  const found = Object.entries(headers ?? {}).find(
    ([key]) => key.toLowerCase() === wanted,
  );
  return found?.[1];
}

/** A host without port, lower-cased. */
export function bareHost(host: string): string {
  return host.replace(/:\d+$/, '').toLowerCase();
}

/** Whether a route hostname (maybe `*.example.com`) covers a host. */
export function hostnameCovers(hostname: string, host: string): boolean {
  const pattern = hostname.toLowerCase();
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return pattern === host;
}
