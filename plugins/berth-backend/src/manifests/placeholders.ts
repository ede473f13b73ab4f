import { InputError } from '@backstage/errors';

/** Where a `{{ .name }}` placeholder is used in a manifests text. */
export interface PlaceholderUse {
  name: string;
  /** Offset of the first '{' in the text. */
  start: number;
  /** Offset just past the last '}'. */
  end: number;
  /** 1-based line of the placeholder. */
  line: number;
}

/** What looks like an attempt at a placeholder: `{{`, blanks or '-', '.'. */
const ATTEMPT = /\{\{[ \t-]*\./g;
/** A placeholder as YAML formatters such as Prettier rewrite it: `{ { .name } }`. */
const REFORMATTED = /\{[ \t]+\{[ \t]*\.[A-Za-z_][A-Za-z0-9_]*[ \t]*\}[ \t]+\}/;
/** A placeholder: `{{ .name }}`, with optional blanks inside the braces. */
const PLACEHOLDER = /\{\{[ \t]*\.([A-Za-z_][A-Za-z0-9_]*)[ \t]*\}\}/y;

/**
 * Finds the `{{ .name }}` placeholders of a manifests text, in order.
 * Refuses, with its line, anything that starts like a placeholder
 * (`{{ .`) but is not one, such as `{{ .a.b }}` or `{{ .a | quote }}`:
 * placeholders are plain names, not Go templates; and `{ { .a } }`, a
 * placeholder broken by a YAML formatter. Other `{{` are text.
 */
export function findPlaceholders(
  text: string,
  source = 'manifests',
): PlaceholderUse[] {
  const reformatted = REFORMATTED.exec(text);
  if (reformatted) {
    const line = text.slice(0, reformatted.index).split('\n').length;
    throw new InputError(
      `${source}: line ${line}: '${reformatted[0]}' looks like a placeholder that a YAML formatter (such as Prettier) rewrote; write it as {{ .name }} and keep formatters off the file (# prettier-ignore)`,
    );
  }
  const uses: PlaceholderUse[] = [];
  let line = 1;
  let counted = 0;
  for (const attempt of text.matchAll(ATTEMPT)) {
    const start = attempt.index ?? 0;
    for (; counted < start; counted++) {
      if (text.charCodeAt(counted) === 10) {
        line += 1;
      }
    }
    PLACEHOLDER.lastIndex = start;
    const match = PLACEHOLDER.exec(text);
    if (!match) {
      const close = text.indexOf('}}', start);
      const newline = text.indexOf('\n', start);
      const shown =
        close >= 0 && (newline < 0 || close < newline)
          ? text.slice(start, close + 2)
          : text.slice(start, newline < 0 ? undefined : newline);
      throw new InputError(
        `${source}: line ${line}: '${shown}' is not a placeholder; a placeholder is a variable name in the form {{ .name }}`,
      );
    }
    uses.push({
      name: match[1],
      start,
      end: start + match[0].length,
      line,
    });
  }
  return uses;
}
