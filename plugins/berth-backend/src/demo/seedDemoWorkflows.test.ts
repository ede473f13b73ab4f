import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { resolve } from 'node:path';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { createBerthServices } from '../createBerthServices';
import { applyDatabaseMigrations } from '../database/migrations';
import { createWorkflows } from '../workflows/wiring/createWorkflows';
import { seedDemoProject } from './seedDemoProject';
import { seedDemoWorkflows } from './seedDemoWorkflows';

// The demo project's workflow, as `./berth start` seeds it: validated by the
// real definitions check against the built-in job types, seeded once.
const rootDir = resolve(__dirname, '../../../..');
const file = 'examples/demo-project.yaml';

describe('seedDemoWorkflows', () => {
  let knex: Knex;

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
  });
  afterEach(() => knex.destroy());

  it('seeds the release workflow into the demo project once, with its params and stages', async () => {
    const config = new ConfigReader({
      berth: { helm: { chartRoot: rootDir } },
    });
    const logger = mockServices.logger.mock();
    const clusters = ClusterRegistry.fromConfig(config);
    const berth = createBerthServices({
      config,
      knex,
      clusters,
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger,
    });
    const workflows = createWorkflows({
      config,
      knex,
      clusters,
      berth,
      logger,
    });
    await seedDemoProject({
      file,
      rootDir,
      projects: berth.projects,
      projectStore: berth.projectStore,
      logger,
    });
    const seed = () =>
      seedDemoWorkflows({
        file,
        rootDir,
        workflows: workflows.service,
        logger,
      });
    await seed();
    await seed();

    const seeded = await workflows.service.listWorkflows({
      projectRef: 'system:default/shop',
    });
    expect(seeded.map(w => w.name)).toEqual(['release-storefront']);
    const [workflow] = seeded;
    expect(workflow.revision).toBe(1);
    expect(workflow.definition.stages.map(s => s.name)).toEqual([
      'build',
      'deploy',
      'verify',
      'approve',
      'staging',
      'announce',
    ]);
    expect(
      workflow.definition.stages.flatMap(s => s.jobs.map(j => j.type)),
    ).toEqual([
      'build',
      'deploy',
      'test',
      'approval',
      'deploy',
      'notification',
    ]);
    expect(workflow.definition.params?.map(p => p.name)).toEqual([
      'revision',
      'version',
      'environment',
      'staging',
    ]);
  });
});
