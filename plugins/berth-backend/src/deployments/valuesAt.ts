import { parseValuePath } from '../values/valuePath';

/** The value at a dotted values path (`image.tag`, `list[0].name`), if any. */
export function getValueAtPath(
  values: Record<string, unknown>,
  path: string,
): unknown {
  let current: unknown = values;
  for (const segment of parseValuePath(path, 'values path')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
