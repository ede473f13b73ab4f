import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { EnvironmentTier } from '@berth/plugin-berth-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';

const TABLE = 'berth_environments';

/** An environment as stored by Berth. */
export interface StoredEnvironment {
  id: string;
  projectRef: string;
  name: string;
  cluster: string;
  namespace: string;
  tier: EnvironmentTier;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** What it takes to store a new environment. */
export type NewEnvironment = Pick<
  StoredEnvironment,
  'projectRef' | 'name' | 'cluster' | 'namespace' | 'tier' | 'createdBy'
>;

interface EnvironmentRow {
  id: string;
  project_ref: string;
  name: string;
  cluster: string;
  namespace: string;
  tier: string;
  created_by: string;
  created_at: string | Date;
  updated_at: string | Date;
}

/** Reads and writes environments in Berth's database. */
export class EnvironmentStore {
  constructor(private readonly knex: Knex) {}

  async create(input: NewEnvironment): Promise<StoredEnvironment> {
    const now = new Date();
    const row: EnvironmentRow = {
      id: randomUUID(),
      project_ref: input.projectRef,
      name: input.name,
      cluster: input.cluster,
      namespace: input.namespace,
      tier: input.tier,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.knex<EnvironmentRow>(TABLE).insert(row);
    } catch (error) {
      if (isDatabaseConflictError(error)) {
        throw new ConflictError(await this.describeConflict(input));
      }
      throw error;
    }
    return toEnvironment(row);
  }

  async get(projectRef: string, name: string): Promise<StoredEnvironment> {
    const row = await this.knex<EnvironmentRow>(TABLE)
      .where({ project_ref: projectRef, name })
      .first();
    if (!row) {
      throw new NotFoundError(
        `No environment '${name}' in project '${projectRef}'`,
      );
    }
    return toEnvironment(row);
  }

  async list(
    filter: { projectRef?: string } = {},
  ): Promise<StoredEnvironment[]> {
    const query = this.knex<EnvironmentRow>(TABLE).orderBy([
      'project_ref',
      'name',
    ]);
    if (filter.projectRef) {
      query.where({ project_ref: filter.projectRef });
    }
    return (await query).map(toEnvironment);
  }

  async count(): Promise<number> {
    const [{ count }] = await this.knex(TABLE).count({ count: '*' });
    return Number(count);
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
    id: row.id,
    projectRef: row.project_ref,
    name: row.name,
    cluster: row.cluster,
    namespace: row.namespace,
    tier: row.tier as EnvironmentTier,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
