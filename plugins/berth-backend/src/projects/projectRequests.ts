import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { AnyRequest } from '../http/routeGroup';
import { actorOf } from '../model/actor';
import { audited } from '../http/audited';
import {
  ProjectAuthorizer,
  ProjectPermission,
} from '../permissions/ProjectAuthorizer';
import { systemRef } from './systemRef';

/**
 * What every project route (projects, services, revisions, start order,
 * values, Helm import, chart upgrade, values sync, chart listing and
 * inspection) does first: the caller's credentials, the project of the URL
 * (404 when it is not one), the permission check on it (403, audited), and
 * an audited runner for the change.
 */
export function projectRequests(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  projectAuthorizer: ProjectAuthorizer;
}) {
  return {
    /** The System ref of `/projects/:namespace/:name/...`. */
    refOf: (req: AnyRequest) =>
      systemRef(req.params.namespace, req.params.name),
    async authorized(req: AnyRequest, permission: ProjectPermission) {
      const credentials = await deps.httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const project = await deps.projectAuthorizer.authorize(
        credentials,
        permission,
        systemRef(req.params.namespace, req.params.name),
      );
      return { credentials, ref: project.ref, actor: actorOf(credentials) };
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
