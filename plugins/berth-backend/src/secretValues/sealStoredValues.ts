import { EnvironmentServiceSettings } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { SecretValues } from './SecretValues';
import { scrubSecrets } from './maskSecrets';
import { isSecretToken } from './SecretValueCipher';
import { parseValuesYaml } from '../values';

/** How many rows of each table {@link sealStoredValues} rewrote. */
export type SealedRows = Record<string, number>;

/**
 * Seals the secret values that were stored in plain text before Berth sealed
 * them (start-up, after the migrations; needs `berth.values.encryptionKey`):
 * project values, service revisions' default values, environment values and
 * per-service settings, deployment records' settings and merged values (and
 * the plain secrets scrubbed from their manifests). Idempotent: a token is
 * kept as it is, so a second run changes nothing.
 */
export async function sealStoredValues(
  knex: Knex,
  secrets: SecretValues,
): Promise<SealedRows> {
  const sealed: SealedRows = {};
  const yaml = (text: string | null, source: string) =>
    text ? secrets.sealYaml(text, { source, current: text }) : text;
  const settings = (
    value: EnvironmentServiceSettings,
    source: string,
  ): EnvironmentServiceSettings => ({
    ...value,
    ...(value.values !== undefined && {
      values: yaml(value.values, `${source} values`) ?? value.values,
    }),
    ...(value.set && {
      set: secrets.sealSet(value.set, { source, current: value.set }),
    }),
  });
  const rewrite = async <Row extends object>(
    table: string,
    key: string[],
    columns: string[],
    change: (row: Row) => Partial<Row>,
  ) => {
    let count = 0;
    const rows = (await knex(table).select([...key, ...columns])) as Row[];
    for (const row of rows) {
      const next = change(row);
      const changed = Object.fromEntries(
        Object.entries(next).filter(
          ([column, value]) =>
            value !== (row as Record<string, unknown>)[column],
        ),
      );
      if (Object.keys(changed).length === 0) continue;
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
    row => ({ values: yaml(row.values, `values of project ${row.ref}`)! }),
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
      if (spec.kind !== 'helm' || !spec.values) return {};
      const values = yaml(
        spec.values,
        `values of service '${row.service}' revision ${row.revision}`,
      );
      return values === spec.values
        ? {}
        : { spec: JSON.stringify({ ...spec, values }) };
    },
  );
  await rewrite<{ id: string; name: string; values: string; services: string }>(
    'berth_environments',
    ['id'],
    ['name', 'values', 'services'],
    row => {
      const source = `environment '${row.name}'`;
      const services = JSON.parse(row.services || '{}') as Record<
        string,
        EnvironmentServiceSettings
      >;
      const next = Object.fromEntries(
        Object.entries(services).map(([name, value]) => [
          name,
          settings(value, `${source} service '${name}'`),
        ]),
      );
      return {
        values: yaml(row.values, `values of ${source}`)!,
        services: JSON.stringify(next),
      };
    },
  );
  await rewrite<{
    id: string;
    service: string;
    settings: string | null;
    values: string | null;
    manifest: string | null;
  }>(
    'berth_deployments',
    ['id'],
    ['service', 'settings', 'values', 'manifest'],
    row => {
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
      return {
        settings: row.settings
          ? JSON.stringify(settings(JSON.parse(row.settings), source))
          : row.settings,
        values: yaml(row.values, `merged values of ${source}`),
        manifest:
          row.manifest && plain.length
            ? scrubSecrets(row.manifest, plain)
            : row.manifest,
      };
    },
  );
  return sealed;
}
