import { NotFoundError } from '@backstage/errors';
import {
  DeploymentRecord,
  EnvironmentServiceSettings,
} from '@berth/plugin-berth-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { toIsoString } from '../database/timestamps';
import { camelColumns } from '../database/columns';
import { newestFirst } from '../database/ordering';

interface DeploymentRow {
  id: string;
  environment_id: string;
  service: string;
  revision: number;
  values_digest: string;
  images: string;
  actor: string;
  started_at: string | Date;
  finished_at: string | Date | null;
  result: string;
  message: string | null;
  helm_revision: number | null;
  group_index: number | null;
  rollback_of?: string | null;
  settings?: string | null;
  values?: string | null;
  manifest?: string | null;
  operation_id?: string | null;
  job_run_id?: string | null;
}

/** The columns a deployment record holds as they are (under camelCase names). */
const COPIED_COLUMNS = [
  'id',
  'environment_id',
  'service',
  'revision',
  'values_digest',
  'actor',
] as const;

/** What a deploy deployed; fields are undefined for records from before snapshots. */
export interface DeploymentSnapshot {
  settings?: EnvironmentServiceSettings;
  /** Merged Helm values (YAML), or the manifests variables (YAML). */
  values?: string;
  /** The rendered manifest as applied (YAML), Secret values redacted. */
  manifest?: string;
}

/** The columns of a record, without the (large) snapshot texts. */
const RECORD_COLUMNS = [
  'id',
  'environment_id',
  'service',
  'revision',
  'values_digest',
  'images',
  'actor',
  'started_at',
  'finished_at',
  'result',
  'message',
  'helm_revision',
  'group_index',
  'rollback_of',
  'settings',
  'operation_id',
  'job_run_id',
];

/**
 * What a deploy records when it starts: the record's fields known then
 * (`settings` without the revision, which is set to the revision deployed),
 * and the merged values (YAML) deployed with.
 */
export interface NewDeploymentRecord
  extends Pick<
    DeploymentRecord,
    | 'environmentId'
    | 'service'
    | 'revision'
    | 'valuesDigest'
    | 'images'
    | 'actor'
    | 'group'
    | 'rollbackOf'
    | 'operationId'
    | 'jobRunId'
  > {
  settings?: EnvironmentServiceSettings;
  values?: string;
}

/** Deployment records: one per deploy of a service into an environment. */
export class DeploymentStore {
  constructor(private readonly knex: Knex) {}

  async start(input: NewDeploymentRecord): Promise<DeploymentRecord> {
    const row: DeploymentRow = {
      id: randomUUID(),
      ...recordColumns(input),
      started_at: new Date(),
      finished_at: null,
      result: 'running',
      message: null,
      helm_revision: null,
    };
    await this.knex<DeploymentRow>('berth_deployments').insert(row);
    return toRecord(row);
  }

  /** A record that is still running, or undefined (finished or gone). */
  async getIfRunning(id: string): Promise<DeploymentRecord | undefined> {
    const row: DeploymentRow | undefined = await this.knex('berth_deployments')
      .select(RECORD_COLUMNS)
      .where({ id, result: 'running' })
      .first();
    return row ? toRecord(row) : undefined;
  }

  /** Starts a running record over (a resumed deploy), with what it now deploys. */
  async restart(
    id: string,
    input: NewDeploymentRecord,
  ): Promise<DeploymentRecord> {
    const {
      environment_id: _e,
      service: _s,
      ...columns
    } = recordColumns(input);
    await this.knex<DeploymentRow>('berth_deployments')
      .where({ id, result: 'running' })
      .update({ ...columns, started_at: new Date() });
    return this.get(id);
  }

  /**
   * Ends the records of an operation still running (it ended without
   * finishing them, e.g. cancelled or given up), as failed with `message`.
   */
  async failRunning(operationId: string, message: string): Promise<number> {
    return this.knex<DeploymentRow>('berth_deployments')
      .where({ operation_id: operationId, result: 'running' })
      .update({
        result: 'failed',
        message: message.slice(0, 4000),
        finished_at: new Date(),
      });
  }

  async finish(
    id: string,
    outcome: {
      result: 'succeeded' | 'failed';
      message?: string;
      helmRevision?: number;
      /** The manifest as applied, Secret values already redacted. */
      manifest?: string;
      /** The images it deployed, when known better than at the start (the rendered manifest's). */
      images?: string[];
    },
  ): Promise<void> {
    await this.knex<DeploymentRow>('berth_deployments')
      .where({ id })
      .update({
        finished_at: new Date(),
        result: outcome.result,
        message: outcome.message?.slice(0, 4000) ?? null,
        helm_revision: outcome.helmRevision ?? null,
        ...(outcome.manifest !== undefined && { manifest: outcome.manifest }),
        ...(outcome.images !== undefined && {
          images: JSON.stringify(outcome.images),
        }),
      });
  }

  /** One record; NotFoundError when there is none with this id. */
  async get(id: string): Promise<DeploymentRecord> {
    const row: DeploymentRow | undefined = await this.knex('berth_deployments')
      .select(RECORD_COLUMNS)
      .where({ id })
      .first();
    if (!row) {
      throw new NotFoundError(`No deployment record with id '${id}'`);
    }
    return toRecord(row);
  }

  /** What a deploy deployed; NotFoundError when there is no such record. */
  async getSnapshot(id: string): Promise<DeploymentSnapshot> {
    const row = await this.knex<DeploymentRow>('berth_deployments')
      .select('settings', 'values', 'manifest')
      .where({ id })
      .first();
    if (!row) {
      throw new NotFoundError(`No deployment record with id '${id}'`);
    }
    return {
      settings: row.settings ? JSON.parse(row.settings) : undefined,
      values: row.values ?? undefined,
      manifest: row.manifest ?? undefined,
    };
  }

  /** The newest successful record of a service in an environment, if any. */
  async lastSucceeded(
    environmentId: string,
    service: string,
  ): Promise<DeploymentRecord | undefined> {
    const row: DeploymentRow | undefined = await this.knex('berth_deployments')
      .select(RECORD_COLUMNS)
      .where({ environment_id: environmentId, service, result: 'succeeded' })
      .orderBy(newestFirst('started_at', 'id'))
      .first();
    return row ? toRecord(row) : undefined;
  }

  /** Newest first. */
  async list(
    environmentId: string,
    filter: { service?: string } = {},
  ): Promise<DeploymentRecord[]> {
    const query = this.knex('berth_deployments')
      .select(RECORD_COLUMNS)
      .where({ environment_id: environmentId })
      .orderBy(newestFirst('started_at', 'id'));
    if (filter.service) query.andWhere({ service: filter.service });
    const rows: DeploymentRow[] = await query;
    return rows.map(toRecord);
  }

  /** The newest record of each service of an environment. */
  async latestPerService(
    environmentId: string,
  ): Promise<Map<string, DeploymentRecord>> {
    const latest = new Map<string, DeploymentRecord>();
    for (const record of await this.list(environmentId)) {
      if (!latest.has(record.service)) latest.set(record.service, record);
    }
    return latest;
  }
}

function recordColumns(input: NewDeploymentRecord) {
  return {
    environment_id: input.environmentId,
    service: input.service,
    revision: input.revision,
    values_digest: input.valuesDigest,
    images: JSON.stringify(input.images),
    actor: input.actor,
    group_index: input.group ?? null,
    rollback_of: input.rollbackOf ?? null,
    settings: input.settings
      ? JSON.stringify({ ...input.settings, revision: input.revision })
      : null,
    values: input.values ?? null,
    operation_id: input.operationId ?? null,
    // Only when a workflow job made it (null by default in the table).
    ...(input.jobRunId && { job_run_id: input.jobRunId }),
  };
}

function toRecord(row: DeploymentRow): DeploymentRecord {
  return {
    ...camelColumns(row, COPIED_COLUMNS),
    images: JSON.parse(row.images),
    startedAt: toIsoString(row.started_at),
    finishedAt: row.finished_at ? toIsoString(row.finished_at) : undefined,
    result: row.result as DeploymentRecord['result'],
    message: row.message ?? undefined,
    helmRevision: row.helm_revision ?? undefined,
    group: row.group_index ?? undefined,
    rollbackOf: row.rollback_of ?? undefined,
    settings: row.settings ? JSON.parse(row.settings) : undefined,
    ...(row.operation_id && { operationId: row.operation_id }),
    ...(row.job_run_id && { jobRunId: row.job_run_id }),
  };
}
