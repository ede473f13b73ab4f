import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { StoredEnvironment } from '../model/environment';
import { EnvironmentAuthorizer } from './EnvironmentAuthorizer';

/** A permission on one environment, as {@link EnvironmentAuthorizer} checks it. */
export type EnvironmentPermission = Parameters<
  EnvironmentAuthorizer['authorize']
>[1];

/**
 * The authorization layer in front of the environment-scoped services: an
 * environment is handed out only to a caller allowed the permission on it.
 * Unknown ids are a NotFoundError (404) before any permission check; a refusal
 * is a NotAllowedError (403), audited by the authorizer. Lists are filtered in
 * SQL instead (see applyEnvironmentFilter).
 */
export class AuthorizedEnvironments {
  constructor(
    private readonly deps: {
      authorizer: EnvironmentAuthorizer;
      environments: { getById(id: string): Promise<StoredEnvironment> };
    },
  ) {}

  /** The environment `id` when `credentials` may do `permission` on it. */
  async get(
    credentials: BackstageCredentials,
    id: string,
    permission: EnvironmentPermission,
  ): Promise<StoredEnvironment> {
    const environment = await this.deps.environments.getById(id);
    await this.deps.authorizer.authorize(credentials, permission, environment);
    return environment;
  }
}
