import { InputError, NotFoundError } from '@backstage/errors';
import {
  berthProjectReadPermission,
  berthProjectUpdatePermission,
} from '@berth/plugin-berth-common';
import express from 'express';
import { checkRepositoryOrUrl } from './repositoryOrUrl';
import { HelmImportService } from './HelmImportService';
import { ArchiveLimits } from './helmConfig';
import { AnyRequest, BerthRouter, defineRouteGroup } from '../http/routeGroup';
import { RouteRequests } from '../http/routeRequests';

const ARCHIVE_TYPES = [
  'application/gzip',
  'application/x-gzip',
  'application/octet-stream',
  'application/x-compressed-tar',
  'application/x-tar',
];

/**
 * The Helm import endpoints. The project routes (chart listing, Git tree
 * listing, inspection, archive upload, reading and validation, import, a
 * service's chart, its versions, upgrade and values sync) are authorized on
 * the project through the authorization layer; only the lists of configured
 * repositories and registries are open to any signed-in caller.
 */
export const helmRoutes = defineRouteGroup(addHelmRoutes);

/** What the helm routes use. */
interface HelmRouteDeps {
  requests: RouteRequests;
  helmImport: HelmImportService;
  limits: ArchiveLimits;
}

function addHelmRoutes(
  router: BerthRouter,
  { helmImport, requests, ...deps }: HelmRouteDeps,
) {
  router.get(
    '/helm/repositories',
    requests.configuredList(() => helmImport.listRepositories()),
  );

  router.get(
    '/helm/registries',
    requests.configuredList(() => helmImport.listRegistries()),
  );

  // Listing and inspecting charts store nothing, but they make the backend
  // fetch: they are steps of an import into a project, authorized (and
  // audited) on that project like the upload and the import.
  const importer = (req: AnyRequest) =>
    requests.project(req, berthProjectUpdatePermission);
  const reader = (req: AnyRequest) =>
    requests.project(req, berthProjectReadPermission);

  router.get('/projects/:namespace/:name/helm/charts', async (req, res) => {
    await importer(req);
    const query = req.query;
    checkRepositoryOrUrl(query, 'query');
    res.json({ items: await helmImport.listCharts(query) });
  });

  router.get(
    '/projects/:namespace/:name/helm/sources/:key/charts',
    async (req, res) => {
      await importer(req);
      const { key } = req.params;
      const source = helmImport.chartSources.list().find(s => s.key === key);
      if (!source) {
        throw new NotFoundError(`No chart source '${key}' is registered`);
      }
      if (!source.listCharts) {
        throw new NotFoundError(
          `Chart source '${key}' does not list its charts`,
        );
      }
      res.json({ items: await source.listCharts() });
    },
  );

  router.post(
    '/projects/:namespace/:name/helm/git/charts',
    async (req, res) => {
      await importer(req);
      const body = req.body;
      res.json({ items: await helmImport.listGitCharts(body.url) });
    },
  );

  router.post('/projects/:namespace/:name/helm/inspect', async (req, res) => {
    await importer(req);
    const { source } = req.body;
    if (source.type === 'repository') {
      checkRepositoryOrUrl(source, 'request body: source');
    }
    res.json(await helmImport.inspect(source));
  });

  router.get(
    '/projects/:namespace/:name/helm/archives/:digest',
    async (req, res) => {
      await importer(req);
      res.json(await helmImport.getArchive(req.params.digest));
    },
  );

  router.post(
    '/projects/:namespace/:name/helm/archives/:digest/validate',
    async (req, res) => {
      await importer(req);
      res.json(
        await helmImport.checkValues(req.params.digest, req.body.values),
      );
    },
  );

  // An upload is the first step of an import into a project: authorized
  // (and audited) on that project before the body is read.
  router.post(
    '/projects/:namespace/:name/helm/archives',
    async (req, res, next) => {
      (res.locals as Record<string, unknown>).project = await importer(req);
      next();
    },
    express.raw({ type: () => true, limit: deps.limits.maxArchiveBytes }),
    async (req, res) => {
      const { ref, actor } = (res.locals as Record<string, unknown>)
        .project as Awaited<ReturnType<typeof importer>>;
      const { filename } = req.query;
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        .trim();
      if (!ARCHIVE_TYPES.includes(type)) {
        throw new InputError(
          `Upload a chart archive with Content-Type application/gzip (got '${
            type || 'none'
          }')`,
        );
      }
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw new InputError('The upload is empty');
      }
      const info = await requests.audited(
        req,
        'helm-archive-upload',
        { project: ref, filename, actor },
        () => helmImport.upload(req.body as Buffer, filename),
      );
      res.status(201).json(info);
    },
  );

  router.post('/projects/:namespace/:name/helm/import', async (req, res) => {
    const { ref, actor } = await importer(req);
    const body = req.body;
    body.items.forEach((item, i) => {
      if (item.source.type === 'repository') {
        checkRepositoryOrUrl(item.source, `request body: items.${i}.source`);
      }
    });
    const result = await requests.audited(
      req,
      'helm-import',
      { project: ref, items: body.items.length },
      () => helmImport.importCharts(ref, body, actor),
    );
    if (body.items.length === 1 && result.failed === 1) {
      const { error } = result.items[0];
      // The single item's error as the response, in Backstage's error shape.
      (res as express.Response).status(error!.statusCode).json({
        error: { name: error!.name, message: error!.message },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: error!.statusCode },
      });
      return;
    }
    res.status(result.failed > 0 ? 207 : 200).json(result);
  });

  router.get(
    '/projects/:namespace/:name/services/:service/chart',
    async (req, res) => {
      const { ref } = await reader(req);
      const { revision } = req.query;
      res.json(
        await helmImport.serviceChart(ref, req.params.service, revision),
      );
    },
  );

  router.get(
    '/projects/:namespace/:name/services/:service/chart/versions',
    async (req, res) => {
      const { ref } = await reader(req);
      res.json(await helmImport.chartVersions(ref, req.params.service));
    },
  );

  router.post(
    '/projects/:namespace/:name/services/:service/chart/upgrade',
    async (req, res) => {
      const { ref, actor } = await importer(req);
      const body = req.body;
      const revision = await requests.audited(
        req,
        'helm-chart-upgrade',
        {
          project: ref,
          service: req.params.service,
          version: body.version,
        },
        () =>
          helmImport.upgradeChart(ref, req.params.service, body.version, actor),
      );
      res.status(201).json(revision);
    },
  );

  router.post(
    '/projects/:namespace/:name/services/:service/values/sync',
    async (req, res) => {
      const { ref, actor } = await importer(req);
      const result = await requests.audited(
        req,
        'helm-values-sync',
        { project: ref, service: req.params.service },
        () => helmImport.syncValues(ref, req.params.service, actor),
      );
      res.json(result);
    },
  );
}
