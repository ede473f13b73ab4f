import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { berthJobTypesExtensionPoint } from '@berth/plugin-berth-node';
import { Knex } from 'knex';
import request from 'supertest';
import { z } from 'zod';
import { berthPlugin } from '../../../plugin';
import {
  eventsConfig,
  githubEventsModules,
  signGithub,
} from './githubWebhookTestKit';

// A test backend with the real Berth plugin, the events backend and its
// GitHub module (signature checks on), and a project with one workflow whose
// single `echo` job (added by a module) returns at once: for the webhook
// tests and bench/workflows' webhook figures.

const api = (path: string) => `/api/berth${path}`;

/** A job type added as a module adds one (berthJobTypesExtensionPoint). */
const echoJobTypeModule = createBackendModule({
  pluginId: 'berth',
  moduleId: 'test-echo-job',
  register(reg) {
    reg.registerInit({
      deps: { jobTypes: berthJobTypesExtensionPoint },
      async init({ jobTypes }) {
        jobTypes.addJobType('echo', {
          name: 'Echo',
          inputSchema: z.object({ message: z.string() }),
          async run(context) {
            context.output('message', context.params.message);
          },
        });
      },
    });
  },
});

/**
 * Each plugin's database: Berth's is the test database under test; the
 * others (the events backend's) a fresh SQLite each, so that no two
 * plugins share a migrations table.
 */
function databasePerPlugin(
  berthKnex: Knex,
  otherPluginKnex: () => Promise<Knex>,
) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    async factory({ pluginMetadata }) {
      const knex =
        pluginMetadata.getId() === 'berth'
          ? berthKnex
          : await otherPluginKnex();
      return mockServices.database({ knex });
    },
  });
}

/** Starts the backend on `knex` and saves the workflow (as user:default/mock). */
export async function startGithubWebhookBackend(options: {
  knex: Knex;
  /** A fresh database for each other plugin (the events backend's). */
  otherPluginKnex: () => Promise<Knex>;
  secret: string;
  /** The demo project file naming `project` (writeTestProjectFile). */
  projectFile: string;
  project: string;
  workflowYaml: string;
}) {
  const { knex, secret, project } = options;
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          events: eventsConfig({ github: secret }),
          berth: {
            demo: { projectFile: options.projectFile },
            workflows: { engine: { pollIntervalMs: 50 } },
          },
        },
      }),
      databasePerPlugin(knex, options.otherPluginKnex),
      // The real events service (one bus for every plugin), not the test
      // backend's per-plugin mock.
      eventsServiceFactory,
      eventsPlugin,
      ...githubEventsModules(),
      berthPlugin,
      echoJobTypeModule,
    ],
  });
  const server = backend.server;
  // The workflow as a user saves it (the test backend's user:default/mock).
  const created = await request(server)
    .post(api(`/projects/default/${project}/workflows`))
    .send({ name: 'cart-ci', yaml: options.workflowYaml });
  if (created.status !== 201) {
    throw new Error(
      `saving the workflow: HTTP ${created.status} ${JSON.stringify(
        created.body,
      )}`,
    );
  }
  const workflowId: string = created.body.id;

  const postPush = (
    payload: unknown,
    deliveryId: string,
    signature?: string,
  ) => {
    const body = JSON.stringify(payload);
    const req = request(server)
      .post('/api/events/http/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'push')
      .set('x-github-delivery', deliveryId);
    if (signature !== '') {
      req.set('x-hub-signature-256', signature ?? signGithub(body, secret));
    }
    return req.send(body);
  };
  /** The workflow's runs as stored: the queue rows. */
  const runRows = async () =>
    (
      await knex('berth_workflow_runs')
        .where({ workflow_id: workflowId })
        .orderBy('queue_seq')
    ).map(row => ({
      id: row.id as string,
      projectRef: row.project_ref as string,
      createdBy: row.created_by as string,
      params: JSON.parse(row.params),
      trigger: JSON.parse(row.trigger),
    }));
  /** What the workflow page reads: GET /workflows/:id/deliveries. */
  const deliveries = async () => {
    const res = await request(server).get(
      api(`/workflows/${workflowId}/deliveries`),
    );
    if (res.status !== 200) {
      throw new Error(`deliveries: HTTP ${res.status}`);
    }
    return res.body.items as Array<Record<string, unknown>>;
  };
  return { backend, server, workflowId, postPush, runRows, deliveries };
}
