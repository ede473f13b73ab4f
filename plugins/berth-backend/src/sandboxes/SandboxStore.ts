import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  EnvironmentTier,
  SandboxFork,
  SandboxStatus,
} from '@berth/plugin-berth-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { Timestamp, toIsoString } from '../database/timestamps';

const TABLE = 'berth_sandboxes';

interface SandboxRow {
  id: string;
  name: string;
  project_ref: string;
  base_environment_id: string;
  cluster: string;
  namespace: string;
  routing_driver: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp;
  status: string;
  message: string | null;
  forks: string;
  warnings: string;
  preview_hosts: string;
  routes_written_at: Timestamp | null;
  operation_id: string | null;
}

interface JoinedRow extends SandboxRow {
  base_name: string;
  base_namespace: string;
  base_tier: string;
  owner_ref: string | null;
}

/** A sandbox as stored, with what the service and permissions read of its base. */
export interface StoredSandbox {
  id: string;
  name: string;
  projectRef: string;
  baseEnvironmentId: string;
  baseEnvironmentName: string;
  baseNamespace: string;
  baseTier: EnvironmentTier;
  /** The owner of the project's System, as last read from the catalog. */
  ownerRef?: string;
  cluster: string;
  namespace: string;
  routingDriver: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  status: SandboxStatus;
  message?: string;
  forks: SandboxFork[];
  warnings: string[];
  previewHosts: string[];
  routesWrittenAt?: string;
  operationId?: string;
}

/** What it takes to store a new sandbox. */
export interface NewSandbox {
  name: string;
  projectRef: string;
  baseEnvironmentId: string;
  cluster: string;
  namespace: string;
  routingDriver: string;
  createdBy: string;
  expiresAt: Date;
  forks: SandboxFork[];
}

/** What an operation or the API changes of a sandbox. */
export interface SandboxPatch {
  status?: SandboxStatus;
  /** `null` clears it. */
  message?: string | null;
  forks?: SandboxFork[];
  warnings?: string[];
  previewHosts?: string[];
  expiresAt?: Date;
  routesWrittenAt?: Date;
  operationId?: string;
}

/** Reads and writes sandboxes (`berth_sandboxes`). */
export class SandboxStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Stores a new sandbox as `creating` (inside `tx` when given); a name
   * taken on the base, or a namespace taken on the cluster, is a ConflictError.
   */
  async create(
    input: NewSandbox,
    tx?: Knex.Transaction,
  ): Promise<{ id: string }> {
    const now = new Date();
    const id = randomUUID();
    try {
      await (tx ?? this.knex)<SandboxRow>(TABLE).insert({
        id,
        name: input.name,
        project_ref: input.projectRef,
        base_environment_id: input.baseEnvironmentId,
        cluster: input.cluster,
        namespace: input.namespace,
        routing_driver: input.routingDriver,
        created_by: input.createdBy,
        created_at: now,
        updated_at: now,
        expires_at: input.expiresAt,
        status: 'creating',
        message: null,
        forks: JSON.stringify(input.forks),
        warnings: '[]',
        preview_hosts: '[]',
        routes_written_at: null,
        operation_id: null,
      });
    } catch (error) {
      if (isDatabaseConflictError(error)) {
        throw new ConflictError(
          `A sandbox named '${input.name}' (or namespace '${input.namespace}' on '${input.cluster}') exists already`,
        );
      }
      throw error;
    }
    return { id };
  }

  async get(id: string): Promise<StoredSandbox> {
    const sandbox = await this.find(id);
    if (!sandbox) throw new NotFoundError(`No sandbox with id '${id}'`);
    return sandbox;
  }

  async find(id: string): Promise<StoredSandbox | undefined> {
    const row = await this.select().where('x.id', id).first();
    return row && toSandbox(row);
  }

  /** The sandbox named `name` of a base, if any. */
  async findByName(
    baseEnvironmentId: string,
    name: string,
  ): Promise<StoredSandbox | undefined> {
    const row = await this.select()
      .where({ 'x.base_environment_id': baseEnvironmentId, 'x.name': name })
      .first();
    return row && toSandbox(row);
  }

  /** Sandboxes, newest first, filtered by base, project, creator, status. */
  async list(
    filter: {
      baseEnvironmentId?: string;
      projectRef?: string;
      createdBy?: string;
      cluster?: string;
      status?: SandboxStatus[];
    } = {},
  ): Promise<StoredSandbox[]> {
    const query = this.select().orderBy([
      { column: 'x.created_at', order: 'desc' },
      { column: 'x.name' },
    ]);
    if (filter.baseEnvironmentId) {
      query.where('x.base_environment_id', filter.baseEnvironmentId);
    }
    if (filter.projectRef) query.where('x.project_ref', filter.projectRef);
    if (filter.createdBy) query.where('x.created_by', filter.createdBy);
    if (filter.cluster) query.where('x.cluster', filter.cluster);
    if (filter.status) query.whereIn('x.status', filter.status);
    return (await query).map(toSandbox);
  }

  /** Sandboxes whose time ran out and that are not being deleted already. */
  async expired(now: Date): Promise<StoredSandbox[]> {
    return (
      await this.select()
        .where('x.expires_at', '<=', now)
        .whereNot('x.status', 'deleting')
        .orderBy('x.expires_at')
    ).map(toSandbox);
  }

  /** Whether an environment is a sandbox's (its id is a sandbox id). */
  async exists(id: string): Promise<boolean> {
    return Boolean(await this.knex(TABLE).where({ id }).first('id'));
  }

  async update(
    id: string,
    patch: SandboxPatch,
    tx?: Knex.Transaction,
  ): Promise<void> {
    const update: Partial<SandboxRow> = { updated_at: new Date() };
    if (patch.status) update.status = patch.status;
    if (patch.message !== undefined) update.message = patch.message;
    if (patch.forks) update.forks = JSON.stringify(patch.forks);
    if (patch.warnings) update.warnings = JSON.stringify(patch.warnings);
    if (patch.previewHosts) {
      update.preview_hosts = JSON.stringify(patch.previewHosts);
    }
    if (patch.expiresAt) update.expires_at = patch.expiresAt;
    if (patch.routesWrittenAt) update.routes_written_at = patch.routesWrittenAt;
    if (patch.operationId) update.operation_id = patch.operationId;
    const count = await (tx ?? this.knex)<SandboxRow>(TABLE)
      .where({ id })
      .update(update);
    if (count === 0) throw new NotFoundError(`No sandbox with id '${id}'`);
  }

  async delete(id: string): Promise<void> {
    await this.knex(TABLE).where({ id }).delete();
  }

  private select() {
    return this.knex<JoinedRow>({ x: TABLE })
      .join({ e: 'berth_environments' }, 'e.id', 'x.base_environment_id')
      .leftJoin({ p: 'berth_projects' }, 'p.ref', 'x.project_ref')
      .select('x.*', {
        base_name: 'e.name',
        base_namespace: 'e.namespace',
        base_tier: 'e.tier',
        owner_ref: 'p.owner_ref',
      });
  }
}

function toSandbox(row: JoinedRow): StoredSandbox {
  return {
    id: row.id,
    name: row.name,
    projectRef: row.project_ref,
    baseEnvironmentId: row.base_environment_id,
    baseEnvironmentName: row.base_name,
    baseNamespace: row.base_namespace,
    baseTier: row.base_tier as EnvironmentTier,
    ...(row.owner_ref && { ownerRef: row.owner_ref }),
    cluster: row.cluster,
    namespace: row.namespace,
    routingDriver: row.routing_driver,
    createdBy: row.created_by,
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
    expiresAt: toIsoString(row.expires_at),
    status: row.status as SandboxStatus,
    ...(row.message && { message: row.message }),
    forks: JSON.parse(row.forks),
    warnings: JSON.parse(row.warnings),
    previewHosts: JSON.parse(row.preview_hosts),
    ...(row.routes_written_at && {
      routesWrittenAt: toIsoString(row.routes_written_at),
    }),
    ...(row.operation_id && { operationId: row.operation_id }),
  };
}
