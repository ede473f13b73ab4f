import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { berthProjectUpdatePermission } from '@berth/plugin-berth-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { audited as auditedAction } from '../http/audited';
import { parseRequest, yamlText } from '../http/parseRequest';
import { ProjectService } from './ProjectService';
import { systemRef } from './systemRef';

const chartSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('path'), path: z.string().min(1).max(1024) })
    .strict(),
  z
    .object({
      type: z.literal('repository'),
      url: z.string().url().max(1024),
      name: z.string().min(1).max(253),
      version: z.string().min(1).max(128),
    })
    .strict(),
  // An imported chart: ProjectService checks the digest and the schema.
  z
    .object({
      type: z.literal('archive'),
      digest: z.string().regex(/^[a-f0-9]{64}$/),
      name: z.string().min(1).max(63),
      version: z.string().min(1).max(128),
      origin: z.union([
        z
          .object({
            type: z.literal('repository'),
            repository: z.string().max(253).optional(),
            url: z.string().url().max(2048),
            chart: z.string().min(1).max(253),
            version: z.string().min(1).max(128),
          })
          .strict(),
        z
          .object({
            type: z.literal('oci'),
            ref: z.string().min(1).max(1024),
            version: z.string().min(1).max(128),
            registry: z.string().max(253).optional(),
          })
          .strict(),
        z
          .object({
            type: z.literal('git'),
            url: z.string().url().max(2048),
            path: z.string().max(1024),
          })
          .strict(),
        z
          .object({
            type: z.literal('upload'),
            filename: z.string().min(1).max(255),
          })
          .strict(),
      ]),
    })
    .strict(),
]);

const specSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('helm'),
      chart: chartSchema,
      values: yamlText.default(''),
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
        .default([]),
      valuesFrom: z
        .object({ url: z.string().url().max(2048), track: z.boolean() })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('manifests'),
      manifests: yamlText,
      variables: z.array(z.any()).max(100).default([]),
    })
    .strict(),
]);

/** The project endpoints: projects, their services, start order and values. */
export function projectRoutes(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  projects: ProjectService;
}): express.Router {
  const router = Router();
  const refOf = (req: Request) =>
    systemRef(req.params.namespace, req.params.name);

  async function authorizeUpdate(req: Request) {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await deps.permissions.authorize(
      [{ permission: berthProjectUpdatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to change project '${refOf(req)}'`,
      );
    }
    return credentials.principal.type === 'user'
      ? credentials.principal.userEntityRef
      : credentials.principal.subject;
  }

  const audited = <T>(
    req: Request,
    eventId: string,
    action: () => Promise<T>,
  ) =>
    auditedAction(deps.auditor, req, eventId, { project: refOf(req) }, action);

  router.get('/projects', async (req, res) => {
    await deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: await deps.projects.listProjects() });
  });

  router.get('/projects/:namespace/:name', async (req, res) => {
    await deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await deps.projects.getProject(refOf(req)));
  });

  router.post('/projects/:namespace/:name/services', async (req, res) => {
    const actor = await authorizeUpdate(req);
    const body = parseRequest(
      z
        .object({
          name: z.string(),
          componentRef: z.string().max(255),
          spec: specSchema,
        })
        .strict(),
      req.body,
    );
    const service = await audited(req, 'project-service-create', () =>
      deps.projects.createService(refOf(req), body, actor),
    );
    res.status(201).json(service);
  });

  router.get(
    '/projects/:namespace/:name/services/:service/revisions',
    async (req, res) => {
      await deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
      res.json({
        items: await deps.projects.listServiceRevisions(
          refOf(req),
          req.params.service,
        ),
      });
    },
  );

  router.post(
    '/projects/:namespace/:name/services/:service/revisions',
    async (req, res) => {
      const actor = await authorizeUpdate(req);
      const { spec } = parseRequest(
        z.object({ spec: specSchema }).strict(),
        req.body,
      );
      const revision = await audited(req, 'project-service-revision', () =>
        deps.projects.addServiceRevision(
          refOf(req),
          req.params.service,
          spec,
          actor,
        ),
      );
      res.status(201).json(revision);
    },
  );

  router.put('/projects/:namespace/:name/start-order', async (req, res) => {
    await authorizeUpdate(req);
    const { groups } = parseRequest(
      z
        .object({ groups: z.array(z.array(z.string()).max(500)).max(50) })
        .strict(),
      req.body,
    );
    await audited(req, 'project-start-order', () =>
      deps.projects.setStartOrder(refOf(req), groups),
    );
    res.json(await deps.projects.getProject(refOf(req)));
  });

  router.put('/projects/:namespace/:name/values', async (req, res) => {
    await authorizeUpdate(req);
    const { values } = parseRequest(
      z.object({ values: yamlText }).strict(),
      req.body,
    );
    await audited(req, 'project-values', () =>
      deps.projects.setValues(refOf(req), values),
    );
    res.json(await deps.projects.getProject(refOf(req)));
  });

  return router;
}
