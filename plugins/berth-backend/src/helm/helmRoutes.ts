import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  berthProjectReadPermission,
  berthProjectUpdatePermission,
} from '@berth/plugin-berth-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseRequest, yamlText } from '../http/parseRequest';
import { ProjectAuthorizer } from '../permissions/ProjectAuthorizer';
import { projectRequests } from '../projects/projectRequests';
import { HelmImportService, MAX_IMPORT_ITEMS } from './HelmImportService';
import { ArchiveLimits } from './helmConfig';

const url = z.string().url().max(2048);
const chartName = z.string().min(1).max(253);
const version = z.string().min(1).max(128);
const digest = z
  .string()
  .regex(/^[a-f0-9]{64}$/, 'must be a sha256 digest (64 hex characters)');

export const importSourceSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('repository'),
      repository: z.string().min(1).max(253).optional(),
      url: url.optional(),
      chart: chartName,
      version,
    })
    .strict()
    .refine(s => Boolean(s.repository) !== Boolean(s.url), {
      message: 'give either repository (a configured name) or url',
    }),
  z
    .object({
      type: z.literal('oci'),
      ref: z.string().min(1).max(1024).startsWith('oci://'),
      version,
      registry: z.string().min(1).max(253).optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('git'), url, path: z.string().max(1024) })
    .strict(),
  z.object({ type: z.literal('archive'), digest }).strict(),
  // A chart source added by a module, by its key (GET /extensions).
  z
    .object({
      type: z.literal('extension'),
      source: z
        .string()
        .regex(
          /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
          'must be a chart source key',
        ),
      chart: chartName,
      version,
    })
    .strict(),
]);

const importSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            source: importSourceSchema,
            service: z.string().max(63).optional(),
            componentRef: z.string().max(255).optional(),
            values: yamlText.optional(),
            valuesFile: z.string().min(1).max(1024).optional(),
            valuesUrl: url.optional(),
            trackValues: z.boolean().optional(),
            images: z
              .array(
                z
                  .object({
                    name: z.string().min(1).max(63),
                    repositoryPath: z.string().min(1).max(256),
                    tagPath: z.string().min(1).max(256),
                  })
                  .strict(),
              )
              .max(20)
              .optional(),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_IMPORT_ITEMS),
    force: z.boolean().optional(),
  })
  .strict();

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
 * the project through `projectRequests`; only the lists of configured
 * repositories and registries are open to any signed-in caller.
 */
export function helmRoutes(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  projectAuthorizer: ProjectAuthorizer;
  helmImport: HelmImportService;
  limits: ArchiveLimits;
}): express.Router {
  const router = Router();
  const { helmImport } = deps;
  const requests = projectRequests(deps);

  const read = (req: Request) =>
    deps.httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/helm/repositories', async (req, res) => {
    await read(req);
    res.json({ items: helmImport.listRepositories() });
  });

  router.get('/helm/registries', async (req, res) => {
    await read(req);
    res.json({ items: helmImport.listRegistries() });
  });

  // Listing and inspecting charts store nothing, but they make the backend
  // fetch: they are steps of an import into a project, authorized (and
  // audited) on that project like the upload and the import.
  const importer = (req: Request) =>
    requests.authorized(req, berthProjectUpdatePermission);

  router.get('/projects/:namespace/:name/helm/charts', async (req, res) => {
    await importer(req);
    const query = parseRequest(
      z
        .object({
          repository: z.string().min(1).max(253).optional(),
          url: url.optional(),
        })
        .strict()
        .refine(q => Boolean(q.repository) !== Boolean(q.url), {
          message: 'give either repository or url',
        }),
      req.query,
      'query',
    );
    res.json({ items: await helmImport.listCharts(query) });
  });

  router.get(
    '/projects/:namespace/:name/helm/sources/:key/charts',
    async (req, res) => {
      await importer(req);
      const { key } = parseRequest(
        z.object({ key: z.string().min(1).max(63) }),
        { key: req.params.key },
        'path',
      );
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
      const body = parseRequest(z.object({ url }).strict(), req.body);
      res.json({ items: await helmImport.listGitCharts(body.url) });
    },
  );

  router.post('/projects/:namespace/:name/helm/inspect', async (req, res) => {
    await importer(req);
    const { source } = parseRequest(
      z.object({ source: importSourceSchema }).strict(),
      req.body,
    );
    res.json(await helmImport.inspect(source));
  });

  router.get(
    '/projects/:namespace/:name/helm/archives/:digest',
    async (req, res) => {
      await importer(req);
      const params = parseRequest(z.object({ digest }), req.params, 'path');
      res.json(await helmImport.getArchive(params.digest));
    },
  );

  router.post(
    '/projects/:namespace/:name/helm/archives/:digest/validate',
    async (req, res) => {
      await importer(req);
      const params = parseRequest(z.object({ digest }), req.params, 'path');
      const body = parseRequest(
        z.object({ values: yamlText }).strict(),
        req.body,
      );
      res.json(await helmImport.checkValues(params.digest, body.values));
    },
  );

  // An upload is the first step of an import into a project: authorized
  // (and audited) on that project before the body is read.
  router.post(
    '/projects/:namespace/:name/helm/archives',
    async (req, res, next) => {
      res.locals.project = await requests.authorized(
        req,
        berthProjectUpdatePermission,
      );
      next();
    },
    express.raw({ type: () => true, limit: deps.limits.maxArchiveBytes }),
    async (req, res) => {
      const { ref, actor } = res.locals.project as Awaited<
        ReturnType<typeof requests.authorized>
      >;
      const { filename } = parseRequest(
        z
          .object({
            filename: z
              .string()
              .min(1)
              .max(255)
              .regex(
                // eslint-disable-next-line no-control-regex
                /^[^/\\\u0000-\u001f]+$/,
                'must be a file name, not a path',
              ),
          })
          .strict(),
        req.query,
        'query',
      );
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
    const { ref, actor } = await requests.authorized(
      req,
      berthProjectUpdatePermission,
    );
    const body = parseRequest(importSchema, req.body);
    const result = await requests.audited(
      req,
      'helm-import',
      { project: ref, items: body.items.length },
      () => helmImport.importCharts(ref, body, actor),
    );
    if (body.items.length === 1 && result.failed === 1) {
      const { error } = result.items[0];
      res.status(error!.statusCode).json({
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
      const { ref } = await requests.authorized(
        req,
        berthProjectReadPermission,
      );
      const { revision } = parseRequest(
        z
          .object({ revision: z.coerce.number().int().positive().optional() })
          .strict(),
        req.query,
        'query',
      );
      res.json(
        await helmImport.serviceChart(ref, req.params.service, revision),
      );
    },
  );

  router.get(
    '/projects/:namespace/:name/services/:service/chart/versions',
    async (req, res) => {
      const { ref } = await requests.authorized(
        req,
        berthProjectReadPermission,
      );
      res.json(await helmImport.chartVersions(ref, req.params.service));
    },
  );

  router.post(
    '/projects/:namespace/:name/services/:service/chart/upgrade',
    async (req, res) => {
      const { ref, actor } = await requests.authorized(
        req,
        berthProjectUpdatePermission,
      );
      const body = parseRequest(z.object({ version }).strict(), req.body);
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
      const { ref, actor } = await requests.authorized(
        req,
        berthProjectUpdatePermission,
      );
      const result = await requests.audited(
        req,
        'helm-values-sync',
        { project: ref, service: req.params.service },
        () => helmImport.syncValues(ref, req.params.service, actor),
      );
      res.json(result);
    },
  );

  return router;
}
