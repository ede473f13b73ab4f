import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CreateSandboxRequest,
  ExplainRouteRequest,
  SandboxChange,
  UpdateSandboxRequest,
} from '@berth/plugin-berth-common';
import { Response } from 'express';
import { operationActor } from '../../model/actor';
import { AuthorizedEnvironments } from '../../permissions/AuthorizedEnvironments';
import {
  AnyRequest,
  BerthRouter,
  defineRouteGroup,
} from '../../http/routeGroup';
import { RouteRequests } from '../../http/routeRequests';
import { SandboxServiceContract } from '../SandboxServiceContract';
import { AuthorizedSandboxes } from './AuthorizedSandboxes';
import { checkForks } from './checkForks';
import { SandboxAuthorizer } from './SandboxAuthorizer';
import { SandboxBases } from './sandboxResource';

/** What the sandbox routes use. */
export interface SandboxRouteDeps {
  requests: RouteRequests;
  permissions: PermissionsService;
  auditor: AuditorService;
  authorizedEnvironments: AuthorizedEnvironments;
  /** The environment store: the bases of sandboxes. */
  environments: SandboxBases;
  sandboxService: SandboxServiceContract;
}

/**
 * Sandboxes (issue #15): the sandboxes of a base environment (list,
 * create), the base's readiness and explain route, and sandboxes by id
 * (list across projects, show, extend or change forks, delete). Every route
 * goes through {@link AuthorizedSandboxes}; every change is audited.
 * Create, delete and a change of forks answer 202 with the operation; an
 * extension alone answers 200.
 */
export const sandboxRoutes = defineRouteGroup(addSandboxRoutes);

function addSandboxRoutes(
  router: BerthRouter,
  { requests, ...deps }: SandboxRouteDeps,
) {
  const sandboxes = new AuthorizedSandboxes({
    service: deps.sandboxService,
    authorizer: new SandboxAuthorizer(deps.permissions, deps.auditor),
    authorizedEnvironments: deps.authorizedEnvironments,
    bases: deps.environments,
  });
  const caller = async (req: AnyRequest) => {
    const credentials = await requests.credentials(req);
    return { credentials, actor: operationActor(credentials) };
  };
  const answer = (res: Response, change: SandboxChange) =>
    res.status(change.operation ? 202 : 200).json(change);

  router.get('/environments/:id/sandboxes', async (req, res) => {
    const { credentials } = await caller(req);
    res.json({
      items: await sandboxes.listForBase(credentials, req.params.id),
    });
  });

  router.post('/environments/:id/sandboxes', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const body = req.body as CreateSandboxRequest;
    checkForks(body.forks);
    const change = await requests.audited(
      req,
      'sandbox-create',
      { environment: req.params.id, sandbox: body.name },
      () => sandboxes.create(credentials, req.params.id, body, actor),
    );
    res.status(202).json(change);
  });

  router.get('/environments/:id/sandbox-readiness', async (req, res) => {
    const { credentials } = await caller(req);
    res.json(await sandboxes.readiness(credentials, req.params.id));
  });

  router.post('/environments/:id/explain-route', async (req, res) => {
    const { credentials } = await caller(req);
    res.json(
      await sandboxes.explainRoute(
        credentials,
        req.params.id,
        req.body as ExplainRouteRequest,
      ),
    );
  });

  router.get('/sandboxes', async (req, res) => {
    const { credentials, actor } = await caller(req);
    res.json({
      items: await sandboxes.list(
        credentials,
        {
          mine: req.query.mine === 'true',
          ...(req.query.projectRef ? { projectRef: req.query.projectRef } : {}),
        },
        actor,
      ),
    });
  });

  router.get('/sandboxes/:sandboxId', async (req, res) => {
    const { credentials } = await caller(req);
    res.json(await sandboxes.get(credentials, req.params.sandboxId));
  });

  router.get('/sandboxes/:sandboxId/traffic', async (req, res) => {
    const { credentials } = await caller(req);
    res.json(await sandboxes.traffic(credentials, req.params.sandboxId));
  });

  router.patch('/sandboxes/:sandboxId', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const id = req.params.sandboxId;
    const body = req.body as UpdateSandboxRequest;
    if (body.forks) checkForks(body.forks);
    const change = await requests.audited(
      req,
      'sandbox-update',
      {
        sandbox: id,
        ...(body.ttlHours !== undefined ? { ttlHours: body.ttlHours } : {}),
        forks: body.forks !== undefined,
      },
      () => sandboxes.update(credentials, id, body, actor),
    );
    answer(res, change);
  });

  router.delete('/sandboxes/:sandboxId', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const id = req.params.sandboxId;
    const change = await requests.audited(
      req,
      'sandbox-delete',
      { sandbox: id },
      () => sandboxes.delete(credentials, id, actor),
    );
    res.status(202).json(change);
  });
}
