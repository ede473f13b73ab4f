import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  berthProjectReadPermission,
  berthProjectUpdatePermission,
} from '@berth/plugin-berth-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseRequest, yamlText } from '../http/parseRequest';
import { ProjectAuthorizer } from '../permissions/ProjectAuthorizer';
import { projectRequests } from './projectRequests';
import { ProjectService } from './ProjectService';

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
  const router = Router();
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
      const { spec } = parseRequest(
        z.object({ spec: specSchema }).strict(),
        req.body,
      );
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
    const { groups } = parseRequest(
      z
        .object({ groups: z.array(z.array(z.string()).max(500)).max(50) })
        .strict(),
      req.body,
    );
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
    const { values } = parseRequest(
      z.object({ values: yamlText }).strict(),
      req.body,
    );
    await audited(req, 'project-values', () =>
      deps.projects.setValues(ref, values),
    );
    res.json(await deps.projects.getProject(ref));
  });

  return router;
}
