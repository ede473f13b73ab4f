import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  EnvironmentServiceSettings,
  EnvironmentSleepState,
  EnvironmentTier,
} from '@berth/plugin-berth-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { toIsoString } from './timestamps';
import { applyEnvironmentFilter } from '../permissions/applyEnvironmentFilter';
import { EnvironmentPermissionQuery } from '../permissions/environmentRules';
import { NewEnvironment, StoredEnvironment } from '../model/environment';
import { camelColumns } from './columns';

export type { NewEnvironment, StoredEnvironment } from '../model/environment';

const TABLE = 'berth_environments';

interface EnvironmentRow {
  id: string;
  project_ref: string;
  name: string;
  cluster: string;
  namespace: string;
  tier: string;
  values: string;
  services: string;
  namespace_created: boolean | number;
  created_by: string;
  created_at: string | Date;
  updated_at: string | Date;
  owner_ref?: string | null;
  sleep_state?: string | null;
}

/** The columns an environment holds as they are (under camelCase names). */
const COPIED_COLUMNS = [
  'id',
  'project_ref',
  'name',
  'cluster',
  'namespace',
  'values',
  'created_by',
] as const;

/** Reads and writes environments in Berth's database. */
export class EnvironmentStore {
  constructor(private readonly knex: Knex) {}

  /** Stores a new environment; inside `tx` when given (then read it back after the commit). */
  async create(
    input: NewEnvironment,
    tx?: Knex.Transaction,
  ): Promise<StoredEnvironment> {
    const now = new Date();
    const row: EnvironmentRow = {
      id: randomUUID(),
      project_ref: input.projectRef,
      name: input.name,
      cluster: input.cluster,
      namespace: input.namespace,
      tier: input.tier,
      values: input.values ?? '',
      services: JSON.stringify(input.services ?? {}),
      namespace_created: input.namespaceCreated ?? false,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    };
    try {
      await (tx ?? this.knex)<EnvironmentRow>(TABLE).insert(row);
    } catch (error) {
      if (isDatabaseConflictError(error)) {
        // A failed statement ends a PostgreSQL transaction: describe the
        // conflict only outside one.
        throw new ConflictError(
          tx
            ? `Environment '${input.name}' or namespace '${input.namespace}' on '${input.cluster}' was taken meanwhile`
            : await this.describeConflict(input),
        );
      }
      throw error;
    }
    if (tx) return toEnvironment(row);
    return this.getById(row.id);
  }

  async getById(id: string): Promise<StoredEnvironment> {
    const row = await this.select().where('e.id', id).first();
    if (!row) {
      throw new NotFoundError(`No environment with id '${id}'`);
    }
    return toEnvironment(row);
  }

  async get(projectRef: string, name: string): Promise<StoredEnvironment> {
    const row = await this.select()
      .where({ 'e.project_ref': projectRef, 'e.name': name })
      .first();
    if (!row) {
      throw new NotFoundError(
        `No environment '${name}' in project '${projectRef}'`,
      );
    }
    return toEnvironment(row);
  }

  /**
   * Environments, optionally of one project or one cluster, filtered in the
   * database by a conditional permission decision when one is given.
   */
  async list(
    filter: {
      projectRef?: string;
      cluster?: string;
      permission?: PermissionCriteria<EnvironmentPermissionQuery>;
    } = {},
  ): Promise<StoredEnvironment[]> {
    const query = this.select().orderBy([
      { column: 'e.project_ref' },
      { column: 'e.name' },
    ]);
    if (filter.projectRef) query.where('e.project_ref', filter.projectRef);
    if (filter.cluster) query.where('e.cluster', filter.cluster);
    if (filter.permission) applyEnvironmentFilter(query, filter.permission);
    return (await query).map(toEnvironment);
  }

  async update(
    id: string,
    patch: {
      values?: string;
      services?: Record<string, EnvironmentServiceSettings>;
    },
  ): Promise<StoredEnvironment> {
    const update: Partial<EnvironmentRow> = { updated_at: new Date() };
    if (patch.values !== undefined) update.values = patch.values;
    if (patch.services) update.services = JSON.stringify(patch.services);
    const count = await this.knex<EnvironmentRow>(TABLE)
      .where({ id })
      .update(update);
    if (count === 0) throw new NotFoundError(`No environment with id '${id}'`);
    return this.getById(id);
  }

  async markNamespaceCreated(id: string): Promise<StoredEnvironment> {
    await this.knex<EnvironmentRow>(TABLE)
      .where({ id })
      .update({ namespace_created: true });
    return this.getById(id);
  }

  async delete(id: string): Promise<void> {
    await this.knex.transaction(async tx => {
      await tx('berth_deployments').where({ environment_id: id }).delete();
      await tx(TABLE).where({ id }).delete();
    });
  }

  async count(): Promise<number> {
    const [{ count }] = await this.knex(TABLE).count({ count: '*' });
    return Number(count);
  }

  private select() {
    return this.knex<EnvironmentRow>({ e: TABLE })
      .leftJoin({ p: 'berth_projects' }, 'p.ref', 'e.project_ref')
      .leftJoin({ s: 'berth_sleep' }, 's.environment_id', 'e.id')
      .select('e.*', 'p.owner_ref', { sleep_state: 's.state' });
  }

  private async describeConflict(input: NewEnvironment): Promise<string> {
    const sameNamespace = await this.knex<EnvironmentRow>(TABLE)
      .where({ cluster: input.cluster, namespace: input.namespace })
      .first();
    if (sameNamespace) {
      return `Namespace '${input.namespace}' on cluster '${input.cluster}' is already used by environment '${sameNamespace.name}' of '${sameNamespace.project_ref}'`;
    }
    return `Project '${input.projectRef}' already has an environment named '${input.name}'`;
  }
}

function toEnvironment(row: EnvironmentRow): StoredEnvironment {
  return {
    ...camelColumns(row, COPIED_COLUMNS),
    tier: row.tier as EnvironmentTier,
    services: JSON.parse(row.services),
    namespaceCreated: Boolean(row.namespace_created),
    sleeping: Boolean(row.sleep_state),
    ...(row.sleep_state && {
      sleepState: row.sleep_state as EnvironmentSleepState,
    }),
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
    ownerRef: row.owner_ref ?? undefined,
  };
}
