import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import {
  awaitOperation,
  deleteEnvironments,
} from '../__testUtils__/awaitOperation';
import { kubeConfigFor, testClusters } from '../__testUtils__/testClusters';
import {
  HELLO_CHART,
  writeTestProjectFile,
} from '../__testUtils__/testProjectFile';

// Pinned revisions on the local clusters: an environment created at revision
// 1 keeps deploying revision 1 after another user adds revision 2, says that
// revision 2 is available, and runs it only after the explicit update.
jest.setTimeout(300_000);

const [east] = testClusters();
const project = `pin-${Math.random().toString(36).slice(2, 8)}`;
const projectFile = writeTestProjectFile(project);
const owner = {
  authorization: mockCredentials.user.header('user:default/olivia'),
};
const other = {
  authorization: mockCredentials.user.header('user:default/otto'),
};

describe('pinned revisions', () => {
  let server: Parameters<typeof request>[0];
  let id = '';
  let namespace = '';
  const env = (path = '') => `/api/berth/environments/${id}${path}`;

  /** What the release's ConfigMap says now, on the cluster. */
  async function liveMessage() {
    const configMap = await kubeConfigFor(east)
      .makeApiClient(CoreV1Api)
      .readNamespacedConfigMap({ name: 'hello-config', namespace });
    return configMap.data?.message;
  }

  async function lastRecord() {
    const res = await request(server)
      .get(env('/deployments?service=hello'))
      .set(owner);
    expect(res.status).toBe(200);
    return res.body.items[0] as { revision: number; result: string };
  }

  beforeAll(async () => {
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({
          data: { ...config, berth: { demo: { projectFile } } },
        }),
      ],
    }));
  });

  afterAll(async () => {
    if (id) {
      await deleteEnvironments(server, [id], { headers: owner });
    }
  });

  it('deploys the pinned revision until the explicit update moves it', async () => {
    const created = await request(server)
      .post(`/api/berth/projects/default/${project}/environments`)
      .set(owner)
      .send({
        environments: [
          { name: 'dev', cluster: east.name, tier: 'development' },
        ],
      });
    expect(created.status).toBe(201);
    ({ id, namespace } = created.body.items[0]);
    // Pinned at create: the request named no revision.
    expect(created.body.items[0].services).toEqual({ hello: { revision: 1 } });
    expect(
      await awaitOperation(server, id, created.body.operations[0].id, {
        headers: owner,
      }),
    ).toMatchObject({ status: 'succeeded' });
    expect(await liveMessage()).toBe('hello');

    // Another user adds revision 2 to the service.
    const added = await request(server)
      .post(`/api/berth/projects/default/${project}/services/hello/revisions`)
      .set(other)
      .send({
        spec: {
          kind: 'helm',
          chart: { type: 'path', path: HELLO_CHART },
          values: 'message: from revision 2\n',
          images: [
            {
              name: 'main',
              repositoryPath: 'image.repository',
              tagPath: 'image.tag',
            },
          ],
        },
      });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      revision: 2,
      createdBy: 'user:default/otto',
    });

    // The API says revision 2 is available; the pin stays at 1.
    const read = await request(server).get(env()).set(owner);
    expect(read.body.services.hello.revision).toBe(1);
    expect(read.body.availableRevisions).toEqual({
      hello: { pinned: 1, available: 2 },
    });
    const listed = await request(server)
      .get(`/api/berth/projects/default/${project}/environments`)
      .set(owner);
    expect(listed.body.items[0].availableRevisions).toEqual({
      hello: { pinned: 1, available: 2 },
    });

    // The owner's next deploy runs revision 1 still.
    const deployed = await request(server).post(env('/deploy')).set(owner);
    expect(deployed.status).toBe(202);
    expect(
      await awaitOperation(server, id, deployed.body.operation.id, {
        headers: owner,
      }),
    ).toMatchObject({ status: 'succeeded' });
    expect(await lastRecord()).toMatchObject({
      revision: 1,
      result: 'succeeded',
    });
    expect(await liveMessage()).toBe('hello');

    // The explicit update moves the pin and deploys revision 2.
    const moved = await request(server)
      .put(env('/services/hello/revision'))
      .set(owner)
      .send({ deploy: true });
    expect(moved.status).toBe(200);
    expect(moved.body.services.hello.revision).toBe(2);
    expect(moved.body.availableRevisions).toEqual({});
    expect(
      await awaitOperation(server, id, moved.body.operation.id, {
        headers: owner,
      }),
    ).toMatchObject({ status: 'succeeded' });
    expect(await lastRecord()).toMatchObject({
      revision: 2,
      result: 'succeeded',
    });
    expect(await liveMessage()).toBe('from revision 2');

    // A revision that does not exist is refused, and the pin stays.
    const missing = await request(server)
      .put(env('/services/hello/revision'))
      .set(owner)
      .send({ revision: 7 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      "Service 'hello' has no revision 7",
    );
    expect(
      (await request(server).get(env()).set(owner)).body.services.hello
        .revision,
    ).toBe(2);
  });
});
