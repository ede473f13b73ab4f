import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';
import { waitFor } from '../__testUtils__/testClusters';

// An environment on a cluster that stops: its status turns Disconnected, and
// the rest of Berth keeps answering. The cluster is this test's own.
jest.setTimeout(300_000);

const run = promisify(execFile);
const cli = resolve(__dirname, '../../../../scripts/local-clusters/cli.mjs');
const CLUSTER = 'local-north';
const project = `disc-${Math.random().toString(36).slice(2, 8)}`;

describe('an environment whose cluster stops', () => {
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    await run(process.execPath, [cli, 'start', CLUSTER], { timeout: 240_000 });
    const state = JSON.parse(
      readFileSync(
        join(
          dirname(process.env.BERTH_TEST_KUBECONFIG!),
          CLUSTER,
          'cluster.json',
        ),
        'utf8',
      ),
    );
    const projectFile = writeTestProjectFile(project);
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: CLUSTER,
                      url: state.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: state.adminToken,
                      caData: state.caData,
                    },
                  ],
                },
              ],
            },
            berth: { demo: { projectFile } },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await run(process.execPath, [cli, 'stop', CLUSTER]).catch(() => undefined);
  });

  it('turns Disconnected when the cluster stops, and Berth keeps answering', async () => {
    const created = await request(server)
      .post(`/api/berth/projects/default/${project}/environments`)
      .send({
        environments: [{ name: 'dev', cluster: CLUSTER, tier: 'development' }],
      });
    expect(created.status).toBe(201);
    const id = created.body.items[0].id;
    const status = async () =>
      (await request(server).get(`/api/berth/environments/${id}/status`)).body;

    await waitFor(
      async () => (await status()).status === 'Running',
      120_000,
      'Running',
    );

    await run(process.execPath, [cli, 'stop', CLUSTER]);

    await waitFor(
      async () => (await status()).status === 'Disconnected',
      120_000,
      'Disconnected',
    );
    const disconnected = await status();
    expect(disconnected.services).toEqual([
      expect.objectContaining({ service: 'hello', status: 'Disconnected' }),
    ]);
    // What Berth stores is still served.
    const environment = await request(server).get(
      `/api/berth/environments/${id}`,
    );
    expect(environment.status).toBe(200);
    const history = await request(server).get(
      `/api/berth/environments/${id}/deployments`,
    );
    expect(history.body.items.map((r: { result: string }) => r.result)).toEqual(
      ['succeeded'],
    );
    expect((await request(server).get('/api/berth/health')).status).toBe(200);
  });
});
