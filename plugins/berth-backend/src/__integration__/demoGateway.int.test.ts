import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testClusters,
  waitFor,
} from '../__testUtils__/testClusters';

// The demo's front end as Berth deploys it: the storefront service (the example web-service chart
// with examples/charts/service-values/storefront.yaml) runs as real echo pods on local-east's real
// node and is served through the cluster's gateway at <namespace>.localhost; the environment's
// cluster names that URL, and the pods' logs come through Berth's pod-logs endpoint.
jest.setTimeout(300_000);

const examples = resolve(__dirname, '../../../../examples');
const project = `demo-gw-${Math.random().toString(36).slice(2, 8)}`;

function localEastState() {
  const { realNode, gateway } = localEastWithRealNode();
  if (!gateway) {
    throw new Error(
      'local-east has no gateway: build the node binaries (./berth build node)',
    );
  }
  return { gatewayPort: gateway.port, realNodeName: realNode.node };
}

/** The storefront alone, in the demo project's format. */
function storefrontProjectFile(): string {
  return writeTestProjectFile(project, {
    services: ['storefront'],
    chart: join(examples, 'charts/web-service'),
    values: readFileSync(
      join(examples, 'charts/service-values/storefront.yaml'),
      'utf8',
    ),
  });
}

/** GET through the gateway with a Host header (no name resolution involved). */
function viaGateway(
  port: number,
  host: string,
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/', headers: { host }, timeout: 5000 },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', fail);
    req.end();
  });
}

describe('the demo front end on the real node, through the gateway', () => {
  const [east] = testClusters().filter(c => c.name === 'local-east');
  const { gatewayPort, realNodeName } = localEastState();
  const environmentUrl = `http://{namespace}.localhost:${gatewayPort}/`;
  let server: Parameters<typeof request>[0];
  let id = '';
  let namespace = '';

  beforeAll(async () => {
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            berth: {
              ...config.berth,
              demo: { projectFile: storefrontProjectFile() },
              clusters: {
                ...config.berth?.clusters,
                'local-east': {
                  ...config.berth?.clusters?.['local-east'],
                  environmentUrl,
                },
              },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    if (namespace) {
      await kubeConfigFor(east)
        .makeApiClient(CoreV1Api)
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    }
  });

  it("names the cluster's environment URL", async () => {
    const res = await request(server).get('/api/berth/clusters');
    expect(res.status).toBe(200);
    const clusters = res.body.items as Array<{
      name: string;
      environmentUrl?: string;
    }>;
    expect(clusters.find(c => c.name === 'local-east')?.environmentUrl).toBe(
      environmentUrl,
    );
  });

  it('deploys the storefront as real pods that answer through the gateway', async () => {
    const created = await request(server)
      .post(`/api/berth/projects/default/${project}/environments`)
      .send({
        environments: [
          { name: 'dev', cluster: 'local-east', tier: 'development' },
        ],
      });
    expect(created.status).toBe(201);
    ({ id, namespace } = created.body.items[0]);

    await waitFor(
      async () => {
        const res = await request(server).get(
          `/api/berth/environments/${id}/deployments`,
        );
        return res.body.items?.some(
          (r: { result: string }) => r.result === 'succeeded',
        );
      },
      180_000,
      'the storefront deployed',
    );

    const pods = await kubeConfigFor(east)
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace });
    expect(pods.items.map(p => p.spec?.nodeName)).toEqual([realNodeName]);

    let reply: { name?: string; pod?: string; host?: string } = {};
    let last = '';
    await waitFor(
      async () => {
        const res = await viaGateway(gatewayPort, `${namespace}.localhost`)
          .then(r => r)
          .catch((e: Error) => ({ status: 0, body: e.message }));
        if (res.status !== 200) {
          last = `${res.status} ${res.body.slice(0, 200)}`;
          return false;
        }
        reply = JSON.parse(res.body);
        return true;
      },
      60_000,
      'a reply through the gateway',
    ).catch(async error => {
      const now = await kubeConfigFor(east)
        .makeApiClient(CoreV1Api)
        .listNamespacedPod({ namespace });
      const state = now.items.map(
        p =>
          `${p.metadata?.name} ${p.status?.phase} ${
            p.status?.podIP
          } ${JSON.stringify(p.status?.containerStatuses?.[0]?.state)}`,
      );
      throw new Error(
        `${error.message}; last answer: ${last}; pods: ${state.join('; ')}`,
      );
    });
    expect(reply.name).toBe('storefront');
    expect(reply.host).toBe(`${namespace}.localhost`);
    expect(pods.items.map(p => p.metadata?.name)).toContain(reply.pod);

    // Another host is not routed to this environment.
    const other = await viaGateway(gatewayPort, 'elsewhere.localhost');
    expect(other.status).toBe(404);
  });

  it("reads a real pod's log through Berth's pod-logs endpoint", async () => {
    const pods = await request(server).get(
      `/api/berth/environments/${id}/pods`,
    );
    expect(pods.status).toBe(200);
    const pod = pods.body.items[0].name as string;
    const logs = await request(server).get(
      `/api/berth/environments/${id}/pods/${pod}/logs`,
    );
    expect(logs.status).toBe(200);
    expect(logs.text).toContain('echo "storefront" listening on :8080');
  });
});
