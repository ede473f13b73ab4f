import { InputError } from '@backstage/errors';

/** A `${...}` reference of a job spec or a concurrency group. */
export type ExpressionRef =
  | { kind: 'params'; name: string }
  | { kind: 'jobs'; job: string; output: string }
  | { kind: 'run'; field: 'id' | 'sequence' };

const EXPRESSION = /\$\{([^}]*)\}/g;
const WHOLE = /^\$\{([^}]*)\}$/;
const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
const PARAMS = new RegExp(`^params\\.(${NAME})$`);
const JOBS = new RegExp(`^jobs\\.(${NAME})\\.outputs\\.(${NAME})$`);
const RUN = /^run\.(id|sequence)$/;

/** Parses the inside of `${...}`; undefined when it is not a known form. */
export function parseExpression(inner: string): ExpressionRef | undefined {
  const text = inner.trim();
  let m = PARAMS.exec(text);
  if (m) return { kind: 'params', name: m[1] };
  m = JOBS.exec(text);
  if (m) return { kind: 'jobs', job: m[1], output: m[2] };
  m = RUN.exec(text);
  if (m) return { kind: 'run', field: m[1] as 'id' | 'sequence' };
  return undefined;
}

/** The `${...}` of a string, in order (their inner text). */
export function expressionsIn(text: string): string[] {
  return [...text.matchAll(EXPRESSION)].map(m => m[1]);
}

/** Whether a value holds any `${...}` (deeply). */
export function holdsExpression(value: unknown): boolean {
  let found = false;
  walkStrings(value, [], text => {
    if (expressionsIn(text).length > 0) found = true;
  });
  return found;
}

/** The inner text when the whole string is one `${...}`. */
export function wholeExpression(text: string): string | undefined {
  return WHOLE.exec(text)?.[1];
}

/** Calls `visit` with every string of a JSON-like value and its path. */
export function walkStrings(
  value: unknown,
  path: Array<string | number>,
  visit: (text: string, path: Array<string | number>) => void,
): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      walkStrings(v, [...path, k], visit);
    }
  }
}

/** What expressions resolve against when a job starts. */
export interface ExpressionScope {
  params: Record<string, unknown>;
  /** Outputs of finished jobs by job name. */
  jobs: Record<string, Record<string, unknown>>;
  run: { id: string; sequence: number };
}

function lookup(inner: string, scope: ExpressionScope): unknown {
  const ref = parseExpression(inner);
  if (!ref) throw new InputError(`Unknown expression '\${${inner}}'`);
  if (ref.kind === 'params') {
    if (!(ref.name in scope.params)) {
      throw new InputError(
        `'\${${inner}}': the run has no param '${ref.name}'`,
      );
    }
    return scope.params[ref.name];
  }
  if (ref.kind === 'jobs') {
    const outputs = scope.jobs[ref.job];
    if (!outputs) {
      throw new InputError(`'\${${inner}}': job '${ref.job}' has not run`);
    }
    if (!(ref.output in outputs)) {
      throw new InputError(
        `'\${${inner}}': job '${ref.job}' has no output '${ref.output}'`,
      );
    }
    return outputs[ref.output];
  }
  return scope.run[ref.field];
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(asText).join(',');
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Resolves every `${...}` of a value: a string that is one expression takes
 * the referenced value as it is (a number stays a number), an expression
 * inside a longer string is written as text. InputError when a reference
 * does not resolve.
 */
export function resolveExpressions<T>(value: T, scope: ExpressionScope): T {
  if (typeof value === 'string') {
    const whole = wholeExpression(value);
    if (whole !== undefined) return lookup(whole, scope) as T;
    return value.replace(EXPRESSION, (_, inner: string) =>
      asText(lookup(inner, scope)),
    ) as T;
  }
  if (Array.isArray(value)) {
    return value.map(v => resolveExpressions(v, scope)) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveExpressions(v, scope)]),
    ) as T;
  }
  return value;
}

/** `a.b[0].c` from a path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
