import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  berthEnvironmentCreatePermission,
  newInProjectResourceRef,
} from '@berth/plugin-berth-common';
import request from 'supertest';
import berthExamplePolicyModule from './berthExamplePolicyModule';
import {
  cluster,
  identities,
  startPermissionBackend,
  Who,
} from './__testUtils__/permissionBackend';
// Test helpers of the plugin's integration suites, not part of its API.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  awaitOperation,
  deleteEnvironments,
} from '../../../../plugins/berth-backend/src/__testUtils__/awaitOperation';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  chartEntries,
  craftArchive,
} from '../../../../plugins/berth-backend/src/helm/__testUtils__/craftArchive';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  testClusters,
  testNamespaces,
} from '../../../../plugins/berth-backend/src/__testUtils__/testClusters';

// Every mutating route of Berth, through the real permission backend and the
// example policy (project-scoped: a System's owners change its project and
// its environments), for four identities: no session, another team, the
// owner of the project's System, and a production admin. Environments live on
// the local clusters (the integration suite's global setup starts them).
jest.setTimeout(300_000);

const suffix = Math.random().toString(36).slice(2, 8);
const project = `perm-${suffix}`;
// A second project of the same owners for the project and Helm routes, so
// the services they add do not reach the environments of the first.
const changed = `permp-${suffix}`;
// Namespaces an environment may adopt without berth.namespace.adopt.
const adoptable = `perm-${suffix}-team`;

describe('Berth permissions with the example policy', () => {
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    server = await startPermissionBackend({
      policy: berthExamplePolicyModule,
      seeded: project,
      others: [changed],
      berth: {
        clusters: { [cluster]: { adoptableNamespaces: [`${adoptable}-*`] } },
      },
    });
  });

  const environmentsPath = `/api/berth/projects/default/${project}/environments`;

  afterAll(async () => {
    // Delete what is left, with its namespaces, and wait until it is gone.
    const list = await request(server)
      .get(environmentsPath)
      .set(identities.admin);
    await deleteEnvironments(
      server,
      (list.body.items ?? []).map((e: { id: string }) => e.id),
      { headers: identities.admin, timeoutMs: 300_000 },
    );
  });

  const create = (who: Who, name: string, tier = 'testing') =>
    request(server)
      .post(environmentsPath)
      .set(identities[who])
      .send({ environments: [{ name, cluster, tier, deploy: false }] });

  async function environmentId(name: string, tier = 'testing') {
    const res = await create('admin', name, tier);
    expect({ status: res.status, error: res.body.error?.message }).toEqual({
      status: 201,
      error: undefined,
    });
    const id = res.body.items[0].id as string;
    // Routes that write into the namespace (configs) need the create
    // operation to have made it.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const env = await request(server)
        .get(`/api/berth/environments/${id}`)
        .set(identities.admin);
      if (env.body.namespaceCreated) return id;
      if (Date.now() > deadline) {
        throw new Error(`environment ${name}: its namespace was not made`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  it('create: refused without a session and to another team; allowed to the owner and an admin', async () => {
    expect((await create('none', 'c-none')).status).toBe(401);
    const other = await create('other', 'c-other');
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain(
      "Not allowed to create environment 'c-other'",
    );
    expect((await create('owner', 'c-owner')).status).toBe(201);
    expect((await create('admin', 'c-admin')).status).toBe(201);
    // Nothing was created for the refused requests.
    const list = await request(server)
      .get(environmentsPath)
      .set(identities.admin);
    expect(list.body.items.map((e: { name: string }) => e.name).sort()).toEqual(
      ['c-admin', 'c-owner'],
    );
  });

  it("the project-level create check (the portal's Create environment button): the owner and an admin, not another team", async () => {
    const decide = async (who: Who, projectName: string) => {
      const res = await request(server)
        .post('/api/permission/authorize')
        .set(identities[who])
        .send({
          items: [
            {
              id: 'create',
              permission: berthEnvironmentCreatePermission,
              resourceRef: newInProjectResourceRef(
                `system:default/${projectName}`,
              ),
            },
          ],
        });
      expect(res.status).toBe(200);
      return res.body.items[0].result;
    };
    expect(await decide('owner', project)).toBe(AuthorizeResult.ALLOW);
    expect(await decide('admin', project)).toBe(AuthorizeResult.ALLOW);
    expect(await decide('other', project)).toBe(AuthorizeResult.DENY);
    // An unknown project: nothing to create in.
    expect(await decide('owner', `nope-${suffix}`)).toBe(AuthorizeResult.DENY);
  });

  interface MutatingRoute {
    name: string;
    method: 'post' | 'put' | 'delete';
    path: (id: string) => string;
    body?: (who: Who) => object;
    /** What an allowed caller gets; 404 where the permission check passes and the record asked for does not exist. */
    ok: number;
  }
  const env = (id: string) => `/api/berth/environments/${id}`;
  const routes: MutatingRoute[] = [
    {
      name: 'deploy',
      method: 'post',
      path: id => `${env(id)}/deploy`,
      ok: 202,
    },
    {
      name: 'service-deploy',
      method: 'post',
      path: id => `${env(id)}/services/hello/deploy`,
      body: () => ({ images: { main: 'ghcr.io/berth-demo/hello:2.0.0' } }),
      ok: 202,
    },
    {
      name: 'restart',
      method: 'post',
      path: id => `${env(id)}/services/hello/restart`,
      ok: 202,
    },
    {
      name: 'scale',
      method: 'post',
      path: id => `${env(id)}/services/hello/scale`,
      body: () => ({ replicas: 1 }),
      ok: 202,
    },
    {
      name: 'values',
      method: 'put',
      path: id => `${env(id)}/values`,
      body: () => ({ values: 'message: hi\n' }),
      ok: 200,
    },
    {
      name: 'copy',
      method: 'post',
      path: id => `${env(id)}/copy`,
      body: who => ({ name: `copied-${who}`, deploy: false }),
      ok: 201,
    },
    {
      name: 'sleep',
      method: 'post',
      path: id => `${env(id)}/sleep`,
      ok: 202,
    },
    {
      name: 'sleep-schedule',
      method: 'put',
      path: id => `${env(id)}/sleep-schedule`,
      body: () => ({ sleepCron: '0 20 * * 1-5', timeZone: 'UTC' }),
      ok: 200,
    },
    {
      name: 'config',
      method: 'post',
      path: id => `${env(id)}/configs`,
      body: () => ({
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings' },
          data: { mode: 'test' },
        },
      }),
      ok: 201,
    },
    {
      name: 'rollback',
      method: 'post',
      path: id => `${env(id)}/services/hello/rollback`,
      body: () => ({ deploymentId: '00000000-0000-4000-8000-000000000000' }),
      ok: 404,
    },
    {
      name: 'wake',
      method: 'post',
      path: id => `${env(id)}/wake`,
      // Past the permission check: the environment is awake.
      ok: 409,
    },
    {
      name: 'schedule-delete',
      method: 'delete',
      path: id => `${env(id)}/sleep-schedule`,
      ok: 204,
    },
    {
      name: 'config-update',
      method: 'put',
      path: id => `${env(id)}/configs/ConfigMap/settings`,
      body: () => ({
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings' },
          data: { mode: 'other' },
        },
      }),
      ok: 404,
    },
    {
      name: 'config-delete',
      method: 'delete',
      path: id => `${env(id)}/configs/ConfigMap/settings`,
      ok: 404,
    },
    {
      name: 'registry',
      method: 'put',
      path: id => `${env(id)}/registry`,
      body: () => ({ registry: null }),
      ok: 200,
    },
    {
      name: 'cancel',
      method: 'post',
      path: id =>
        `${env(id)}/operations/00000000-0000-4000-8000-000000000000/cancel`,
      ok: 404,
    },
    {
      name: 'revision',
      method: 'put',
      path: id => `${env(id)}/services/hello/revision`,
      body: () => ({ revision: 1 }),
      ok: 200,
    },
    { name: 'delete', method: 'delete', path: id => env(id), ok: 202 },
  ];

  it.each(routes.map(r => [r.name, r] as const))(
    '%s: 401 without a session, 403 for another team, allowed for the owner and an admin outside production',
    async (_name, route) => {
      for (const who of ['none', 'other', 'owner', 'admin'] as const) {
        const id = await environmentId(`${route.name}-${who}`);
        const res = await request(server)
          [route.method](route.path(id))
          .set(identities[who])
          .send(route.body?.(who) ?? {});
        const expected = {
          none: 401,
          other: 403,
          owner: route.ok,
          admin: route.ok,
        }[who];
        expect({ who, status: res.status }).toEqual({ who, status: expected });
      }
    },
  );

  describe('project and Helm routes', () => {
    const projectPath = `/api/berth/projects/default/${changed}`;
    const manifests = (tag: string) => ({
      kind: 'manifests',
      manifests: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\ndata:\n  tag: "${tag}"\n`,
      variables: [],
    });
    const archive = craftArchive(chartEntries('demo'));
    let digest = '';

    beforeAll(async () => {
      const base = await request(server)
        .post(`${projectPath}/services`)
        .set(identities.admin)
        .send({
          name: 'base',
          componentRef: 'component:default/base',
          spec: manifests('1'),
        });
      if (base.status !== 201) {
        throw new Error(`service create failed: ${JSON.stringify(base.body)}`);
      }
      const uploaded = await request(server)
        .post(`${projectPath}/helm/archives?filename=demo-1.2.3.tgz`)
        .set(identities.admin)
        .set('content-type', 'application/gzip')
        .send(archive);
      if (uploaded.status !== 201) {
        throw new Error(`upload failed: ${JSON.stringify(uploaded.body)}`);
      }
      digest = uploaded.body.digest;
    });

    interface ProjectRoute {
      name: string;
      method: 'get' | 'post' | 'put';
      /** A function where it names the archive uploaded in beforeAll. */
      path: string | (() => string);
      body?: (who: Who) => Promise<object> | object;
      upload?: boolean;
      /** What an allowed caller gets; 400 where the check passes and the service cannot do it. */
      ok: number;
    }
    const projectRoutes: ProjectRoute[] = [
      {
        name: 'service-create',
        method: 'post',
        path: '/services',
        body: who => ({
          name: `svc-${who}`,
          componentRef: `component:default/svc-${who}`,
          spec: manifests(who),
        }),
        ok: 201,
      },
      {
        name: 'revision',
        method: 'post',
        path: '/services/base/revisions',
        body: who => ({ spec: manifests(who) }),
        ok: 201,
      },
      {
        name: 'start-order',
        method: 'put',
        path: '/start-order',
        body: async () => {
          const current = await request(server)
            .get(projectPath)
            .set(identities.admin);
          return {
            groups: [
              current.body.services.map((s: { name: string }) => s.name),
            ],
          };
        },
        ok: 200,
      },
      {
        name: 'values',
        method: 'put',
        path: '/values',
        body: who => ({ values: `by: ${who}\n` }),
        ok: 200,
      },
      {
        name: 'helm-upload',
        method: 'post',
        path: '/helm/archives?filename=demo-1.2.3.tgz',
        upload: true,
        ok: 201,
      },
      {
        name: 'helm-charts',
        method: 'get',
        // Past the check: no repository of that name is configured.
        path: '/helm/charts?repository=none',
        ok: 400,
      },
      {
        name: 'helm-git-charts',
        method: 'post',
        path: '/helm/git/charts',
        // Past the check: the host is not allowed.
        body: () => ({ url: 'https://git.example.com/acme/tree/main' }),
        ok: 400,
      },
      {
        name: 'helm-inspect',
        method: 'post',
        path: '/helm/inspect',
        body: () => ({ source: { type: 'archive', digest } }),
        ok: 200,
      },
      {
        name: 'helm-archive',
        method: 'get',
        path: () => `/helm/archives/${digest}`,
        ok: 200,
      },
      {
        name: 'helm-archive-validate',
        method: 'post',
        path: () => `/helm/archives/${digest}/validate`,
        body: () => ({ values: 'replicaCount: 1\n' }),
        ok: 200,
      },
      {
        name: 'helm-import',
        method: 'post',
        path: '/helm/import',
        body: who => ({
          items: [
            { source: { type: 'archive', digest }, service: `imp-${who}` },
          ],
        }),
        ok: 200,
      },
      {
        name: 'chart-upgrade',
        method: 'post',
        path: '/services/base/chart/upgrade',
        body: () => ({ version: '9.9.9' }),
        ok: 400,
      },
      {
        name: 'values-sync',
        method: 'post',
        path: '/services/base/values/sync',
        ok: 400,
      },
    ];

    it.each(projectRoutes.map(r => [r.name, r] as const))(
      '%s: 401 without a session, 403 for another team, allowed for the owner and an admin',
      async (_name, route) => {
        for (const who of ['none', 'other', 'owner', 'admin'] as const) {
          const path =
            typeof route.path === 'string' ? route.path : route.path();
          const call = request(server)
            [route.method](`${projectPath}${path}`)
            .set(identities[who]);
          let res;
          if (route.upload) {
            res = await call
              .set('content-type', 'application/gzip')
              .send(archive);
          } else if (route.method === 'get') {
            res = await call;
          } else {
            res = await call.send((await route.body?.(who)) ?? {});
          }
          const expected = {
            none: 401,
            other: 403,
            owner: route.ok,
            admin: route.ok,
          }[who];
          expect({
            who,
            status: res.status,
            refusal: who === 'other' ? res.body.error?.message : undefined,
          }).toEqual({
            who,
            status: expected,
            refusal:
              who === 'other'
                ? `Not allowed to update project 'system:default/${changed}'`
                : undefined,
          });
        }
      },
    );

    it('nothing another team asked for was made', async () => {
      const current = await request(server)
        .get(projectPath)
        .set(identities.admin);
      const names = current.body.services.map((s: { name: string }) => s.name);
      expect(names).toEqual(
        expect.arrayContaining(['svc-owner', 'svc-admin', 'imp-owner']),
      );
      expect(names).not.toContain('svc-other');
      expect(names).not.toContain('imp-other');
      expect(current.body.values).not.toBe('by: other\n');
      const revisions = await request(server)
        .get(`${projectPath}/services/base/revisions`)
        .set(identities.other);
      expect(revisions.status).toBe(200);
      expect(
        revisions.body.items.map((r: { createdBy: string }) => r.createdBy),
      ).not.toContain('user:default/otto');
    });
  });

  describe('creating an environment that adopts a namespace', () => {
    const onCluster = testClusters().find(c => c.name === cluster)!;
    const team = testNamespaces(onCluster, adoptable);
    const outside = testNamespaces(onCluster, `permo-${suffix}`);
    const made: string[] = [];

    afterAll(async () => {
      await deleteEnvironments(server, made, {
        headers: identities.admin,
        timeoutMs: 300_000,
      });
      await Promise.all([team.cleanUp(), outside.cleanUp()]);
    });

    const adopt = async (who: Who, name: string, namespace: string) => {
      const res = await request(server)
        .post(environmentsPath)
        .set(identities[who])
        .send({
          environments: [
            {
              name,
              cluster,
              namespace,
              tier: 'testing',
              adoptNamespace: true,
              deploy: false,
            },
          ],
        });
      if (res.status === 201) {
        const id = res.body.items[0].id as string;
        made.push(id);
        expect(
          await awaitOperation(server, id, res.body.operations[0].id, {
            headers: identities.admin,
          }),
        ).toMatchObject({ kind: 'create', status: 'succeeded' });
      }
      return { who, status: res.status, error: res.body.error?.message };
    };

    it('a namespace matching the cluster’s pattern: the owner and an admin may, without berth.namespace.adopt', async () => {
      const results = [];
      for (const who of ['none', 'other', 'owner', 'admin'] as const) {
        results.push(await adopt(who, `adopt-in-${who}`, await team.create()));
      }
      expect(results).toEqual([
        { who: 'none', status: 401, error: expect.any(String) },
        {
          who: 'other',
          status: 403,
          error: expect.stringContaining(
            "Not allowed to create environment 'adopt-in-other'",
          ),
        },
        { who: 'owner', status: 201, error: undefined },
        { who: 'admin', status: 201, error: undefined },
      ]);
    });

    it('a namespace outside the pattern: only with berth.namespace.adopt (an admin), not the owner', async () => {
      const results = [];
      const namespaces: Record<string, string> = {};
      for (const who of ['none', 'other', 'owner', 'admin'] as const) {
        namespaces[who] = await outside.create();
        results.push(await adopt(who, `adopt-out-${who}`, namespaces[who]));
      }
      expect(results).toEqual([
        { who: 'none', status: 401, error: expect.any(String) },
        {
          who: 'other',
          status: 403,
          error: expect.stringContaining(
            "Not allowed to create environment 'adopt-out-other'",
          ),
        },
        {
          who: 'owner',
          status: 403,
          error: `Namespace '${namespaces.owner}' on cluster '${cluster}' may not be adopted: it matches none of berth.clusters.${cluster}.adoptableNamespaces (${adoptable}-*), and adopting other namespaces needs the permission berth.namespace.adopt`,
        },
        { who: 'admin', status: 201, error: undefined },
      ]);
      // Only the admin's environment exists, in the namespace it adopted.
      const list = await request(server)
        .get(environmentsPath)
        .set(identities.admin);
      const adopted = list.body.items
        .filter((e: { name: string }) => e.name.startsWith('adopt-out-'))
        .map((e: { name: string; namespace: string }) => [e.name, e.namespace]);
      expect(adopted).toEqual([['adopt-out-admin', namespaces.admin]]);
    });
  });

  it('copying a production environment: only with the production-copy permission (an admin), not the owner', async () => {
    const id = await environmentId('prod-src', 'production');
    const owner = await request(server)
      .post(`/api/berth/environments/${id}/copy`)
      .set(identities.owner)
      .send({ name: 'prod-copy-owner', tier: 'testing', deploy: false });
    expect(owner.status).toBe(403);
    const admin = await request(server)
      .post(`/api/berth/environments/${id}/copy`)
      .set(identities.admin)
      .send({ name: 'prod-copy-admin', tier: 'testing', deploy: false });
    expect(admin.status).toBe(201);
    const names = (
      await request(server).get(environmentsPath).set(identities.admin)
    ).body.items.map((e: { name: string }) => e.name);
    expect(names).toContain('prod-copy-admin');
    expect(names).not.toContain('prod-copy-owner');
  });

  it('production deploy and delete: only an admin, not even the owner', async () => {
    const id = await environmentId('prod', 'production');
    for (const [method, path] of [
      ['post', `/api/berth/environments/${id}/deploy`],
      ['delete', `/api/berth/environments/${id}`],
    ] as const) {
      expect(
        (await request(server)[method](path).set(identities.owner)).status,
      ).toBe(403);
    }
    const deployed = await request(server)
      .post(`/api/berth/environments/${id}/deploy`)
      .set(identities.admin);
    expect(deployed.status).toBe(202);
    const deleted = await request(server)
      .delete(`/api/berth/environments/${id}`)
      .set(identities.admin);
    expect(deleted.status).toBe(202);
    // The deploy runs first, then the delete queued behind it.
    for (const operation of [deployed.body.operation, deleted.body.operation]) {
      expect(
        await awaitOperation(server, id, operation.id, {
          headers: identities.admin,
        }),
      ).toMatchObject({ status: 'succeeded' });
    }
    const gone = await request(server)
      .get(`/api/berth/environments/${id}`)
      .set(identities.admin);
    expect(gone.status).toBe(404);
  });

  it('lists only what the caller may read, filtered in the database', async () => {
    const res = await request(server)
      .get(environmentsPath)
      .set(identities.none);
    expect(res.status).toBe(401);
    const other = await request(server)
      .get(environmentsPath)
      .set(identities.other);
    expect(other.status).toBe(200);
  });
});
