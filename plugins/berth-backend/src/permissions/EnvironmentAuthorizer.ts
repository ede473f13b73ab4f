import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  BERTH_ENVIRONMENT_RESOURCE_TYPE,
  berthEnvironmentReadPermission,
} from '@berth/plugin-berth-common';
import { auditRefusal } from './auditRefusal';
import { permissionDecisions } from './permissionDecisions';
import {
  berthEnvironmentRules,
  EnvironmentPermissionQuery,
  EnvironmentPermissionResource,
} from './environmentRules';

const decisions = permissionDecisions(berthEnvironmentRules);

/**
 * Answers whether a caller may act on an environment. Conditional decisions
 * are evaluated here against the environment (loaded, or about to be
 * created), and for lists turned into a database filter.
 */
export class EnvironmentAuthorizer {
  constructor(
    private readonly permissions: PermissionsService,
    /** Records every refusal: who, what, which permission. */
    private readonly auditor?: AuditorService,
  ) {}

  /** Throws NotAllowedError unless the caller may do `permission` on `environment`. */
  async authorize(
    credentials: BackstageCredentials,
    permission: ResourcePermission<typeof BERTH_ENVIRONMENT_RESOURCE_TYPE>,
    environment: EnvironmentPermissionResource & { name: string },
  ): Promise<void> {
    const [allowed] = await decisions.allowed(
      this.permissions,
      credentials,
      permission,
      [environment],
    );
    if (!allowed) {
      const error = new NotAllowedError(
        `Not allowed to ${permission.name.replace(
          'berth.environment.',
          '',
        )} environment '${environment.name}' of '${environment.projectRef}'`,
      );
      await auditRefusal(
        this.auditor,
        credentials,
        {
          permission: permission.name,
          environment: environment.id || environment.name,
          projectRef: environment.projectRef,
        },
        error,
      );
      throw error;
    }
  }

  /**
   * The filter for listing environments: undefined when everything may be
   * read, criteria for the database when it depends, and NotAllowedError
   * when nothing may be read.
   */
  async readFilter(
    credentials: BackstageCredentials,
  ): Promise<PermissionCriteria<EnvironmentPermissionQuery> | undefined> {
    const listable = await decisions.listable(
      this.permissions,
      credentials,
      berthEnvironmentReadPermission,
    );
    if (listable.result === 'none') {
      throw new NotAllowedError('Not allowed to read environments');
    }
    return listable.result === 'some' ? listable.criteria : undefined;
  }
}
