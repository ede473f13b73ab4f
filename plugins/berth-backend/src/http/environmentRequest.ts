import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { AnyRequest } from './routeGroup';
import { actorOf } from '../model/actor';
import { StoredEnvironment } from '../model/environment';
import { EnvironmentPermission } from '../permissions/AuthorizedEnvironments';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { audited } from './audited';
import { environmentAccess } from './authorizedEnvironment';

/**
 * What the config, registry and rollback routes do first: the caller's
 * credentials, the environment of the URL (404 when unknown), the
 * permission check on it (403), and an audited runner for the change.
 */
export function environmentRequests(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: EnvironmentAuthorizer;
  environments: { getById(id: string): Promise<StoredEnvironment> };
}) {
  const access = environmentAccess(deps);
  return {
    async authorized(req: AnyRequest, permission: EnvironmentPermission) {
      const { credentials, environment } = await access(req, permission);
      return { credentials, environment, actor: actorOf(credentials) };
    },
    audited<T>(
      req: AnyRequest,
      eventId: string,
      meta: Record<string, string | number | boolean>,
      action: () => Promise<T>,
    ) {
      return audited(deps.auditor, req, eventId, meta, action);
    },
  };
}
