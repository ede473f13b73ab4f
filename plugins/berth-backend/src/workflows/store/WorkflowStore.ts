import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BerthWorkflow,
  WorkflowDefinition,
  WorkflowRevision,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { iso, parseJson, TABLES, Timestamp } from './rows';
import { camelColumns } from '../../database/columns';
import { conflictOnDuplicate } from '../../database/uniqueViolation';
import { getRecordById } from '../../database/recordLookups';

const T = TABLES.workflows;

interface WorkflowRow {
  id: string;
  project_ref: string;
  name: string;
  title: string;
  enabled: boolean | number;
  revision: number;
  definition: string;
  target_tiers: string;
  target_clusters: string;
  target_environments: string;
  created_by: string;
  updated_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The columns a workflow holds as they are (under camelCase names). */
const COPIED_COLUMNS = [
  'id',
  'project_ref',
  'name',
  'title',
  'revision',
  'created_by',
  'updated_by',
] as const;

export type WorkflowTargets = BerthWorkflow['targets'];
export type StoredWorkflow = Omit<BerthWorkflow, 'lastRun'>;

export interface NewWorkflow {
  projectRef: string;
  name: string;
  title: string;
  enabled: boolean;
  definition: WorkflowDefinition;
  targets: WorkflowTargets;
  actor: string;
}

export interface WorkflowChange {
  /** A new revision when set. */
  definition?: WorkflowDefinition;
  title?: string;
  targets?: WorkflowTargets;
  enabled?: boolean;
  baseRevision?: number;
  actor: string;
}

/** An enabled workflow with who saved its newest revision and when. */
export interface SavedWorkflow extends StoredWorkflow {
  savedBy: string;
  savedAt: string;
}

/**
 * Workflows and their immutable revisions. `where` filters of callers
 * (permission conditions) run against the unaliased `berth_workflows` table.
 */
export class WorkflowStore {
  constructor(private readonly knex: Knex) {}

  async create(input: NewWorkflow): Promise<StoredWorkflow> {
    const id = randomUUID();
    const now = new Date();
    await conflictOnDuplicate(
      `Project ${input.projectRef} already has a workflow named '${input.name}'`,
      () =>
        this.knex.transaction(async tx => {
          await tx(T).insert({
            id,
            project_ref: input.projectRef,
            name: input.name,
            title: input.title.slice(0, 255),
            enabled: input.enabled,
            revision: 1,
            definition: JSON.stringify(input.definition),
            ...targetColumns(input.targets),
            created_by: input.actor,
            updated_by: input.actor,
            created_at: now,
            updated_at: now,
          });
          await tx(TABLES.revisions).insert({
            workflow_id: id,
            revision: 1,
            definition: JSON.stringify(input.definition),
            created_by: input.actor,
            created_at: now,
          });
        }),
    );
    return this.get(id);
  }

  /** Applies a change; a definition makes a new revision. ConflictError on a stale baseRevision. */
  async update(id: string, change: WorkflowChange): Promise<StoredWorkflow> {
    await this.knex.transaction(async tx => {
      const q = tx<WorkflowRow>(T).where({ id }).first();
      if (tx.client.config.client === 'pg') q.forUpdate();
      const row = (await q) as WorkflowRow | undefined;
      if (!row) throw new NotFoundError(`No workflow with id '${id}'`);
      if (
        change.baseRevision !== undefined &&
        change.baseRevision !== row.revision
      ) {
        throw new ConflictError(
          `Workflow '${row.name}' is at revision ${row.revision}, the edit started from revision ${change.baseRevision}: reload it and edit again`,
        );
      }
      const now = new Date();
      const revision = change.definition ? row.revision + 1 : row.revision;
      if (change.definition) {
        await tx(TABLES.revisions).insert({
          workflow_id: id,
          revision,
          definition: JSON.stringify(change.definition),
          created_by: change.actor,
          created_at: now,
        });
      }
      await tx(T)
        .where({ id })
        .update({
          revision,
          ...(change.definition && {
            definition: JSON.stringify(change.definition),
          }),
          ...(change.title !== undefined && {
            title: change.title.slice(0, 255),
          }),
          ...(change.enabled !== undefined && { enabled: change.enabled }),
          ...(change.targets && targetColumns(change.targets)),
          updated_by: change.actor,
          updated_at: now,
        });
    });
    return this.get(id);
  }

  get(id: string): Promise<StoredWorkflow> {
    return getRecordById(this.knex, T, 'workflow', id, toWorkflow);
  }

  async getByName(projectRef: string, name: string): Promise<StoredWorkflow> {
    const row = await this.knex<WorkflowRow>(T)
      .where({ project_ref: projectRef, name })
      .first();
    if (!row) {
      throw new NotFoundError(
        `Project ${projectRef} has no workflow named '${name}'`,
      );
    }
    return toWorkflow(row);
  }

  async list(q: {
    projectRef?: string;
    where?: (qb: Knex.QueryBuilder) => void;
  }): Promise<StoredWorkflow[]> {
    const query = this.knex<WorkflowRow>(T).select(`${T}.*`).orderBy('name');
    if (q.projectRef) query.where(`${T}.project_ref`, q.projectRef);
    if (q.where) query.where(q.where);
    return ((await query) as WorkflowRow[]).map(toWorkflow);
  }

  /** Enabled workflows with who saved their newest revision. */
  async listEnabled(): Promise<SavedWorkflow[]> {
    const rows = (await this.knex(T)
      .join(TABLES.revisions, join =>
        join
          .on(`${TABLES.revisions}.workflow_id`, `${T}.id`)
          .andOn(`${TABLES.revisions}.revision`, `${T}.revision`),
      )
      .where(`${T}.enabled`, true)
      .select(
        `${T}.*`,
        `${TABLES.revisions}.created_by as saved_by`,
        `${TABLES.revisions}.created_at as saved_at`,
      )) as Array<WorkflowRow & { saved_by: string; saved_at: Timestamp }>;
    return rows.map(r => ({
      ...toWorkflow(r),
      savedBy: r.saved_by,
      savedAt: iso(r.saved_at)!,
    }));
  }

  async delete(id: string): Promise<void> {
    await this.knex.transaction(async tx => {
      const count = await tx(T).where({ id }).delete();
      if (count === 0) throw new NotFoundError(`No workflow with id '${id}'`);
      await tx(TABLES.revisions).where({ workflow_id: id }).delete();
    });
  }

  /** Newest first. */
  async revisions(id: string): Promise<WorkflowRevision[]> {
    await this.get(id);
    const rows = await this.knex(TABLES.revisions)
      .where({ workflow_id: id })
      .orderBy('revision', 'desc');
    return rows.map(toRevision);
  }

  async revision(id: string, revision: number): Promise<WorkflowRevision> {
    const row = await this.knex(TABLES.revisions)
      .where({ workflow_id: id, revision })
      .first();
    if (!row) {
      throw new NotFoundError(`Workflow '${id}' has no revision ${revision}`);
    }
    return toRevision(row);
  }
}

function targetColumns(targets: WorkflowTargets) {
  return {
    target_tiers: JSON.stringify(targets.tiers),
    target_clusters: JSON.stringify(targets.clusters),
    target_environments: JSON.stringify(targets.environments),
  };
}

function toRevision(row: {
  revision: number;
  definition: string;
  created_by: string;
  created_at: Timestamp;
}): WorkflowRevision {
  return {
    revision: row.revision,
    definition: parseJson(row.definition, { stages: [] }),
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
  };
}

function toWorkflow(row: WorkflowRow): StoredWorkflow {
  return {
    ...camelColumns(row, COPIED_COLUMNS),
    enabled: Boolean(row.enabled),
    definition: parseJson(row.definition, { stages: [] }),
    targets: {
      tiers: parseJson(row.target_tiers, []),
      clusters: parseJson(row.target_clusters, []),
      environments: parseJson(row.target_environments, []),
    },
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}
