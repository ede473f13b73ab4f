import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  BERTH_ENVIRONMENT_RESOURCE_TYPE,
  berthEnvironmentReadPermission,
} from '@berth/plugin-berth-common';
import { auditRefusal } from './auditRefusal';
import {
  berthEnvironmentRules,
  EnvironmentPermissionQuery,
  EnvironmentPermissionResource,
} from './environmentRules';

const rules = Object.values(berthEnvironmentRules);
const applyConditions = createConditionAuthorizer(rules);
const toQuery = createConditionTransformer(rules);

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
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    const allowed =
      decision.result === AuthorizeResult.CONDITIONAL
        ? applyConditions(decision, environment)
        : decision.result === AuthorizeResult.ALLOW;
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
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: berthEnvironmentReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('Not allowed to read environments');
    }
    return decision.result === AuthorizeResult.CONDITIONAL
      ? (toQuery(
          decision.conditions,
        ) as PermissionCriteria<EnvironmentPermissionQuery>)
      : undefined;
  }
}
