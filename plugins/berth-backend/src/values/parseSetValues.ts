import { InputError } from '@backstage/errors';
import { readValuePath, setValueAtPath, parseValuePath } from './valuePath';

/**
 * `--set` style values: one `--set` argument (`a.b=1,list[0].name=x`), a
 * list of them, or a record of path to value (`{ 'a.b': '1' }`).
 */
export type SetValuesInput =
  | string
  | readonly string[]
  | Readonly<Record<string, string>>;

/**
 * Types a `--set` value as Helm's strvals does: true/false/null (any case)
 * become booleans and null, '0' and integers not starting with 0 become
 * numbers; anything else, including '1.5' and '007', stays a string.
 */
export function typedSetValue(text: string): unknown {
  const lower = text.toLowerCase();
  if (lower === 'true') {
    return true;
  }
  if (lower === 'false') {
    return false;
  }
  if (lower === 'null') {
    return null;
  }
  if (text === '0') {
    return 0;
  }
  if (/^[+-]?[1-9]\d*$/.test(text) && !text.startsWith('0')) {
    const number = Number(text);
    if (Number.isSafeInteger(number)) {
      return number;
    }
  }
  return text;
}

/** Reads up to the first unescaped character of `stopAt`, unescaping. */
function readUntil(
  text: string,
  start: number,
  stopAt: string,
): { value: string; end: number } {
  let value = '';
  let i = start;
  while (i < text.length && !stopAt.includes(text[i])) {
    if (text[i] === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else {
      value += text[i];
      i += 1;
    }
  }
  return { value, end: i };
}

function parseSetArgument(
  arg: string,
  target: Record<string, unknown>,
  what: string,
): void {
  const fail = (problem: string): never => {
    throw new InputError(`${what} '${arg}' is malformed: ${problem}`);
  };
  let i = 0;
  while (i < arg.length) {
    const { segments, end } = readValuePath(arg, i, '=,', fail);
    if (arg[end] !== '=') {
      fail(`the key '${arg.slice(i, end)}' has no value; write key=value`);
    }
    i = end + 1;
    let value: unknown;
    if (arg[i] === '{') {
      const list = readUntil(arg, i + 1, '}');
      if (list.end >= arg.length) {
        fail(`the list starting at '${arg.slice(i)}' has no closing }`);
      }
      value =
        list.value === ''
          ? []
          : splitList(arg.slice(i + 1, list.end)).map(typedSetValue);
      i = list.end + 1;
      if (i < arg.length && arg[i] !== ',') {
        fail(
          `unexpected '${arg[i]}' after a list; separate assignments with ,`,
        );
      }
    } else {
      const read = readUntil(arg, i, ',');
      value = typedSetValue(read.value);
      i = read.end;
    }
    setValueAtPath(target, segments, value);
    if (arg[i] === ',') {
      i += 1;
      if (i >= arg.length) {
        fail('it ends with a comma');
      }
    }
  }
}

/** Splits the inside of `{a,b\,c}` at unescaped commas, unescaping. */
function splitList(text: string): string[] {
  const items: string[] = [];
  let i = 0;
  for (;;) {
    const read = readUntil(text, i, ',');
    items.push(read.value);
    if (read.end >= text.length) {
      return items;
    }
    i = read.end + 1;
  }
}

/**
 * Turns Helm `--set` style assignments into nested values, as Helm's strvals
 * does: `a.b=1` nests maps, `list[0].name=x` builds lists (padded with
 * nulls), `a\.b=1` sets the key 'a.b', `tags={a,b}` sets a list, `a=null`
 * sets null (which deletes the key when merged over lower layers), and
 * values are typed by {@link typedSetValue}. A string may hold several
 * assignments separated by commas (`\,` for a comma in a value).
 *
 * Given a record, each key is one path and each value one value, typed the
 * same way but taken literally otherwise: no commas, lists or escapes.
 *
 * Throws InputError naming the assignment when a path or assignment is
 * malformed.
 */
export function parseSetValues(
  input: SetValuesInput | undefined,
  what = 'set value',
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (input === undefined) {
    return result;
  }
  if (typeof input === 'string' || Array.isArray(input)) {
    const args: readonly string[] =
      typeof input === 'string' ? [input] : (input as readonly string[]);
    for (const arg of args) {
      if (typeof arg !== 'string') {
        throw new InputError(`${what} must be a string, not ${typeof arg}`);
      }
      parseSetArgument(arg, result, what);
    }
    return result;
  }
  if (typeof input !== 'object' || input === null) {
    throw new InputError(
      `${what}s must be a string, a list of strings or a record of path to value`,
    );
  }
  for (const [path, value] of Object.entries(input)) {
    if (typeof value !== 'string') {
      throw new InputError(
        `${what} '${path}' must be a string, not ${
          value === null ? 'null' : typeof value
        }`,
      );
    }
    setValueAtPath(
      result,
      parseValuePath(path, `${what} path`),
      typedSetValue(value),
    );
  }
  return result;
}
