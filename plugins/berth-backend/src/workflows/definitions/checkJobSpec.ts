import { BerthJobType } from '@berth/plugin-berth-node';
import { WorkflowParam } from '@berth/plugin-berth-common';
import {
  formatPath,
  holdsExpression,
  parseExpression,
  resolveExpressions,
  walkStrings,
  wholeExpression,
} from './expressions';
import { sampleParamValue } from './paramValues';

/**
 * Checks a job's spec against its type's input schema at save time. A spec
 * with `${...}` is checked with samples in their place: a param's default
 * (or a value of its type), `sample` for an output inside a string; a
 * value that is a whole `${jobs...}` (of unknown type until the job ran) is
 * not checked.
 */
export function checkJobSpec(
  type: BerthJobType,
  spec: Record<string, unknown>,
  params: Map<string, WorkflowParam>,
  at: string,
): string[] {
  let candidate: unknown = spec;
  const unknownTyped: string[] = [];
  if (holdsExpression(spec)) {
    walkStrings(spec, [], (text, path) => {
      const whole = wholeExpression(text);
      if (whole !== undefined && parseExpression(whole)?.kind === 'jobs') {
        unknownTyped.push(formatPath(path));
      }
    });
    const jobs = new Proxy(
      {},
      { get: () => new Proxy({}, { get: () => 'sample', has: () => true }) },
    ) as Record<string, Record<string, unknown>>;
    candidate = resolveExpressions(spec, {
      params: Object.fromEntries(
        [...params.values()].map(p => [p.name, sampleParamValue(p)]),
      ),
      jobs,
      run: { id: '00000000-0000-4000-8000-000000000000', sequence: 1 },
    });
  }
  const result = type.inputSchema.safeParse(candidate);
  if (result.success) return [];
  return result.error.issues
    .filter(issue => {
      const path = formatPath(issue.path as PropertyKey[]);
      return !unknownTyped.some(
        u => path === u || path.startsWith(`${u}.`) || path.startsWith(`${u}[`),
      );
    })
    .map(issue => {
      const path = formatPath(issue.path as PropertyKey[]);
      return `${at}${path ? `.${path}` : ''}: ${issue.message}`;
    });
}
