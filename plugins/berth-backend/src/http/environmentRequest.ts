import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { Request } from 'express';
import { actorOf } from '../model/actor';
import { StoredEnvironment } from '../model/environment';
import { audited } from './audited';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';

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
  return {
    async authorized(
      req: Request,
      permission: Parameters<EnvironmentAuthorizer['authorize']>[1],
    ) {
      const credentials = await deps.httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const environment = await deps.environments.getById(req.params.id);
      await deps.authorizer.authorize(credentials, permission, environment);
      return { credentials, environment, actor: actorOf(credentials) };
    },
    audited<T>(
      req: Request,
      eventId: string,
      meta: Record<string, string | number | boolean>,
      action: () => Promise<T>,
    ) {
      return audited(deps.auditor, req, eventId, meta, action);
    },
  };
}
