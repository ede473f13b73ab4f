import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  berthProjectReadPermission,
  berthProjectUpdatePermission,
} from '@berth/plugin-berth-common';
import express, { Request } from 'express';
import { serviceSpecOf } from './serviceSpecOf';
import { ProjectAuthorizer } from '../permissions/ProjectAuthorizer';
import { projectRequests } from './projectRequests';
import { ProjectService } from './ProjectService';
import { routeGroup } from '../http/routeGroup';

/**
 * The project endpoints: projects, their services, start order and values.
 * Every one is authorized on the project through `projectRequests`.
 */
export function projectRoutes(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  projectAuthorizer: ProjectAuthorizer;
  projects: ProjectService;
}): express.Router {
  const router = routeGroup();
  const requests = projectRequests(deps);
  const audited = <T>(
    req: Request,
    eventId: string,
    action: () => Promise<T>,
  ) => requests.audited(req, eventId, { project: requests.refOf(req) }, action);

  router.get('/projects', async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const all = await deps.projects.listProjects();
    res.json({
      items: await deps.projectAuthorizer.readable(credentials, all),
    });
  });

  router.get('/projects/:namespace/:name', async (req, res) => {
    const { ref } = await requests.authorized(req, berthProjectReadPermission);
    res.json(await deps.projects.getProject(ref));
  });

  router.post('/projects/:namespace/:name/services', async (req, res) => {
    const { ref, actor } = await requests.authorized(
      req,
      berthProjectUpdatePermission,
    );
    const body = { ...req.body, spec: serviceSpecOf(req.body.spec) };
    const service = await audited(req, 'project-service-create', () =>
      deps.projects.createService(ref, body, actor),
    );
    res.status(201).json(service);
  });

  router.get(
    '/projects/:namespace/:name/services/:service/revisions',
    async (req, res) => {
      const { ref } = await requests.authorized(
        req,
        berthProjectReadPermission,
      );
      res.json({
        items: await deps.projects.listServiceRevisions(
          ref,
          req.params.service,
        ),
      });
    },
  );

  router.post(
    '/projects/:namespace/:name/services/:service/revisions',
    async (req, res) => {
      const { ref, actor } = await requests.authorized(
        req,
        berthProjectUpdatePermission,
      );
      const spec = serviceSpecOf(req.body.spec);
      const revision = await audited(req, 'project-service-revision', () =>
        deps.projects.addServiceRevision(ref, req.params.service, spec, actor),
      );
      res.status(201).json(revision);
    },
  );

  router.put('/projects/:namespace/:name/start-order', async (req, res) => {
    const { ref } = await requests.authorized(
      req,
      berthProjectUpdatePermission,
    );
    const { groups } = req.body;
    await audited(req, 'project-start-order', () =>
      deps.projects.setStartOrder(ref, groups),
    );
    res.json(await deps.projects.getProject(ref));
  });

  router.put('/projects/:namespace/:name/values', async (req, res) => {
    const { ref } = await requests.authorized(
      req,
      berthProjectUpdatePermission,
    );
    const { values } = req.body;
    await audited(req, 'project-values', () =>
      deps.projects.setValues(ref, values),
    );
    res.json(await deps.projects.getProject(ref));
  });

  return router;
}
