import { EnvironmentServiceSettings } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { SecretValues } from './SecretValues';
import { scrubSecrets } from './maskSecrets';
import { isSecretToken } from './SecretValueCipher';
import { parseValuesYaml } from '../values';
import { SecretScope, SecretWrites } from './SecretValueStore';

/** How many rows of each table {@link sealStoredValues} rewrote. */
export type SealedRows = Record<string, number>;

/** What one row becomes: its changed columns, and the secret values to store where. */
interface RowChange<Row> {
  columns: Partial<Row>;
  writes: Array<{ scope: SecretScope; writes: SecretWrites }>;
}

/**
 * Moves the secret values stored in Berth's database into Kubernetes Secrets
 * (start-up, after the migrations), leaving references where they were:
 * values stored in plain text before Berth sealed them, and tokens sealed
 * with `berth.values.encryptionKey` (opened when the key is configured;
 * without it they stay until a start with the key). Project values and
 * services' default values go to the project's Secret; environment values
 * and per-service settings to the environment's; deployment records'
 * merged values and settings to the record's own (immutable) Secret, the
 * settings' also to the environment's (a rollback restores them); plain
 * secrets are scrubbed from the records' manifests. Idempotent: a
 * reference is kept as it is, so a second run changes nothing.
 */
export async function sealStoredValues(
  knex: Knex,
  secrets: SecretValues,
): Promise<SealedRows> {
  const sealed: SealedRows = {};
  const yaml = (text: string | null, source: string, writes: SecretWrites) =>
    text
      ? secrets.sealYaml(text, { source, current: text, writes, migrate: true })
      : text;
  const settings = (
    value: EnvironmentServiceSettings,
    source: string,
    writes: SecretWrites,
  ): EnvironmentServiceSettings => ({
    ...value,
    ...(value.values !== undefined && {
      values: yaml(value.values, `${source} values`, writes) ?? value.values,
    }),
    ...(value.set && {
      set: secrets.sealSet(value.set, {
        source,
        current: value.set,
        writes,
        migrate: true,
      }),
    }),
    ...(value.variables && {
      variables: secrets.sealVariables(
        value.variables,
        Object.keys(value.variables).filter(name =>
          isSecretToken(value.variables?.[name]),
        ),
        {
          source: `${source} variables`,
          current: value.variables,
          writes,
          migrate: true,
        },
      ),
    }),
  });
  const rewrite = async <Row extends object>(
    table: string,
    key: string[],
    columns: string[],
    change: (row: Row) => RowChange<Row>,
  ) => {
    let count = 0;
    const rows = (await knex(table).select([...key, ...columns])) as Row[];
    for (const row of rows) {
      const next = change(row);
      const changed = Object.fromEntries(
        Object.entries(next.columns).filter(
          ([column, value]) =>
            value !== (row as Record<string, unknown>)[column],
        ),
      );
      if (Object.keys(changed).length === 0) continue;
      // The values first: a reference is stored only once its value is.
      for (const { scope, writes } of next.writes) {
        await secrets.save(scope, writes);
      }
      const where = Object.fromEntries(
        key.map(k => [k, (row as Record<string, unknown>)[k]]),
      );
      await knex(table).where(where).update(changed);
      count += 1;
    }
    if (count) sealed[table] = count;
  };

  await rewrite<{ ref: string; values: string }>(
    'berth_projects',
    ['ref'],
    ['values'],
    row => {
      const writes = new SecretWrites();
      return {
        columns: {
          values: yaml(row.values, `values of project ${row.ref}`, writes)!,
        },
        writes: [{ scope: { kind: 'project', projectRef: row.ref }, writes }],
      };
    },
  );
  await rewrite<{
    project_ref: string;
    service: string;
    revision: number;
    spec: string;
  }>(
    'berth_service_revisions',
    ['project_ref', 'service', 'revision'],
    ['spec'],
    row => {
      const spec = JSON.parse(row.spec);
      if (spec.kind !== 'helm' || !spec.values) {
        return { columns: {}, writes: [] };
      }
      const writes = new SecretWrites();
      const values = yaml(
        spec.values,
        `values of service '${row.service}' revision ${row.revision}`,
        writes,
      );
      return {
        columns:
          values === spec.values
            ? {}
            : { spec: JSON.stringify({ ...spec, values }) },
        writes: [
          { scope: { kind: 'project', projectRef: row.project_ref }, writes },
        ],
      };
    },
  );
  const environments = new Map<
    string,
    { cluster: string; namespace: string }
  >();
  await rewrite<{
    id: string;
    name: string;
    cluster: string;
    namespace: string;
    values: string;
    services: string;
  }>(
    'berth_environments',
    ['id'],
    ['name', 'cluster', 'namespace', 'values', 'services'],
    row => {
      environments.set(row.id, row);
      const source = `environment '${row.name}'`;
      const writes = new SecretWrites();
      const services = JSON.parse(row.services || '{}') as Record<
        string,
        EnvironmentServiceSettings
      >;
      const next = Object.fromEntries(
        Object.entries(services).map(([name, value]) => [
          name,
          settings(value, `${source} service '${name}'`, writes),
        ]),
      );
      return {
        columns: {
          values: yaml(row.values, `values of ${source}`, writes)!,
          services: JSON.stringify(next),
        },
        writes: [
          {
            scope: {
              kind: 'environment',
              cluster: row.cluster,
              namespace: row.namespace,
            },
            writes,
          },
        ],
      };
    },
  );
  await rewrite<{
    id: string;
    environment_id: string;
    service: string;
    settings: string | null;
    values: string | null;
    manifest: string | null;
  }>(
    'berth_deployments',
    ['id'],
    ['environment_id', 'service', 'settings', 'values', 'manifest'],
    row => {
      const environment = environments.get(row.environment_id);
      if (!environment) return { columns: {}, writes: [] };
      const source = `deployment record ${row.id} of service '${row.service}'`;
      const plain = row.values
        ? secrets
            .find(parseValuesYaml(row.values, { source }))
            .map(found => found.value)
            .filter(
              (value): value is string | number =>
                (typeof value === 'string' || typeof value === 'number') &&
                !isSecretToken(value),
            )
            .map(String)
        : [];
      const settingsWrites = new SecretWrites();
      const valuesWrites = new SecretWrites();
      const nextSettings = row.settings
        ? JSON.stringify(
            settings(JSON.parse(row.settings), source, settingsWrites),
          )
        : row.settings;
      const nextValues = yaml(
        row.values,
        `merged values of ${source}`,
        valuesWrites,
      );
      const record = new SecretWrites();
      Object.assign(
        record.entries,
        settingsWrites.entries,
        valuesWrites.entries,
      );
      return {
        columns: {
          settings: nextSettings,
          values: nextValues,
          manifest:
            row.manifest && plain.length
              ? scrubSecrets(row.manifest, plain)
              : row.manifest,
        },
        writes: [
          {
            scope: {
              kind: 'record',
              cluster: environment.cluster,
              namespace: environment.namespace,
              recordId: row.id,
            },
            writes: record,
          },
          {
            scope: {
              kind: 'environment',
              cluster: environment.cluster,
              namespace: environment.namespace,
            },
            writes: settingsWrites,
          },
        ],
      };
    },
  );
  return sealed;
}
