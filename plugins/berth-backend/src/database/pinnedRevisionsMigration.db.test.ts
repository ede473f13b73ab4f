import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DeploymentStore } from '../deployments/DeploymentStore';
import { EnvironmentStore } from './EnvironmentStore';
import { ProjectStore } from '../projects/ProjectStore';
import { ServiceStore } from '../services/ServiceStore';
import { createBerthTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const MIGRATION = '20261212100000_pinned_revisions.js';
const directory = resolvePackagePath(
  '@berth/plugin-berth-backend',
  'migrations',
);
const databases = createBerthTestDatabases();

/** Applies every migration before the pinning one. */
async function migrateToBefore(knex: Knex) {
  for (;;) {
    const [, pending] = (await knex.migrate.list({ directory })) as [
      unknown,
      Array<{ file: string }>,
    ];
    if (pending.length === 0 || pending[0].file === MIGRATION) return;
    await knex.migrate.up({ directory });
  }
}

const spec = (tag: string) => ({
  kind: 'manifests' as const,
  manifests: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  tag: "${tag}"\n`,
  variables: [],
});

describe.each(databases.eachSupportedId())(
  'the pinned-revisions migration on %s',
  id => {
    it('pins what each environment runs, or the latest revision, and keeps pins and settings', async () => {
      const knex = await databases.init(id);
      await migrateToBefore(knex);
      const project = 'system:default/shop';
      await new ProjectStore(knex).upsert({ ref: project, name: 'shop' });
      const services = new ServiceStore(knex);
      for (const name of ['cart', 'api', 'web']) {
        await services.create({
          projectRef: project,
          name,
          componentRef: `component:default/${name}`,
          spec: spec('1'),
          actor: 'user:default/ada',
        });
      }
      for (const tag of ['2', '3']) {
        await services.addRevision({
          projectRef: project,
          name: 'cart',
          spec: spec(tag),
          actor: 'user:default/ada',
        });
      }
      await services.addRevision({
        projectRef: project,
        name: 'api',
        spec: spec('2'),
        actor: 'user:default/ada',
      });
      const environments = new EnvironmentStore(knex);
      const base = {
        projectRef: project,
        cluster: 'local-east',
        tier: 'development' as const,
        createdBy: 'user:default/ada',
      };
      // Created before pinning: no revisions, one override kept.
      const deployed = await environments.create({
        ...base,
        name: 'dev',
        namespace: 'shop-dev',
        services: { cart: { values: 'replicas: 2\n' } },
      });
      const pinned = await environments.create({
        ...base,
        name: 'qa',
        namespace: 'shop-qa',
        services: { cart: { revision: 1 } },
      });
      const records = new DeploymentStore(knex);
      const record = async (
        revision: number,
        result: 'succeeded' | 'failed',
      ) => {
        const started = await records.start({
          environmentId: deployed.id,
          service: 'cart',
          revision,
          valuesDigest: 'a'.repeat(64),
          images: [],
          actor: 'user:default/ada',
        });
        await records.finish(started.id, { result });
        await new Promise(r => setTimeout(r, 5));
      };
      // cart ran revision 2; a later deploy of 3 failed.
      await record(2, 'succeeded');
      await record(3, 'failed');

      await knex.migrate.latest({ directory });

      expect((await environments.getById(deployed.id)).services).toEqual({
        cart: { values: 'replicas: 2\n', revision: 2 },
        api: { revision: 2 },
        web: { revision: 1 },
      });
      expect((await environments.getById(pinned.id)).services).toEqual({
        cart: { revision: 1 },
        api: { revision: 2 },
        web: { revision: 1 },
      });
      await knex.destroy();
    });
  },
);
