import {
  WorkflowDefinition,
  WorkflowParamValue,
} from '@berth/plugin-berth-common';
import { resolveExpressions } from '../definitions/expressions';

/**
 * A run's concurrency group: the workflow id, plus the group expression
 * resolved over the params (`${params.environment}`) when there is one.
 */
export function concurrencyGroupOf(
  workflowId: string,
  definition: WorkflowDefinition,
  params: Record<string, WorkflowParamValue>,
): { group: string; limit: number; supersede: boolean } {
  const c = definition.concurrency;
  const expression = c?.group;
  const suffix = expression
    ? String(
        resolveExpressions(expression, {
          params: Object.fromEntries(
            (definition.params ?? []).map(p => [p.name, params[p.name] ?? '']),
          ),
          jobs: {},
          run: { id: '', sequence: 0 },
        }),
      )
    : '';
  return {
    group: `${workflowId}${suffix ? `:${suffix}` : ''}`.slice(0, 512),
    limit: c?.limit ?? 1,
    supersede: c?.onNew === 'supersede',
  };
}
