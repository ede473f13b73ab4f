import { CoreV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { parse as parseYaml } from 'yaml';
import {
  kubeConfigFor,
  TestCluster,
  testClusters,
  waitFor,
} from '../../__testUtils__/testClusters';
import { HELLO_CHART } from '../../__testUtils__/testProjectFile';
import { BackendProcess, backendProcess, mergeConfig } from './backendProcess';
import { dropDatabases, testPostgres } from './testPostgres';

/** What a crash test file shares: one database, one project, one token. */
export interface CrashSetup {
  /** The test file's own temporary folder (config, catalog, logs, TMPDIRs). */
  readonly workDir: string;
  /** The project's System name, e.g. `crash-1a2b3c`. */
  readonly project: string;
  /** `system:default/<project>` */
  readonly projectRef: string;
  /** /projects/default/<project> (under /api/berth). */
  readonly projectPath: string;
  /** The static external-access token of the test's requests. */
  readonly token: string;
  /** The PostgreSQL database prefix of this file: every plugin's database starts with it. */
  readonly databasePrefix: string;
  readonly clusters: TestCluster[];
  /**
   * A connection to Berth's own database of this file (e.g. to count rows,
   * or to hold a row lock that stops a backend at a chosen point).
   */
  berthDatabase(): Knex;
  /** A backend process on this file's database (not started). */
  backend(
    name: string,
    config?: Record<string, unknown>,
  ): Promise<BackendProcess>;
  /** Waits until the backend has synced the project from the catalog. */
  waitForProject(backend: BackendProcess): Promise<void>;
  /**
   * Adds services over the test chart, one start-order group per entry of
   * `groups`, through the API. `values` become each service's default values.
   */
  addServices(
    backend: BackendProcess,
    groups: string[][],
    values?: string,
  ): Promise<void>;
  /**
   * Runs a test body; when it fails, prints the end of every backend's log
   * and keeps the work folder (its path is printed).
   */
  run(body: () => Promise<void>): () => Promise<void>;
  /** Kills the backends, deletes the project's namespaces and drops the databases. */
  cleanUp(): Promise<void>;
}

/**
 * Prepares a crash test file: a database prefix of its own on the run's
 * PostgreSQL, a catalog file with a System annotated as a Berth project
 * (owned by group `crash-owners`), a static token, and the shared config
 * (the local clusters, Berth's settings given here).
 */
export function crashSetup(options: {
  /** Short, lower-case: part of the project, database and folder names. */
  name: string;
  /** Config for every backend of the file, merged over the defaults. */
  config?: Record<string, unknown>;
}): CrashSetup {
  const connection = testPostgres();
  const clusters = testClusters();
  const suffix = randomBytes(3).toString('hex');
  const project = `crash-${options.name}-${suffix}`;
  const projectRef = `system:default/${project}`;
  const databasePrefix = `berth_${options.name.replace(/-/g, '_')}_${suffix}_`;
  const token = randomBytes(24).toString('hex');
  // Beside the test file's own temporary directory (which Jest's set-up
  // removes after the file), so that a failed run's logs can be kept; short,
  // for the Unix sockets Berth makes under the backends' work directories.
  const workDir = mkdtempSync(
    join(
      process.env.BERTH_TEST_TMPDIR_BASE ?? tmpdir(),
      `berth-crash-${options.name}-`,
    ),
  );
  const backends: BackendProcess[] = [];
  let failed = false;
  let berthKnex: Knex | undefined;

  const catalogFile = join(workDir, 'catalog.yaml');
  writeFileSync(
    catalogFile,
    [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: {
          name: project,
          annotations: { 'berth.dev/project': 'true' },
        },
        spec: { owner: 'group:default/crash-owners' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'crash-owners' },
        spec: { type: 'team', children: [] },
      },
    ]
      .map(entity => JSON.stringify(entity))
      .join('\n---\n'),
  );

  const clusterConfig = parseYaml(
    readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
  );
  const configFile = join(workDir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      mergeConfig(
        {
          app: { baseUrl: 'http://127.0.0.1:3000' },
          backend: {
            database: {
              client: 'pg',
              connection,
              prefix: databasePrefix,
              // Two replicas and the other suites share one server.
              knexConfig: { pool: { min: 0, max: 8 } },
            },
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token, subject: 'crash-tests' },
                },
              ],
            },
          },
          catalog: {
            rules: [{ allow: ['System', 'Component', 'Group', 'Location'] }],
            locations: [{ type: 'file', target: catalogFile }],
          },
          techdocs: {
            builder: 'local',
            generator: { runIn: 'local' },
            publisher: { type: 'local' },
          },
          permission: { enabled: true },
          ...clusterConfig,
          berth: {
            permissions: {
              productionAdmins: ['group:default/platform-admins'],
            },
            deploy: { groupTimeoutSeconds: 60 },
            // The backend runs in packages/backend; the test charts are in
            // plugins/berth-backend/test-fixtures.
            helm: { chartRoot: resolve(__dirname, '../../../../..') },
          },
        },
        options.config ?? {},
      ),
      null,
      2,
    ),
  );

  const projectPath = `/projects/default/${project}`;

  async function deleteNamespaces() {
    await Promise.all(
      clusters.map(async cluster => {
        const core = kubeConfigFor(cluster).makeApiClient(CoreV1Api);
        const { items } = await core.listNamespace();
        const ours = items
          .map(ns => ns.metadata!.name!)
          .filter(name => name.startsWith(`${project}-`));
        await Promise.all(
          ours.map(name =>
            core.deleteNamespace({ name }).catch(() => undefined),
          ),
        );
      }),
    );
  }

  return {
    workDir,
    project,
    projectRef,
    projectPath,
    token,
    databasePrefix,
    clusters,
    berthDatabase() {
      if (!berthKnex) {
        const url = new URL(connection);
        url.pathname = `/${databasePrefix}berth`;
        berthKnex = knexFactory({
          client: 'pg',
          connection: url.toString(),
          pool: { min: 0, max: 4 },
        });
      }
      return berthKnex;
    },
    async backend(name, config) {
      const backend = await backendProcess({
        name,
        workDir,
        configFiles: [configFile],
        token,
        config,
      });
      backends.push(backend);
      return backend;
    },
    async waitForProject(backend) {
      // The catalog reads the file, then Berth's sync (every 10 s) records it.
      await waitFor(
        async () => (await backend.api.get(projectPath)).status === 200,
        120_000,
        `project ${projectRef} to be synced from the catalog`,
      );
    },
    async addServices(backend, groups, values = '') {
      for (const name of groups.flat()) {
        const res = await backend.api.post(`${projectPath}/services`, {
          name,
          componentRef: `component:default/${name}`,
          spec: {
            kind: 'helm',
            chart: { type: 'path', path: HELLO_CHART },
            values,
            images: [
              {
                name: 'main',
                repositoryPath: 'image.repository',
                tagPath: 'image.tag',
              },
            ],
          },
        });
        if (res.status !== 201) {
          throw new Error(
            `Creating service ${name} answered ${res.status}: ${JSON.stringify(
              res.body,
            )}`,
          );
        }
      }
      const res = await backend.api.put(`${projectPath}/start-order`, {
        groups,
      });
      if (res.status !== 200) {
        throw new Error(
          `Setting the start order answered ${res.status}: ${JSON.stringify(
            res.body,
          )}`,
        );
      }
    },
    run(body) {
      return async () => {
        try {
          await body();
        } catch (error) {
          failed = true;
          for (const backend of backends) {
            console.error(
              `Backend ${backend.name} (${
                backend.logFile
              }), last lines:\n${backend.logTail(150)}`,
            );
          }
          throw error;
        }
      };
    },
    async cleanUp() {
      await Promise.all(
        backends.filter(b => b.running()).map(b => b.kill('SIGKILL')),
      );
      await berthKnex?.destroy();
      await deleteNamespaces().catch(() => undefined);
      await dropDatabases(connection, databasePrefix);
      if (failed) {
        console.error(`Crash test files kept in ${workDir}`);
      } else {
        rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}
