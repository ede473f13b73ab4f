import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  berthEnvironmentConditions,
  createBerthEnvironmentConditionalDecision,
} from '@berth/plugin-berth-backend';
import { berthEnvironmentReadPermission } from '@berth/plugin-berth-common';
import request from 'supertest';
import { BerthExamplePolicy } from './BerthExamplePolicy';
import {
  cluster,
  identities,
  startPermissionBackend,
  Who,
} from './__testUtils__/permissionBackend';
// A test helper of the plugin's integration suites, not part of its API.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  awaitOperation,
  deleteEnvironments,
} from '../../../../plugins/berth-backend/src/__testUtils__/awaitOperation';

// Under a conditional read policy (a System's owners read all its
// environments, everyone else only development ones), every list endpoint
// answers exactly the environments the caller may read, filtered in the
// database: their contents, not only the status.
jest.setTimeout(300_000);

const ADMINS = ['group:default/platform-admins'];

/** The example policy, with environment reads conditional. */
class ConditionalReadPolicy implements PermissionPolicy {
  private readonly example = new BerthExamplePolicy(ADMINS);

  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (
      user &&
      isPermission(query.permission, berthEnvironmentReadPermission) &&
      !claims.some(ref => ADMINS.includes(ref))
    ) {
      return createBerthEnvironmentConditionalDecision(query.permission, {
        anyOf: [
          berthEnvironmentConditions.isProjectOwner({ claims }),
          berthEnvironmentConditions.hasTier({ tiers: ['development'] }),
        ],
      });
    }
    return this.example.handle(query, user);
  }
}

const conditionalReadPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'berth-conditional-read-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy }) {
        policy.setPolicy(new ConditionalReadPolicy());
      },
    });
  },
});

const project = `permr-${Math.random().toString(36).slice(2, 8)}`;
const projectRef = `system:default/${project}`;
const projectPath = `/api/berth/projects/default/${project}`;

describe('Berth list endpoints under a conditional read policy', () => {
  let server: Parameters<typeof request>[0];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startPermissionBackend({
      policy: conditionalReadPolicyModule,
      seeded: project,
    });
    const created = await request(server)
      .post(`${projectPath}/environments`)
      .set(identities.admin)
      .send({
        environments: [
          { name: 'r-dev', cluster, tier: 'development', deploy: false },
          { name: 'r-test', cluster, tier: 'testing', deploy: false },
          { name: 'r-prod', cluster, tier: 'production', deploy: false },
        ],
      });
    if (created.status !== 201) {
      throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    }
    for (const [i, environment] of created.body.items.entries()) {
      ids[environment.name] = environment.id;
      await awaitOperation(
        server,
        environment.id,
        created.body.operations[i].id,
        { headers: identities.admin },
      );
    }
  });

  afterAll(async () => {
    await deleteEnvironments(server, Object.values(ids), {
      headers: identities.admin,
      timeoutMs: 300_000,
    });
  });

  const allowed: Record<Exclude<Who, 'none'>, string[]> = {
    other: ['r-dev'],
    owner: ['r-dev', 'r-prod', 'r-test'],
    admin: ['r-dev', 'r-prod', 'r-test'],
  };
  const names = (items: Array<{ name: string }>) =>
    items.map(e => e.name).sort();
  const get = (who: Who, path: string) =>
    request(server).get(path).set(identities[who]);

  it.each(['other', 'owner', 'admin'] as const)(
    '%s gets exactly the environments it may read from every list',
    async who => {
      const expected = allowed[who];
      const idsOf = expected.map(name => ids[name]).sort();

      const inProject = await get(who, `${projectPath}/environments`);
      expect(inProject.status).toBe(200);
      expect(names(inProject.body.items)).toEqual(expected);

      const everywhere = await get(who, '/api/berth/environments');
      expect(everywhere.status).toBe(200);
      expect(
        names(
          everywhere.body.items.filter(
            (e: { projectRef: string }) => e.projectRef === projectRef,
          ),
        ),
      ).toEqual(expected);

      const matrix = await get(who, `${projectPath}/matrix`);
      expect(matrix.status).toBe(200);
      expect(names(matrix.body.environments)).toEqual(expected);

      const operations = await get(who, `${projectPath}/operations`);
      expect(operations.status).toBe(200);
      expect(
        [
          ...new Set(
            operations.body.items.map(
              (o: { environmentId: string }) => o.environmentId,
            ),
          ),
        ].sort(),
      ).toEqual(idsOf);

      const deployments = await get(
        who,
        '/api/berth/components/default/hello/deployments',
      );
      expect(deployments.status).toBe(200);
      expect(
        deployments.body.items
          .filter((d: { projectRef: string }) => d.projectRef === projectRef)
          .map((d: { environment: string }) => d.environment)
          .sort(),
      ).toEqual(expected);

      // A single environment outside the filter is refused, not shown.
      for (const name of ['r-dev', 'r-test', 'r-prod']) {
        const one = await get(who, `/api/berth/environments/${ids[name]}`);
        expect({ name, status: one.status }).toEqual({
          name,
          status: expected.includes(name) ? 200 : 403,
        });
      }
    },
  );

  it('refuses every list without a session', async () => {
    for (const path of [
      `${projectPath}/environments`,
      '/api/berth/environments',
      `${projectPath}/matrix`,
      `${projectPath}/operations`,
    ]) {
      expect((await get('none', path)).status).toBe(401);
    }
  });
});
