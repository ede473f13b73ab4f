import { CopiedService } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { toIsoString } from '../database/timestamps';

const TABLE = 'berth_environment_copies';

interface CopyRow {
  environment_id: string;
  source_id: string;
  source_name: string;
  services: string;
  copied_by: string;
  copied_at: string | number | Date;
}

/** Where a copied environment came from. */
export interface EnvironmentCopy {
  environmentId: string;
  sourceId: string;
  sourceName: string;
  services: Record<string, CopiedService>;
  copiedBy: string;
  copiedAt: string;
}

/** Records which environment each copy was made from, and what it pinned. */
export class CopyStore {
  constructor(private readonly knex: Knex) {}

  async record(
    copy: Omit<EnvironmentCopy, 'copiedAt'>,
    tx?: Knex.Transaction,
  ): Promise<void> {
    await (tx ?? this.knex)<CopyRow>(TABLE).insert({
      environment_id: copy.environmentId,
      source_id: copy.sourceId,
      source_name: copy.sourceName,
      services: JSON.stringify(copy.services),
      copied_by: copy.copiedBy,
      copied_at: new Date(),
    });
  }

  async get(environmentId: string): Promise<EnvironmentCopy | undefined> {
    const row = await this.knex<CopyRow>(TABLE)
      .where({ environment_id: environmentId })
      .first();
    return (
      row && {
        environmentId: row.environment_id,
        sourceId: row.source_id,
        sourceName: row.source_name,
        services: JSON.parse(row.services),
        copiedBy: row.copied_by,
        copiedAt: toIsoString(row.copied_at),
      }
    );
  }
}
