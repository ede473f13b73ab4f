import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { berthEnvironmentReadPermission } from '@berth/plugin-berth-common';
import { actorOf, operationActor } from '../model/actor';
import {
  AuthorizedEnvironments,
  ConditionalPermission,
  EnvironmentPermission,
} from '../permissions/AuthorizedEnvironments';
import { AuthorizedProjects } from '../permissions/AuthorizedProjects';
import { ProjectPermission } from '../permissions/ProjectAuthorizer';
import { audited } from './audited';
import { Response } from 'express';
import { AnyRequest } from './routeGroup';
import { systemRef } from './systemRef';

/**
 * What every route does first, in one place: the caller's credentials (a
 * user or a service, else 401), then the project or environment of the URL
 * through the authorization layer (404 when unknown, 403 when not allowed,
 * audited), and an audited runner for the change. Routes never check a
 * permission themselves.
 */
export function routeRequests(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizedEnvironments: AuthorizedEnvironments;
  authorizedProjects: AuthorizedProjects;
}) {
  const credentials = (req: AnyRequest) =>
    deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
  const callerOf = async (req: AnyRequest) => {
    const caller = await credentials(req);
    return {
      credentials: caller,
      actor: actorOf(caller),
      operationActor: operationActor(caller),
    };
  };
  /** The System ref of `/projects/:namespace/:name/...`. */
  const projectRef = (req: AnyRequest) =>
    systemRef(req.params.namespace, req.params.name);

  /** The caller and the environment of `/environments/:id/...`. */
  const environment = async (
    req: AnyRequest,
    permission: EnvironmentPermission,
    ...also: ConditionalPermission[]
  ) => {
    const caller = await callerOf(req);
    return {
      ...caller,
      environment: await deps.authorizedEnvironments.get(
        caller.credentials,
        req.params.id,
        permission,
        ...also,
      ),
    };
  };

  return {
    credentials,
    projectRef,
    environment,
    /**
     * A handler answering `{ items: list() }` to any signed-in caller: the
     * lists of what is configured (clusters, registries, Helm repositories).
     */
    configuredList(list: () => unknown[]) {
      return async (req: AnyRequest, res: Response) => {
        await credentials(req);
        res.json({ items: list() });
      };
    },
    /** The environment of `/environments/:id/...`, for a caller who may read it. */
    async readableEnvironment(req: AnyRequest) {
      return (await environment(req, berthEnvironmentReadPermission))
        .environment;
    },
    /** The environments the caller may read, of one project or all. */
    async environments(req: AnyRequest, filter: { projectRef?: string } = {}) {
      return deps.authorizedEnvironments.list(await credentials(req), filter);
    },
    /** The caller and the ref of the project of `/projects/:namespace/:name/...`. */
    async project(req: AnyRequest, permission: ProjectPermission) {
      const caller = await callerOf(req);
      const ref = await deps.authorizedProjects.get(
        caller.credentials,
        projectRef(req),
        permission,
      );
      return { ...caller, ref };
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

/** The request helpers every route group gets. */
export type RouteRequests = ReturnType<typeof routeRequests>;
