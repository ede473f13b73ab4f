import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';
import { EnvironmentPermissionQuery } from './environmentRules';

/**
 * Turns a conditional permission decision (already transformed into queries)
 * into a WHERE clause on a query that joins environments with their project
 * (`berth_environments` as `e`, `berth_projects` as `p`), so lists are
 * filtered in the database.
 */
export function applyEnvironmentFilter(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<EnvironmentPermissionQuery>,
): void {
  if (isAndCriteria(criteria)) {
    query.where(q => {
      for (const c of criteria.allOf)
        q.andWhere(sub => applyEnvironmentFilter(sub, c));
    });
  } else if (isOrCriteria(criteria)) {
    query.where(q => {
      for (const c of criteria.anyOf)
        q.orWhere(sub => applyEnvironmentFilter(sub, c));
    });
  } else if (isNotCriteria(criteria)) {
    query.whereNot(q => applyEnvironmentFilter(q, criteria.not));
  } else if (criteria.values.length === 0) {
    query.whereRaw('1 = 0');
  } else {
    const column =
      criteria.column === 'owner_ref' ? 'p.owner_ref' : `e.${criteria.column}`;
    query.whereIn(column, criteria.values);
  }
}
