import { Knex } from 'knex';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { DeploymentStore } from '../deployments/DeploymentStore';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { ProjectStore } from '../projects/ProjectStore';
import { ServiceStore } from '../services/ServiceStore';
import { parseValuesYaml } from '../values';
import { sealStoredValues } from './sealStoredValues';
import { sealStoredValuesOnce } from './sealStoredValuesOnce';
import { SecretValueCipher } from './SecretValueCipher';
import { SecretValues } from './SecretValues';
import { DEFAULT_SECRET_KEY_PATTERNS } from './secretKeyPatterns';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();
const PROJECT = 'system:default/vault';
const secrets = new SecretValues(
  new SecretValueCipher('a key for the sealing test only'),
);

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

/** Rows as Berth stored them before it sealed secret values. */
async function storePlainValues(knex: Knex) {
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
  const environment = await new EnvironmentStore(knex).create({
    projectRef: PROJECT,
    name: 'dev',
    cluster: 'local-east',
    namespace: 'vault-dev',
    tier: 'development',
    createdBy: 'user:default/ada',
    values: 'apiToken: env-token-3\n',
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
  return environment;
}

const PLAIN = [
  'project-pw-1',
  'revision-pw-2',
  'env-token-3',
  'override-pw-4',
  'set-pw-5',
];

describe.each(databases.eachSupportedId())('sealStoredValues on %s', id => {
  it('seals every secret value stored in plain text, keeping the rest', async () => {
    const knex = await migratedDatabase(databases, id);
    const environment = await storePlainValues(knex);
    const before = await everyCell(knex);
    for (const plain of PLAIN) expect(before).toContain(plain);

    const sealed = await sealStoredValues(knex, secrets);
    expect(sealed).toEqual({
      berth_projects: 1,
      berth_service_revisions: 1,
      berth_environments: 1,
      berth_deployments: 1,
    });
    const after = await everyCell(knex);
    for (const plain of PLAIN) expect(after).not.toContain(plain);
    // What is not secret, and comments, are kept.
    expect(after).toContain('env: demo');
    expect(after).toContain('# shared');
    expect(after).toContain('user: app');

    // The tokens open to the values they replaced.
    const project = await new ProjectStore(knex).get(PROJECT);
    const projectValues = parseValuesYaml(project.values, { source: 'p' });
    expect(secrets.open(projectValues, 'p').secretValues).toEqual({
      global: { adminPassword: 'project-pw-1' },
    });
    const stored = await new EnvironmentStore(knex).getById(environment.id);
    expect(stored.services.db.set?.replicas).toBe('2');
    const override = parseValuesYaml(stored.services.db.values!, {
      source: 'o',
    });
    expect(secrets.open(override, 'o').secretValues).toEqual({
      auth: { rootPassword: 'override-pw-4' },
    });
  });

  it('changes nothing on a second run', async () => {
    const knex = await migratedDatabase(databases, id);
    await storePlainValues(knex);
    await sealStoredValues(knex, secrets);
    const once = await everyCell(knex);
    expect(await sealStoredValues(knex, secrets)).toEqual({});
    expect(await everyCell(knex)).toBe(once);
  });

  it('runs once per database: a marker skips it at the next start, a new key pattern runs it again', async () => {
    const knex = await migratedDatabase(databases, id);
    await storePlainValues(knex);
    expect(await knex('berth_one_off_tasks').select()).toEqual([]);

    expect(await sealStoredValuesOnce(knex, secrets)).toEqual({
      berth_projects: 1,
      berth_service_revisions: 1,
      berth_environments: 1,
      berth_deployments: 1,
    });
    const [marker] = await knex('berth_one_off_tasks').select();
    expect(marker).toMatchObject({
      name: 'seal-stored-values',
      detail: JSON.stringify({
        patterns: [...DEFAULT_SECRET_KEY_PATTERNS].sort(),
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
    const fewer = new SecretValues(secrets.cipher, ['password']);
    expect(await sealStoredValuesOnce(knex, fewer)).toBe('skipped');
    expect(await everyCell(knex)).toContain('after-marker-6');

    // A new pattern may make stored values secret: it scans again, once.
    const widened = new SecretValues(secrets.cipher, [
      ...DEFAULT_SECRET_KEY_PATTERNS,
      'pin',
    ]);
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
        name: 'seal-stored-values',
        detail: JSON.stringify({
          patterns: [...DEFAULT_SECRET_KEY_PATTERNS, 'pin'].sort(),
        }),
      },
    ]);
  });
});
