import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  berthEnvironmentCreatePermission,
  EnvironmentTier,
} from '@berth/plugin-berth-common';
import { StoredEnvironment } from '../model/environment';
import { authorizeAdoption, AdoptionRules } from './authorizeAdoption';
import { EnvironmentAuthorizer } from './EnvironmentAuthorizer';
import { EnvironmentPermissionQuery } from './environmentRules';

/** A permission on one environment, as {@link EnvironmentAuthorizer} checks it. */
export type EnvironmentPermission = Parameters<
  EnvironmentAuthorizer['authorize']
>[1];

/**
 * A further permission an action needs on the environment it loaded, only
 * when `when` holds for it (see `environmentActions.ts`).
 */
export interface ConditionalPermission {
  permission: EnvironmentPermission;
  when(environment: StoredEnvironment): boolean;
}

/** An environment about to be created (or copied): what its checks see. */
export interface PlannedEnvironment {
  name: string;
  projectRef: string;
  cluster: string;
  namespace: string;
  tier: EnvironmentTier;
  adoptNamespace?: boolean;
}

/** What the layer reads environments from (the environment store). */
export interface EnvironmentSource {
  getById(id: string): Promise<StoredEnvironment>;
  list(filter: {
    projectRef?: string;
    permission?: PermissionCriteria<EnvironmentPermissionQuery>;
  }): Promise<StoredEnvironment[]>;
}

/**
 * The authorization layer in front of the environment-scoped services: an
 * environment is handed out only to a caller allowed the permission on it,
 * and the services take the environment, so a route cannot reach them
 * without passing here. Unknown ids are a NotFoundError (404) before any
 * permission check; a refusal is a NotAllowedError (403), audited by the
 * authorizer. Lists are filtered in SQL (see applyEnvironmentFilter).
 */
export class AuthorizedEnvironments {
  constructor(
    private readonly deps: {
      authorizer: EnvironmentAuthorizer;
      environments: EnvironmentSource;
      adoptableNamespaces: AdoptionRules;
    },
  ) {}

  /**
   * The environment `id` when `credentials` may do `permission` on it, and
   * each of `also` whose condition holds for it (checked in order).
   */
  async get(
    credentials: BackstageCredentials,
    id: string,
    permission: EnvironmentPermission,
    ...also: ConditionalPermission[]
  ): Promise<StoredEnvironment> {
    const environment = await this.deps.environments.getById(id);
    await this.deps.authorizer.authorize(credentials, permission, environment);
    for (const extra of also) {
      if (extra.when(environment)) {
        await this.deps.authorizer.authorize(
          credentials,
          extra.permission,
          environment,
        );
      }
    }
    return environment;
  }

  /**
   * The environments the caller may read, of one project or all: the
   * permission decision becomes a WHERE clause, so nothing unreadable is
   * loaded. NotAllowedError when nothing may be read.
   */
  async list(
    credentials: BackstageCredentials,
    filter: { projectRef?: string } = {},
  ): Promise<StoredEnvironment[]> {
    const permission = await this.deps.authorizer.readFilter(credentials);
    return this.deps.environments.list({ ...filter, permission });
  }

  /**
   * The ids of the project's environments the caller may read, or undefined
   * when the caller may read every environment (no filter needed).
   */
  async readableIds(
    credentials: BackstageCredentials,
    projectRef: string,
  ): Promise<string[] | undefined> {
    const permission = await this.deps.authorizer.readFilter(credentials);
    if (!permission) return undefined;
    const readable = await this.deps.environments.list({
      projectRef,
      permission,
    });
    return readable.map(e => e.id);
  }

  /**
   * Throws unless the caller may create `plan` in a project owned by
   * `ownerRef` (`berth.environment.create` on the planned environment), and
   * adopt its namespace when it asks to (see authorizeAdoption).
   */
  async assertMayCreate(
    credentials: BackstageCredentials,
    plan: PlannedEnvironment,
    ownerRef: string | undefined,
  ): Promise<void> {
    const planned = {
      id: '',
      name: plan.name,
      projectRef: plan.projectRef,
      cluster: plan.cluster,
      tier: plan.tier,
      ownerRef,
    };
    await this.deps.authorizer.authorize(
      credentials,
      berthEnvironmentCreatePermission,
      planned,
    );
    if (!plan.adoptNamespace) return;
    await authorizeAdoption(
      {
        authorizer: this.deps.authorizer,
        adoptableNamespaces: this.deps.adoptableNamespaces,
      },
      credentials,
      { ...planned, namespace: plan.namespace },
    );
  }
}
