import {
  berthProjectReadPermission,
  berthProjectUpdatePermission,
} from '@berth/plugin-berth-common';
import { serviceSpecOf } from './serviceSpecOf';
import { AuthorizedProjects } from '../permissions/AuthorizedProjects';
import { ProjectService } from './ProjectService';
import { AnyRequest, BerthRouter, defineRouteGroup } from '../http/routeGroup';
import { RouteRequests } from '../http/routeRequests';

/**
 * The project endpoints: projects, their services, start order and values.
 * Every one is authorized on the project through the authorization layer.
 */
export const projectRoutes = defineRouteGroup(addProjectRoutes);

/** What the project routes use. */
interface ProjectRouteDeps {
  requests: RouteRequests;
  authorizedProjects: AuthorizedProjects;
  projects: ProjectService;
}

function addProjectRoutes(
  router: BerthRouter,
  { requests, projects, ...deps }: ProjectRouteDeps,
) {
  const reader = (req: AnyRequest) =>
    requests.project(req, berthProjectReadPermission);
  const updater = (req: AnyRequest) =>
    requests.project(req, berthProjectUpdatePermission);
  const audited = <T>(
    req: AnyRequest,
    eventId: string,
    action: () => Promise<T>,
  ) =>
    requests.audited(
      req,
      eventId,
      { project: requests.projectRef(req) },
      action,
    );

  router.get('/projects', async (req, res) => {
    const credentials = await requests.credentials(req);
    res.json({ items: await deps.authorizedProjects.list(credentials) });
  });

  router.get('/projects/:namespace/:name', async (req, res) => {
    const { ref } = await reader(req);
    res.json(await projects.getProject(ref));
  });

  router.post('/projects/:namespace/:name/services', async (req, res) => {
    const { ref, actor } = await updater(req);
    const body = { ...req.body, spec: serviceSpecOf(req.body.spec) };
    const service = await audited(req, 'project-service-create', () =>
      projects.createService(ref, body, actor),
    );
    res.status(201).json(service);
  });

  const revisions = '/projects/:namespace/:name/services/:service/revisions';
  router.get(revisions, async (req, res) => {
    const { ref } = await reader(req);
    const { service } = req.params;
    res.json({ items: await projects.listServiceRevisions(ref, service) });
  });

  router.post(revisions, async (req, res) => {
    const { ref, actor } = await updater(req);
    const spec = serviceSpecOf(req.body.spec);
    const revision = await audited(req, 'project-service-revision', () =>
      projects.addServiceRevision(ref, req.params.service, spec, actor),
    );
    res.status(201).json(revision);
  });

  router.put('/projects/:namespace/:name/start-order', async (req, res) => {
    const { ref } = await updater(req);
    await audited(req, 'project-start-order', () =>
      projects.setStartOrder(ref, req.body.groups),
    );
    res.json(await projects.getProject(ref));
  });

  router.put('/projects/:namespace/:name/image-rules', async (req, res) => {
    const { ref } = await updater(req);
    await audited(req, 'project-image-rules', () =>
      projects.setImageRules(ref, req.body.rules),
    );
    res.json(await projects.getProject(ref));
  });

  router.put('/projects/:namespace/:name/values', async (req, res) => {
    const { ref } = await updater(req);
    await audited(req, 'project-values', () =>
      projects.setValues(ref, req.body.values),
    );
    res.json(await projects.getProject(ref));
  });
}
