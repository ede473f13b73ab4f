/** An http route's `headers.request` (Istio `Headers.HeaderOperations`). */
export interface IstioHeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The request headers a destination gets after a route's header operations,
 * in Envoy's order: `remove` first, then `set` (replaces), then `add`
 * (appends to a value already there). Header names compare in any case.
 */
export function applyIstioHeaderOperations(
  headers: Record<string, string>,
  operations: IstioHeaderOperations | undefined,
): Record<string, string> {
  let result = { ...headers };
  const without = (name: string) =>
    Object.fromEntries(
      Object.entries(result).filter(([key]) => !sameName(key, name)),
    );
  const current = (name: string) =>
    Object.entries(result).find(([key]) => sameName(key, name))?.[1];
  for (const name of operations?.remove ?? []) result = without(name);
  for (const [name, value] of Object.entries(operations?.set ?? {})) {
    result = { ...without(name), [name]: value };
  }
  for (const [name, value] of Object.entries(operations?.add ?? {})) {
    const before = current(name);
    result = {
      ...without(name),
      [name]: before === undefined ? value : `${before},${value}`,
    };
  }
  return result;
}
