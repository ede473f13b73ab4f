import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  BERTH_WORKFLOW_RESOURCE_TYPE,
  berthWorkflowReadPermission,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { auditRefusal } from '../../permissions/auditRefusal';
import { permissionDecisions } from '../../permissions/permissionDecisions';
import {
  applyWorkflowFilter,
  WorkflowFilterScope,
} from './applyWorkflowFilter';
import {
  berthWorkflowRules,
  WorkflowPermissionResource,
} from './workflowRules';

const decisions = permissionDecisions(berthWorkflowRules);

/** A permission on workflows: `berth.workflow.*`. */
export type WorkflowPermission = ResourcePermission<
  typeof BERTH_WORKFLOW_RESOURCE_TYPE
>;

/**
 * Answers whether a caller may act on a workflow (or one of its runs).
 * Conditional decisions are evaluated against the workflow, and for lists
 * turned into a WHERE clause. Every refusal is audited as `permission-denied`.
 */
export class WorkflowAuthorizer {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly auditor?: AuditorService,
  ) {}

  /** Throws NotAllowedError unless the caller may do `permission` on `resource`. */
  async authorize(
    credentials: BackstageCredentials,
    permission: WorkflowPermission,
    resource: WorkflowPermissionResource & { name: string; runId?: string },
  ): Promise<void> {
    if (await this.allows(credentials, permission, resource)) return;
    const what = resource.runId
      ? `run ${resource.runId} of workflow '${resource.name}'`
      : `workflow '${resource.name}'`;
    await this.refuse(
      credentials,
      permission,
      new NotAllowedError(
        `Not allowed to ${permission.name.replace(
          'berth.workflow.',
          '',
        )} ${what} of '${resource.projectRef}'`,
      ),
      {
        workflow: resource.id || resource.name,
        run: resource.runId,
        projectRef: resource.projectRef,
      },
    );
  }

  /** Whether the caller may do `permission` on `resource` (no audit). */
  async allows(
    credentials: BackstageCredentials,
    permission: WorkflowPermission,
    resource: WorkflowPermissionResource,
  ): Promise<boolean> {
    return (await this.allowed(credentials, permission, [resource]))[0];
  }

  /** For each of `resources`, whether the caller may do `permission` on it (one decision, no audit). */
  async allowed(
    credentials: BackstageCredentials,
    permission: WorkflowPermission,
    resources: WorkflowPermissionResource[],
  ): Promise<boolean[]> {
    return decisions.allowed(
      this.permissions,
      credentials,
      permission,
      resources,
    );
  }

  /**
   * The WHERE clause of a list of workflows or runs the caller may read:
   * undefined when everything may be read, NotAllowedError (audited) when
   * nothing may.
   */
  async readFilter(
    credentials: BackstageCredentials,
    scope: WorkflowFilterScope,
  ): Promise<((qb: Knex.QueryBuilder) => void) | undefined> {
    const listable = await decisions.listable(
      this.permissions,
      credentials,
      berthWorkflowReadPermission,
    );
    if (listable.result === 'none') {
      return this.refuse(
        credentials,
        berthWorkflowReadPermission,
        new NotAllowedError('Not allowed to read workflows'),
        {},
      );
    }
    if (listable.result === 'all') return undefined;
    const { criteria } = listable;
    return qb => applyWorkflowFilter(qb, criteria, scope);
  }

  /** Audits a refusal decided elsewhere (e.g. the service's approver check) and throws it. */
  async refuse(
    credentials: BackstageCredentials,
    permission: WorkflowPermission,
    error: Error,
    meta: Record<string, string | undefined>,
  ): Promise<never> {
    await auditRefusal(
      this.auditor,
      credentials,
      { permission: permission.name, ...meta },
      error,
    );
    throw error;
  }
}
