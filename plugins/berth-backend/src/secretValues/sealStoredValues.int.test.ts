import { ConfigReader } from '@backstage/config';
import { CoreV1Api } from '@kubernetes/client-node';
import { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { kubeConfigFor, testClusters } from '../__testUtils__/testClusters';
import { DeploymentStore } from '../deployments/DeploymentStore';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { ProjectStore } from '../projects/ProjectStore';
import { ServiceStore } from '../services/ServiceStore';
import { parseValuesYaml } from '../values';
import { KubernetesSecretValueStore } from './KubernetesSecretValueStore';
import { projectSecretsNamespace } from './projectSecretsNamespace';
import { sealStoredValues } from './sealStoredValues';
import { sealStoredValuesOnce } from './sealStoredValuesOnce';
import { SecretValueCipher } from './SecretValueCipher';
import { SecretValues } from './SecretValues';
import { DEFAULT_SECRET_KEY_PATTERNS } from './secretKeyPatterns';

// The one-off move of secret values stored in the database (in plain text,
// or sealed with the key) into Kubernetes Secrets on a local cluster, on
// SQLite and PostgreSQL (the integration step's server).
jest.setTimeout(120_000);

process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  process.env.BERTH_TEST_POSTGRES_CONNECTION_STRING;
const databases = createBerthTestDatabases();
const [east] = testClusters();
const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
const suffix = randomBytes(3).toString('hex');
const prefix = `ssv-${suffix}-`;
const PROJECT = 'system:default/vault';
const cipher = new SecretValueCipher('a key for the sealing test only');
const store = new KubernetesSecretValueStore(
  ClusterRegistry.fromConfig(
    new ConfigReader(
      JSON.parse(readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8')),
    ),
  ),
  { cluster: east.name, namespacePrefix: prefix },
);
const secrets = new SecretValues(cipher, DEFAULT_SECRET_KEY_PATTERNS, store);
const namespaces: string[] = [];

/** Every text cell of every Berth table, as one string. */
async function everyCell(knex: Knex): Promise<string> {
  const tables = ['berth_projects', 'berth_service_revisions'];
  tables.push('berth_environments', 'berth_deployments');
  const cells: string[] = [];
  for (const table of tables) {
    for (const row of await knex(table).select()) {
      cells.push(...Object.values(row).map(v => String(v)));
    }
  }
  return cells.join('\n');
}

/** The values of a Secret, decoded (JSON), by data key. */
async function secretData(namespace: string, name: string) {
  const secret = await core.readNamespacedSecret({ name, namespace });
  return {
    secret,
    values: Object.values(secret.data ?? {}).map(data =>
      JSON.parse(Buffer.from(data, 'base64').toString('utf8')),
    ),
  };
}

/**
 * Rows as Berth stored them before secret values moved to Kubernetes:
 * plain text, and one token sealed with the key.
 */
async function storeOldValues(knex: Knex, namespace: string) {
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  namespaces.push(namespace);
  const projects = new ProjectStore(knex);
  await projects.upsert({ ref: PROJECT, name: 'vault' });
  await projects.updateSettings(PROJECT, {
    values: '# shared\nglobal:\n  adminPassword: project-pw-1\n  env: demo\n',
  });
  await new ServiceStore(knex).create({
    projectRef: PROJECT,
    name: 'db',
    componentRef: 'component:default/db',
    actor: 'user:default/ada',
    spec: {
      kind: 'helm',
      chart: { type: 'path', path: 'charts/db' },
      values: 'auth:\n  rootPassword: revision-pw-2 # root\n  user: app\n',
      images: [],
    },
  });
  const sealedToken = cipher.seal('sealed-pw-6', 'test');
  const environment = await new EnvironmentStore(knex).create({
    projectRef: PROJECT,
    name: 'dev',
    cluster: east.name,
    namespace,
    tier: 'development',
    createdBy: 'user:default/ada',
    values: `apiToken: env-token-3\nsealedPassword: ${sealedToken}\n`,
    services: {
      db: {
        revision: 1,
        values: 'auth:\n  rootPassword: override-pw-4\n',
        set: { 'auth.password': 'set-pw-5', replicas: '2' },
      },
    },
  });
  const deployments = new DeploymentStore(knex);
  const record = await deployments.start({
    environmentId: environment.id,
    service: 'db',
    revision: 1,
    valuesDigest: 'd'.repeat(64),
    images: [],
    actor: 'user:default/ada',
    settings: { revision: 1, set: { 'auth.password': 'set-pw-5' } },
    values: 'auth:\n  rootPassword: override-pw-4\n  password: set-pw-5\n',
  });
  await deployments.finish(record.id, {
    result: 'succeeded',
    manifest: 'kind: ConfigMap\ndata:\n  root: override-pw-4\n',
  });
  return { environment, record };
}

const PLAIN = [
  'project-pw-1',
  'revision-pw-2',
  'env-token-3',
  'override-pw-4',
  'set-pw-5',
];

afterAll(async () => {
  for (const name of [
    ...namespaces,
    projectSecretsNamespace(PROJECT, prefix),
  ]) {
    await core.deleteNamespace({ name }).catch(() => undefined);
  }
});

describe.each(databases.eachSupportedId())('sealStoredValues on %s', id => {
  const namespace = `ssv-${suffix}-${id.toLowerCase().replace(/_/g, '-')}`;

  it('moves every secret value into Secrets, leaving references and keeping the rest', async () => {
    const knex = await migratedDatabase(databases, id);
    const { environment, record } = await storeOldValues(knex, namespace);
    const before = await everyCell(knex);
    for (const plain of PLAIN) expect(before).toContain(plain);
    expect(before).toContain('berth-secret:v1:');

    const moved = await sealStoredValues(knex, secrets);
    expect(moved).toEqual({
      berth_projects: 1,
      berth_service_revisions: 1,
      berth_environments: 1,
      berth_deployments: 1,
    });
    const after = await everyCell(knex);
    for (const plain of [...PLAIN, 'sealed-pw-6']) {
      expect(after).not.toContain(plain);
    }
    // No ciphertext either: only references.
    expect(after).not.toContain('berth-secret:v1:');
    expect(after.match(/berth-secret-ref:v1:[0-9a-f]{32}/g)?.length).toBe(9);
    // What is not secret, and comments, are kept.
    expect(after).toContain('env: demo');
    expect(after).toContain('# shared');
    expect(after).toContain('user: app');

    // The Secrets hold the values: the project's (a namespace of its own,
    // Berth's), the environment's, the record's (immutable).
    const projectNamespace = projectSecretsNamespace(PROJECT, prefix);
    const ns = await core.readNamespace({ name: projectNamespace });
    expect(ns.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'berth',
      'berth.dev/secret-values': 'project',
    });
    const project = await secretData(projectNamespace, 'berth-values');
    expect(project.values).toEqual(
      expect.arrayContaining(['project-pw-1', 'revision-pw-2']),
    );
    const env = await secretData(namespace, 'berth-values');
    expect(env.secret.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'berth',
      'berth.dev/secret-values': 'environment',
    });
    expect(env.values).toEqual(
      expect.arrayContaining([
        'env-token-3',
        'sealed-pw-6',
        'override-pw-4',
        'set-pw-5',
      ]),
    );
    const recordSecret = await secretData(
      namespace,
      `berth-values-${record.id}`,
    );
    expect(recordSecret.secret.immutable).toBe(true);
    expect(recordSecret.values).toEqual(
      expect.arrayContaining(['override-pw-4', 'set-pw-5']),
    );

    // The references read back to the values they replaced.
    const stored = await new EnvironmentStore(knex).getById(environment.id);
    expect(stored.services.db.set?.replicas).toBe('2');
    const envValues = parseValuesYaml(stored.values, { source: 'e' });
    expect(
      (
        await secrets.open(envValues, 'e', [
          { kind: 'environment', cluster: east.name, namespace },
        ])
      ).secretValues,
    ).toEqual({ apiToken: 'env-token-3', sealedPassword: 'sealed-pw-6' });
    const projectRow = await new ProjectStore(knex).get(PROJECT);
    const projectValues = parseValuesYaml(projectRow.values, { source: 'p' });
    expect(
      (
        await secrets.open(projectValues, 'p', [
          { kind: 'project', projectRef: PROJECT },
        ])
      ).secretValues,
    ).toEqual({ global: { adminPassword: 'project-pw-1' } });
    const { values } = await new DeploymentStore(knex).getSnapshot(record.id);
    expect(
      (
        await secrets.open(parseValuesYaml(values!, { source: 'r' }), 'r', [
          {
            kind: 'record',
            cluster: east.name,
            namespace,
            recordId: record.id,
          },
        ])
      ).secretValues,
    ).toEqual({
      auth: { rootPassword: 'override-pw-4', password: 'set-pw-5' },
    });

    // A second run changes nothing.
    expect(await sealStoredValues(knex, secrets)).toEqual({});
    expect(await everyCell(knex)).toBe(after);
  });

  it('runs once per database: a marker skips it at the next start, a new key pattern runs it again', async () => {
    const knex = await migratedDatabase(databases, id);
    await storeOldValues(knex, `${namespace}-once`);
    expect(await knex('berth_one_off_tasks').select()).toEqual([]);

    expect(await sealStoredValuesOnce(knex, secrets)).toEqual({
      berth_projects: 1,
      berth_service_revisions: 1,
      berth_environments: 1,
      berth_deployments: 1,
    });
    const [marker] = await knex('berth_one_off_tasks').select();
    expect(marker).toMatchObject({
      name: 'move-secret-values-to-kubernetes',
      detail: JSON.stringify({
        patterns: [...DEFAULT_SECRET_KEY_PATTERNS].sort(),
        opened: true,
      }),
    });
    expect(marker.done_at).toBeTruthy();

    // A row written in plain text behind Berth's back after the marker: the
    // next start does not scan, so it stays as it is.
    await knex('berth_projects')
      .where({ ref: PROJECT })
      .update({ values: 'adminPassword: after-marker-6\npin: 1234\n' });
    expect(await sealStoredValuesOnce(knex, secrets)).toBe('skipped');
    // Fewer patterns than recorded: nothing new can be secret, still skipped.
    const fewer = new SecretValues(cipher, ['password'], store);
    expect(await sealStoredValuesOnce(knex, fewer)).toBe('skipped');
    expect(await everyCell(knex)).toContain('after-marker-6');

    // A new pattern may make stored values secret: it scans again, once.
    const widened = new SecretValues(
      cipher,
      [...DEFAULT_SECRET_KEY_PATTERNS, 'pin'],
      store,
    );
    expect(await sealStoredValuesOnce(knex, widened)).toEqual({
      berth_projects: 1,
    });
    const after = await everyCell(knex);
    expect(after).not.toContain('after-marker-6');
    expect(after).not.toContain('1234');
    expect(await sealStoredValuesOnce(knex, widened)).toBe('skipped');
    const rows = await knex('berth_one_off_tasks').select('name', 'detail');
    expect(rows).toEqual([
      {
        name: 'move-secret-values-to-kubernetes',
        detail: JSON.stringify({
          patterns: [...DEFAULT_SECRET_KEY_PATTERNS, 'pin'].sort(),
          opened: true,
        }),
      },
    ]);
  });
});
