import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  EnvironmentConfigChange,
  EnvironmentConfigKind,
} from '@berth/plugin-berth-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { toIsoString } from '../database/timestamps';
import { newestFirst } from '../database/ordering';

const TABLE = 'berth_config_changes';

interface ConfigChangeRow {
  id: string;
  environment_id: string;
  kind: string;
  name: string;
  version: number;
  action: string;
  actor: string;
  changed_at: string | Date;
  content: string | null;
  keys: string | null;
  changed_keys: string | null;
  restarted: string | null;
}

/** A change to record. `content` must be absent for Secrets. */
export type NewConfigChange = Omit<
  EnvironmentConfigChange,
  'id' | 'version' | 'changedAt'
>;

/**
 * The history of environment configs: one row per change, with a version per
 * config. A Secret's row holds its key names only; this store refuses a
 * Secret change that carries content, so no value can slip in by mistake.
 */
export class ConfigHistoryStore {
  constructor(private readonly knex: Knex) {}

  async record(change: NewConfigChange): Promise<EnvironmentConfigChange> {
    if (change.kind === 'Secret' && change.content !== undefined) {
      throw new Error('A Secret change is recorded without its content');
    }
    const where = {
      environment_id: change.environmentId,
      kind: change.kind,
      name: change.name,
    };
    const insert = async () => {
      const latest = await this.knex<ConfigChangeRow>(TABLE)
        .where(where)
        .max({ version: 'version' })
        .first();
      const row: ConfigChangeRow = {
        id: randomUUID(),
        ...where,
        version: Number(latest?.version ?? 0) + 1,
        action: change.action,
        actor: change.actor,
        changed_at: new Date(),
        content: change.content ?? null,
        keys: change.keys ? JSON.stringify(change.keys) : null,
        changed_keys: change.changedKeys
          ? JSON.stringify(change.changedKeys)
          : null,
        restarted: change.restarted ? JSON.stringify(change.restarted) : null,
      };
      await this.knex<ConfigChangeRow>(TABLE).insert(row);
      return toChange(row);
    };
    // Two changes at once may pick the same version; the unique index
    // refuses the second, which then takes the next one.
    for (let attempt = 0; ; attempt++) {
      try {
        return await insert();
      } catch (error) {
        if (!isDatabaseConflictError(error) || attempt >= 4) {
          if (isDatabaseConflictError(error)) {
            throw new ConflictError(
              `Config ${change.kind} '${change.name}' is being changed concurrently; try again`,
            );
          }
          throw error;
        }
      }
    }
  }

  /** Sets the workloads restarted after a change was recorded. */
  async setRestarted(id: string, restarted: string[]): Promise<void> {
    await this.knex<ConfigChangeRow>(TABLE)
      .where({ id })
      .update({ restarted: JSON.stringify(restarted) });
  }

  /** Changes of an environment's configs, newest first; optionally of one kind and name. */
  async list(
    environmentId: string,
    filter: { kind?: EnvironmentConfigKind; name?: string } = {},
  ): Promise<EnvironmentConfigChange[]> {
    const query = this.knex<ConfigChangeRow>(TABLE)
      .where({ environment_id: environmentId })
      .orderBy(newestFirst('changed_at', 'version'));
    if (filter.kind) query.andWhere({ kind: filter.kind });
    if (filter.name) query.andWhere({ name: filter.name });
    return (await query).map(toChange);
  }

  /** The newest change of each config of an environment, by `kind/name`. */
  async latest(
    environmentId: string,
  ): Promise<Map<string, EnvironmentConfigChange>> {
    const latest = new Map<string, EnvironmentConfigChange>();
    for (const change of await this.list(environmentId)) {
      const key = `${change.kind}/${change.name}`;
      const seen = latest.get(key);
      if (!seen || seen.version < change.version) latest.set(key, change);
    }
    return latest;
  }
}

function parseList(text: string | null): string[] | undefined {
  return text === null ? undefined : JSON.parse(text);
}

function toChange(row: ConfigChangeRow): EnvironmentConfigChange {
  const change: EnvironmentConfigChange = {
    id: row.id,
    environmentId: row.environment_id,
    kind: row.kind as EnvironmentConfigKind,
    name: row.name,
    version: Number(row.version),
    action: row.action as EnvironmentConfigChange['action'],
    actor: row.actor,
    changedAt: toIsoString(row.changed_at),
  };
  if (row.content !== null) change.content = row.content;
  const keys = parseList(row.keys);
  if (keys) change.keys = keys;
  const changedKeys = parseList(row.changed_keys);
  if (changedKeys) change.changedKeys = changedKeys;
  const restarted = parseList(row.restarted);
  if (restarted) change.restarted = restarted;
  return change;
}
