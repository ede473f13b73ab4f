import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';
import {
  kubeConfigFor,
  testClusters,
  waitFor,
} from '../__testUtils__/testClusters';

// Environment-wide values changes through the HTTP API: the preview lists the
// services whose merged values change, applying it redeploys only those.
// Bad input to the rendering, diff, drift and values routes: a clear 4xx and
// nothing changed.
jest.setTimeout(300_000);

const [east] = testClusters();
const project = `vals-${Math.random().toString(36).slice(2, 8)}`;
const projectFile = writeTestProjectFile(project, {
  services: ['alpha', 'beta', 'gamma'],
});

describe('environment-wide values changes over HTTP', () => {
  let server: Parameters<typeof request>[0];
  const denied = new Set<string>();
  const decide = (name: string) =>
    denied.has(name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({ result: decide(r.permission.name) })) as any,
    authorizeConditional: async requests =>
      requests.map(r => ({ result: decide(r.permission.name) })) as any,
  });
  let id = '';
  let namespace = '';
  const api = (path: string) => `/api/berth/environments/${id}${path}`;

  async function records() {
    const res = await request(server).get(api('/deployments'));
    expect(res.status).toBe(200);
    return res.body.items as Array<{
      id: string;
      service: string;
      result: string;
      helmRevision?: number;
    }>;
  }

  async function environmentValues() {
    return (await request(server).get(api(''))).body.values;
  }

  beforeAll(async () => {
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        permissions.factory,
        mockServices.rootConfig.factory({
          data: { ...config, berth: { demo: { projectFile } } },
        }),
      ],
    }));
    const created = await request(server)
      .post(`/api/berth/projects/default/${project}/environments`)
      .send({
        environments: [
          {
            name: 'dev',
            cluster: east.name,
            tier: 'development',
            values: 'layers:\n  environment: first\n',
            // gamma overrides the environment layer, so environment-wide
            // changes to it do not reach gamma.
            services: {
              gamma: { values: 'layers:\n  environment: pinned\n' },
            },
          },
        ],
      });
    if (created.status !== 201) {
      throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    }
    ({ id, namespace } = created.body.items[0]);
    await waitFor(
      async () =>
        (await records()).filter(r => r.result === 'succeeded').length === 3,
      120_000,
      'the first deploy',
    );
  });

  afterAll(async () => {
    if (namespace) {
      await kubeConfigFor(east)
        .makeApiClient(CoreV1Api)
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    }
  });

  afterEach(() => denied.clear());

  it('previews which services a values change changes, with their values diffs', async () => {
    const res = await request(server)
      .post(api('/values/preview'))
      .send({ values: 'layers:\n  environment: second\n' });
    expect(res.status).toBe(200);
    expect(res.body.changed.map((c: { service: string }) => c.service)).toEqual(
      ['alpha', 'beta'],
    );
    expect(res.body.unchanged).toEqual(['gamma']);
    expect(res.body.changed[0].diff).toContain('-  environment: first');
    expect(res.body.changed[0].diff).toContain('+  environment: second');
    expect(await environmentValues()).toBe('layers:\n  environment: first\n');
  });

  it('redeploys only the services whose merged values change', async () => {
    const before = await records();
    const res = await request(server)
      .put(api('/values'))
      .send({ values: 'layers:\n  environment: second\n', redeploy: true });
    expect(res.status).toBe(200);
    expect(res.body.values).toBe('layers:\n  environment: second\n');
    expect(res.body.valuesChange.redeploying).toEqual(['alpha', 'beta']);

    await waitFor(
      async () =>
        (await records()).filter(r => r.result === 'succeeded').length === 5,
      120_000,
      'the redeploy',
    );
    const after = await records();
    const of = (list: typeof after, service: string) =>
      list.filter(r => r.service === service);
    expect(of(after, 'gamma')).toEqual(of(before, 'gamma'));
    for (const service of ['alpha', 'beta']) {
      expect(of(after, service).map(r => r.helmRevision)).toEqual([2, 1]);
    }
    const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
    const alpha = await core.readNamespacedConfigMap({
      name: 'alpha-config',
      namespace,
    });
    expect(alpha.data?.['layer-environment']).toBe('second');
    const gamma = await core.readNamespacedConfigMap({
      name: 'gamma-config',
      namespace,
    });
    expect(gamma.data?.['layer-environment']).toBe('pinned');

    // And what the history says about it.
    const [second, first] = of(after, 'alpha');
    const diff = await request(server).get(
      api(`/services/alpha/deployments/diff?from=${first.id}&to=${second.id}`),
    );
    expect(diff.status).toBe(200);
    expect(diff.body.values).toContain('+  environment: second');
    expect(diff.body.objects.map((o: { change: string }) => o.change)).toEqual([
      'changed',
      'unchanged',
    ]);
    const drift = await request(server).get(api('/drift'));
    expect(drift.status).toBe(200);
    expect(drift.body.state).toBe('InSync');
  });

  it('keeps the old behaviour without redeploy: values saved, nothing deployed', async () => {
    const before = await records();
    const res = await request(server)
      .put(api('/values'))
      .send({ values: 'layers:\n  environment: third\n' });
    expect(res.status).toBe(200);
    expect(res.body.valuesChange).toBeUndefined();
    expect(await records()).toEqual(before);
    const preview = await request(server)
      .post(api('/services/alpha/preview'))
      .send({});
    expect(preview.status).toBe(200);
    expect(
      preview.body.objects.map((o: { kind: string; change: string }) => [
        o.kind,
        o.change,
      ]),
    ).toEqual([
      ['ConfigMap', 'changed'],
      ['Deployment', 'unchanged'],
    ]);
  });

  describe('refuses bad input and changes nothing', () => {
    async function expectRefused(
      res: request.Response,
      status: number,
      message: RegExp,
    ) {
      expect({ status: res.status, message: res.body.error?.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
    }

    it('a values change without the deploy permission, or without update', async () => {
      const before = await environmentValues();
      const deployments = await records();
      denied.add('berth.environment.deploy');
      await expectRefused(
        await request(server)
          .put(api('/values'))
          .send({ values: 'layers:\n  environment: x\n', redeploy: true }),
        403,
        /Not allowed to deploy environment 'dev'/,
      );
      denied.clear();
      denied.add('berth.environment.update');
      await expectRefused(
        await request(server)
          .put(api('/values'))
          .send({ values: 'layers:\n  environment: x\n' }),
        403,
        /Not allowed to update environment 'dev'/,
      );
      denied.clear();
      expect(await environmentValues()).toBe(before);
      expect(await records()).toEqual(deployments);
    });

    it('previews, diffs and drift without the read permission', async () => {
      denied.add('berth.environment.read');
      for (const res of [
        await request(server).post(api('/services/alpha/preview')).send({}),
        await request(server).get(api('/drift')),
        await request(server).get(api('/services/alpha/drift')),
        await request(server)
          .post(api('/values/preview'))
          .send({ values: 'a: 1\n' }),
        await request(server).get(
          api('/services/alpha/deployments/diff?from=a&to=b'),
        ),
      ]) {
        await expectRefused(res, 403, /Not allowed to read environment 'dev'/);
      }
    });

    it('malformed bodies and queries', async () => {
      const before = await environmentValues();
      await expectRefused(
        await request(server)
          .put(api('/values'))
          .send({ values: 'a: [1\n', redeploy: true }),
        400,
        /values of environment 'dev'/,
      );
      await expectRefused(
        await request(server)
          .put(api('/values'))
          .send({ values: 'a: 1\n', redeploy: 'yes' }),
        400,
        /redeploy/,
      );
      await expectRefused(
        await request(server).post(api('/values/preview')).send({}),
        400,
        /values/,
      );
      await expectRefused(
        await request(server)
          .post(api('/services/alpha/preview'))
          .send({ revision: 'latest' }),
        400,
        /revision/,
      );
      await expectRefused(
        await request(server)
          .post(api('/services/alpha/preview'))
          .send({ colour: 'blue' }),
        400,
        /Unrecognized key|colour/,
      );
      await expectRefused(
        await request(server)
          .post(api('/services/alpha/preview'))
          .send({ images: { nope: 'x/y:1' } }),
        400,
        /no image named 'nope'/,
      );
      await expectRefused(
        await request(server).get(api('/services/alpha/deployments/diff')),
        400,
        /Invalid query: from/,
      );
      await expectRefused(
        await request(server).get(api('/deployments?service=')),
        400,
        /service/,
      );
      expect(await environmentValues()).toBe(before);
    });

    it('unknown environments, services, revisions and records, and records of another service', async () => {
      await expectRefused(
        await request(server).get('/api/berth/environments/nope/drift'),
        404,
        /nope/,
      );
      await expectRefused(
        await request(server).post(api('/services/nope/preview')).send({}),
        400,
        /no service named 'nope'/,
      );
      await expectRefused(
        await request(server).get(api('/services/nope/drift')),
        400,
        /no service named 'nope'/,
      );
      await expectRefused(
        await request(server)
          .post(api('/services/alpha/preview'))
          .send({ revision: 7 }),
        404,
        /revision 7/,
      );
      const [alpha] = (await records()).filter(r => r.service === 'alpha');
      const [beta] = (await records()).filter(r => r.service === 'beta');
      await expectRefused(
        await request(server).get(
          api(`/services/alpha/deployments/diff?from=${alpha.id}&to=nope`),
        ),
        404,
        /No deployment record with id 'nope'/,
      );
      await expectRefused(
        await request(server).get(
          api(
            `/services/alpha/deployments/diff?from=${alpha.id}&to=${beta.id}`,
          ),
        ),
        400,
        /is of service 'beta', not of service 'alpha'/,
      );
    });
  });
});
