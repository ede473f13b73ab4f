import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { berthEnvironmentDeployPermission } from '@berth/plugin-berth-common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { BerthExamplePolicy } from '../permissions/BerthExamplePolicy';
import {
  cluster,
  identities,
  startPermissionBackend,
  Who,
} from '../permissions/__testUtils__/permissionBackend';
// Test helpers of the plugin's integration suites, not part of its API.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  awaitOperation,
  deleteEnvironments,
} from '../../../../plugins/berth-backend/src/__testUtils__/awaitOperation';

// An MCP client against the real backend: the mcp-actions plugin with the
// real actions registry and actions service, the Berth plugin, the real
// permission backend, and the local clusters. Over HTTP at
// /api/mcp-actions/v1 (JSON-RPC: initialize, tools/list, tools/call), with
// the caller's token: Berth's tools are listed, an environment created
// through a tool goes Running and its status is read through another, and
// a deploy the policy refuses is refused. The read-only server (as in
// app-config.yaml) lists and runs only the read-only tools.
jest.setTimeout(300_000);

/** The example policy, except that nobody may deploy. */
class NoDeployPolicy implements PermissionPolicy {
  private readonly example = new BerthExamplePolicy([
    'group:default/platform-admins',
  ]);

  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(query.permission, berthEnvironmentDeployPermission)) {
      return { result: AuthorizeResult.DENY };
    }
    return this.example.handle(query, user);
  }
}

const noDeployPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'berth-no-deploy-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new NoDeployPolicy());
      },
    });
  },
});

const BERTH_TOOLS = [
  'berth.copy-environment',
  'berth.create-environment',
  'berth.deploy-service',
  'berth.get-environment-drift',
  'berth.get-environment-status',
  'berth.get-operation',
  'berth.list-deployments',
  'berth.list-environments',
  'berth.list-projects',
  'berth.sleep-environment',
  'berth.wake-environment',
];

const project = `mcp-${Math.random().toString(36).slice(2, 8)}`;
const projectRef = `system:default/${project}`;

describe('Berth over MCP (the mcp-actions plugin)', () => {
  let server: Server;
  let environmentId: string | undefined;
  const clients: Client[] = [];

  /** An MCP client of `who` on the default server, or on `path` under v1. */
  async function connect(who: Who, path = '') {
    const { port } = server.address() as AddressInfo;
    const client = new Client({ name: 'berth-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`http://localhost:${port}/api/mcp-actions/v1${path}`),
        { requestInit: { headers: identities[who] } },
      ),
    );
    clients.push(client);
    return client;
  }

  /** A tool's answer: its structured output, or the error text. */
  async function call(
    client: Client,
    name: string,
    args: Record<string, unknown>,
  ) {
    const result = await client.callTool({ name, arguments: args });
    const text = (result.content as Array<{ text: string }>)[0]?.text;
    return result.isError
      ? { error: text }
      : { output: result.structuredContent as any };
  }

  beforeAll(async () => {
    server = (await startPermissionBackend({
      policy: noDeployPolicyModule,
      seeded: project,
      features: [
        mcpActionsPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
      ],
      config: {
        backend: { actions: { pluginSources: ['berth'] } },
        // As app-config.yaml: the read-only Berth tools on their own path.
        mcpActions: {
          servers: {
            'berth-readonly': {
              name: 'Berth (read-only)',
              filter: {
                include: [{ id: 'berth:*', attributes: { readOnly: true } }],
              },
            },
          },
        },
      },
    })) as Server;
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    if (environmentId) {
      await deleteEnvironments(server, [environmentId], {
        headers: identities.admin,
        timeoutMs: 300_000,
      });
    }
  });

  it("lists Berth's tools, read-only ones marked, to a signed-in user", async () => {
    const client = await connect('owner');
    const { tools } = await client.listTools();
    const berth = tools.filter(t => t.name.startsWith('berth.'));
    expect(berth.map(t => t.name).sort()).toEqual(BERTH_TOOLS);
    const status = berth.find(t => t.name === 'berth.get-environment-status');
    expect(status?.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(status?.inputSchema).toMatchObject({
      properties: { environmentId: { type: 'string', format: 'uuid' } },
      required: ['environmentId'],
    });
    const deploy = berth.find(t => t.name === 'berth.deploy-service');
    expect(deploy?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
  });

  it('creates an environment through a tool, and its owner reads it Running through another', async () => {
    const admin = await connect('admin');
    const created = await call(admin, 'berth.create-environment', {
      project: projectRef,
      name: 'mcp-dev',
      cluster,
      tier: 'development',
    });
    expect(created.error).toBeUndefined();
    expect(created.output).toMatchObject({
      operationId: expect.any(String),
      status: 'queued',
      title: 'Create and deploy mcp-dev',
    });
    environmentId = created.output.environmentId as string;
    const ended = await awaitOperation(
      server,
      environmentId,
      created.output.operationId,
      { headers: identities.admin, timeoutMs: 240_000 },
    );
    expect({ status: ended.status, message: ended.message }).toMatchObject({
      status: 'succeeded',
    });

    const owner = await connect('owner');
    const listed = await call(owner, 'berth.list-environments', {
      project: projectRef,
    });
    expect(listed.output.environments).toEqual([
      expect.objectContaining({
        id: environmentId,
        name: 'mcp-dev',
        tier: 'development',
        services: [expect.objectContaining({ name: 'hello', revision: 1 })],
      }),
    ]);

    let status: any;
    for (let i = 0; i < 120; i++) {
      status = (
        await call(owner, 'berth.get-environment-status', { environmentId })
      ).output;
      if (status?.status === 'Running') break;
      await new Promise(r => setTimeout(r, 500));
    }
    expect(status).toMatchObject({
      environmentId,
      name: 'mcp-dev',
      status: 'Running',
      services: [
        expect.objectContaining({
          service: 'hello',
          status: 'Running',
          revision: 1,
        }),
      ],
    });

    const operation = await call(owner, 'berth.get-operation', {
      environmentId,
      operationId: created.output.operationId,
    });
    expect(operation.output).toMatchObject({
      kind: 'create',
      status: 'succeeded',
      actor: 'user:default/ada',
    });
  });

  it("refuses a deploy the policy refuses, with the REST API's NotAllowedError", async () => {
    expect(environmentId).toBeDefined();
    const owner = await connect('owner');
    const refused = await call(owner, 'berth.deploy-service', {
      environmentId,
      service: 'hello',
    });
    expect(refused).toEqual({
      error: `NotAllowedError: Not allowed to deploy environment 'mcp-dev' of '${projectRef}'`,
    });
    const history = await call(owner, 'berth.list-deployments', {
      environmentId,
      service: 'hello',
    });
    // Only the create's deploy: the refused one started nothing.
    expect(history.output.deployments).toHaveLength(1);
  });

  it("refuses another team's sleep, though it may read the environment", async () => {
    const other = await connect('other');
    const list = await call(other, 'berth.list-environments', {
      project: projectRef,
    });
    expect(list.output.environments).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'mcp-dev' })]),
    );
    const sleep = await call(other, 'berth.sleep-environment', {
      environmentId,
    });
    expect(sleep.error).toMatch(/^NotAllowedError: Not allowed to sleep/);
  });

  it('serves only the read-only tools on the read-only server path', async () => {
    const client = await connect('owner', '/berth-readonly');
    const { tools } = await client.listTools();
    expect(tools.map(t => t.name).sort()).toEqual([
      'berth.get-environment-drift',
      'berth.get-environment-status',
      'berth.get-operation',
      'berth.list-deployments',
      'berth.list-environments',
      'berth.list-projects',
    ]);
    const drift = await call(client, 'berth.get-environment-drift', {
      environmentId,
    });
    expect(drift.output).toMatchObject({ environmentId, state: 'InSync' });
    const deploy = await call(client, 'berth.deploy-service', {
      environmentId,
      service: 'hello',
    });
    expect(deploy).toEqual({
      error: 'NotFoundError: Action "berth.deploy-service" not found',
    });
  });
});
