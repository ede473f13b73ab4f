/**
 * The Gateway API `RequestHeaderModifier` filter: setting a header on a
 * rule (merged into the rule's own modifier, which may appear once) and
 * what a modifier does to a request's headers.
 */

export const REQUEST_HEADER_MODIFIER = 'RequestHeaderModifier';
/** The CRD's limit on each of `set`, `add` and `remove`. */
export const MAX_MODIFIED_HEADERS = 16;

export interface HTTPHeader {
  name: string;
  value: string;
}

export interface HeaderModifier {
  set?: HTTPHeader[];
  add?: HTTPHeader[];
  remove?: string[];
}

interface ModifierFilter {
  type: string;
  requestHeaderModifier?: HeaderModifier;
  [field: string]: unknown;
}

function isModifier(filter: unknown): filter is ModifierFilter {
  return (filter as { type?: string })?.type === REQUEST_HEADER_MODIFIER;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The rule's filters with `header` set before the request goes on: merged
 * into the rule's RequestHeaderModifier (the CRD allows one; the header is
 * taken out of its `add` and `remove`), else a new modifier first, so the
 * header is there for every later filter (a mirror sees it too). A string
 * when the modifier already sets as many headers as it may.
 */
export function withHeaderSet(
  filters: unknown[] | undefined,
  header: HTTPHeader,
): unknown[] | string {
  const list = filters ?? [];
  const index = list.findIndex(isModifier);
  if (index < 0) {
    return [
      {
        type: REQUEST_HEADER_MODIFIER,
        requestHeaderModifier: { set: [header] },
      },
      ...list,
    ];
  }
  const filter = list[index] as ModifierFilter;
  const modifier = filter.requestHeaderModifier ?? {};
  const set = [
    ...(modifier.set ?? []).filter(h => !sameName(h.name, header.name)),
    header,
  ];
  if (set.length > MAX_MODIFIED_HEADERS) {
    return `its RequestHeaderModifier already sets ${MAX_MODIFIED_HEADERS} headers, the most an HTTPRoute allows`;
  }
  const add = modifier.add?.filter(h => !sameName(h.name, header.name));
  const remove = modifier.remove?.filter(name => !sameName(name, header.name));
  const merged: ModifierFilter = {
    ...filter,
    requestHeaderModifier: {
      set,
      ...(add?.length && { add }),
      ...(remove?.length && { remove }),
    },
  };
  return list.map((f, i) => (i === index ? merged : f));
}

/**
 * The headers a request carries after the RequestHeaderModifiers of
 * `filters` (in order): `set` replaces, `add` appends (`a,b`), `remove`
 * drops; names compare in any case.
 */
export function applyHeaderModifiers(
  headers: Record<string, string>,
  filters: unknown[] | undefined,
): Record<string, string> {
  let result = { ...headers };
  const without = (name: string) =>
    Object.fromEntries(
      Object.entries(result).filter(([key]) => !sameName(key, name)),
    );
  const current = (name: string) =>
    Object.entries(result).find(([key]) => sameName(key, name))?.[1];
  for (const filter of (filters ?? []).filter(isModifier)) {
    const modifier = filter.requestHeaderModifier ?? {};
    for (const header of modifier.set ?? []) {
      result = { ...without(header.name), [header.name]: header.value };
    }
    for (const header of modifier.add ?? []) {
      const before = current(header.name);
      result = {
        ...without(header.name),
        [header.name]:
          before === undefined ? header.value : `${before},${header.value}`,
      };
    }
    for (const name of modifier.remove ?? []) result = without(name);
  }
  return result;
}
