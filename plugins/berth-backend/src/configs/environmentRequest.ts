import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { Request } from 'express';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { audited } from '../http/audited';
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
  environments: EnvironmentStore;
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

/** Who did it: the user's entity ref, or the service's subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user'
    ? principal.userEntityRef!
    : principal.subject ?? 'unknown';
}
