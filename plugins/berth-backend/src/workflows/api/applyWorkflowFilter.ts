import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';
import { WorkflowPermissionQuery } from './workflowRules';

const WORKFLOWS = 'berth_workflows';
const RUNS = 'berth_workflow_runs';

/**
 * What the filter runs against: workflows (the unaliased `berth_workflows`)
 * or runs (the unaliased `berth_workflow_runs` left-joined with
 * `berth_workflows`), as the WorkflowService's queries are built.
 */
export type WorkflowFilterScope = 'workflows' | 'runs';

/**
 * Turns a conditional permission decision (already transformed into
 * queries) into a WHERE clause, so lists are filtered in the database:
 * the project's owner through `berth_projects`, target tiers and clusters
 * inside the JSON text arrays, the run's creator on `created_by` (no
 * workflow matches a run-creator condition).
 */
export function applyWorkflowFilter(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<WorkflowPermissionQuery>,
  scope: WorkflowFilterScope,
): void {
  if (isAndCriteria(criteria)) {
    query.where(q => {
      for (const c of criteria.allOf)
        q.andWhere(sub => applyWorkflowFilter(sub, c, scope));
    });
  } else if (isOrCriteria(criteria)) {
    query.where(q => {
      for (const c of criteria.anyOf)
        q.orWhere(sub => applyWorkflowFilter(sub, c, scope));
    });
  } else if (isNotCriteria(criteria)) {
    query.whereNot(q => applyWorkflowFilter(q, criteria.not, scope));
  } else {
    applyCondition(query, criteria, scope);
  }
}

function applyCondition(
  query: Knex.QueryBuilder,
  { kind, values }: WorkflowPermissionQuery,
  scope: WorkflowFilterScope,
): void {
  if (values.length === 0 || (kind === 'runCreator' && scope !== 'runs')) {
    query.whereRaw('1 = 0');
    return;
  }
  const table = scope === 'runs' ? RUNS : WORKFLOWS;
  switch (kind) {
    case 'projectOwner':
      query.whereIn(`${table}.project_ref`, sub =>
        sub.select('ref').from('berth_projects').whereIn('owner_ref', values),
      );
      return;
    case 'runCreator':
      query.whereIn(`${RUNS}.created_by`, values);
      return;
    case 'targetTier':
    case 'targetCluster': {
      const column =
        kind === 'targetTier'
          ? `${WORKFLOWS}.target_tiers`
          : `${WORKFLOWS}.target_clusters`;
      query.where(q => {
        for (const value of values) {
          q.orWhereRaw(`?? like ? escape '\\'`, [column, containing(value)]);
        }
      });
      return;
    }
    default:
      // An unknown condition matches nothing (never widens a filter).
      query.whereRaw('1 = 0');
  }
}

/** A LIKE pattern matching a JSON text array that holds `value`. */
function containing(value: string): string {
  const quoted = JSON.stringify(value).replace(/[\\%_]/g, c => `\\${c}`);
  return `%${quoted}%`;
}
