import { HttpAuthService } from '@backstage/backend-plugin-api';
import { AnyRequest } from './routeGroup';
import { StoredEnvironment } from '../model/environment';
import {
  AuthorizedEnvironments,
  EnvironmentPermission,
} from '../permissions/AuthorizedEnvironments';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';

/**
 * What an environment route does first: the caller's credentials (a user or a
 * service, else 401), then the environment of `req.params.id` through the
 * authorization layer (404 when unknown, 403 when not allowed).
 */
export function environmentAccess(deps: {
  httpAuth: HttpAuthService;
  authorizer: EnvironmentAuthorizer;
  environments: { getById(id: string): Promise<StoredEnvironment> };
}) {
  const authorized = new AuthorizedEnvironments(deps);
  return async (req: AnyRequest, permission: EnvironmentPermission) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const environment = await authorized.get(
      credentials,
      req.params.id,
      permission,
    );
    return { credentials, environment };
  };
}
