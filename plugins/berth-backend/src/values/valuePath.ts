import { InputError } from '@backstage/errors';
import { getOwn, isPlainObject, setOwn } from './plainValues';

/** One step of a values path: a map key or a list index. */
export type ValuePathSegment = string | number;

/** Helm's largest list index in `--set` (strvals.MaxIndex). */
export const MAX_LIST_INDEX = 65536;

/**
 * Reads a path in Helm's `--set` syntax (`a.b`, `list[0].name`, `a\.b` for a
 * key with a dot) from `text` at `start`, up to the first unescaped
 * character of `stopAt` or the end. Returns the segments and where reading
 * stopped. `fail` reports a problem.
 */
export function readValuePath(
  text: string,
  start: number,
  stopAt: string,
  fail: (problem: string) => never,
): { segments: ValuePathSegment[]; end: number } {
  const segments: ValuePathSegment[] = [];
  let i = start;
  for (;;) {
    let key = '';
    while (
      i < text.length &&
      !'.[]'.includes(text[i]) &&
      !stopAt.includes(text[i])
    ) {
      if (text[i] === '\\') {
        if (i + 1 >= text.length) {
          fail('it ends with a lone \\');
        }
        key += text[i + 1];
        i += 2;
      } else {
        key += text[i];
        i += 1;
      }
    }
    if (key === '') {
      fail(
        segments.length === 0
          ? 'a key is empty'
          : `an empty key follows '${formatValuePath(segments)}'`,
      );
    }
    segments.push(key);
    while (text[i] === '[') {
      const close = text.indexOf(']', i);
      const digits = close < 0 ? '' : text.slice(i + 1, close);
      if (!/^\d+$/.test(digits)) {
        fail(
          `'${formatValuePath(segments)}' is followed by '[${
            close < 0 ? text.slice(i + 1) : digits
          }${
            close < 0 ? '' : ']'
          }', but a list index is a number in brackets, e.g. [0]`,
        );
      }
      const index = Number(digits);
      if (index > MAX_LIST_INDEX) {
        fail(`the list index ${index} is larger than ${MAX_LIST_INDEX}`);
      }
      segments.push(index);
      i = close + 1;
    }
    if (text[i] === '.') {
      i += 1;
      continue;
    }
    if (i < text.length && !stopAt.includes(text[i])) {
      fail(`unexpected '${text[i]}' after '${formatValuePath(segments)}'`);
    }
    return { segments, end: i };
  }
}

/**
 * Parses a whole dotted path such as `image.tag` or `containers[0].image`.
 *
 * @param what - names the path in errors, e.g. "image path of service 'cart'"
 */
export function parseValuePath(path: string, what: string): ValuePathSegment[] {
  const fail = (problem: string): never => {
    throw new InputError(`${what} '${path}' is malformed: ${problem}`);
  };
  if (typeof path !== 'string' || path === '') {
    return fail('it is empty');
  }
  const { segments, end } = readValuePath(path, 0, '=,', fail);
  if (end < path.length) {
    fail(
      `unexpected '${path[end]}'; write \\${path[end]} for a key that has it`,
    );
  }
  return segments;
}

/** Writes segments back as a path, escaping dots and brackets in keys. */
export function formatValuePath(segments: readonly ValuePathSegment[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : `${index === 0 ? '' : '.'}${segment.replace(
            /[\\.[\]=,]/g,
            c => `\\${c}`,
          )}`,
    )
    .join('');
}

/**
 * Sets `value` at `segments` inside `root`, creating maps and lists on the
 * way as Helm's strvals does: a list grows, padded with nulls, to reach an
 * index; a scalar in the way is replaced by a map or list. Changes `root`.
 */
export function setValueAtPath(
  root: Record<string, unknown>,
  segments: readonly ValuePathSegment[],
  value: unknown,
): void {
  if (segments.length === 0 || typeof segments[0] !== 'string') {
    throw new InputError('A values path must start with a key');
  }
  let container: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    const next = segments[i + 1];
    const current: unknown = Array.isArray(container)
      ? container[segment as number]
      : getOwn(container, segment as string);
    let child: unknown = value;
    if (!last) {
      if (typeof next === 'number') {
        child = Array.isArray(current) ? current : [];
      } else {
        child = isPlainObject(current) ? current : {};
      }
    }
    if (Array.isArray(container)) {
      const index = segment as number;
      while (container.length < index) {
        container.push(null);
      }
      container[index] = child;
    } else {
      setOwn(container, segment as string, child);
    }
    if (!last) {
      container = child as Record<string, unknown> | unknown[];
    }
  }
}
