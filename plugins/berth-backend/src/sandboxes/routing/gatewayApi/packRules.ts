import {
  HTTPRouteRule,
  MAX_MATCHES_PER_RULE,
  MAX_RULES_PER_ROUTE,
} from './httpRouteTypes';

/** The CRD's limit of matches over all the rules of one HTTPRoute. */
export const MAX_MATCHES_PER_ROUTE = 128;

/**
 * Splits rules so each has at most 64 matches (copies of the rule with the
 * matches shared out), then packs them, in order, into groups that fit one
 * HTTPRoute: at most 16 rules and 128 matches.
 */
export function packRules(rules: HTTPRouteRule[]): HTTPRouteRule[][] {
  const split = rules.flatMap(rule => {
    const matches = rule.matches ?? [];
    if (matches.length <= MAX_MATCHES_PER_RULE) return [rule];
    const parts: HTTPRouteRule[] = [];
    for (let i = 0; i < matches.length; i += MAX_MATCHES_PER_RULE) {
      parts.push({
        ...rule,
        matches: matches.slice(i, i + MAX_MATCHES_PER_RULE),
      });
    }
    return parts;
  });
  const groups: HTTPRouteRule[][] = [];
  let current: HTTPRouteRule[] = [];
  let matchCount = 0;
  for (const rule of split) {
    const size = rule.matches?.length ?? 0;
    if (
      current.length === MAX_RULES_PER_ROUTE ||
      (current.length > 0 && matchCount + size > MAX_MATCHES_PER_ROUTE)
    ) {
      groups.push(current);
      current = [];
      matchCount = 0;
    }
    current.push(rule);
    matchCount += size;
  }
  if (current.length) groups.push(current);
  return groups;
}
