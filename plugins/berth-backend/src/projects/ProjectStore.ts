import { NotFoundError } from '@backstage/errors';
import { ImageRule } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { toIsoString } from '../database/timestamps';

const TABLE = 'berth_projects';

/** A project as stored: the System's identity plus Berth's settings for it. */
export interface StoredProject {
  ref: string;
  name: string;
  title?: string;
  ownerRef?: string;
  startOrder: string[][];
  values: string;
  /** Where the project's charts keep their images; absent: the defaults. */
  imageRules?: ImageRule[];
  createdAt: string;
  updatedAt: string;
}

interface ProjectRow {
  ref: string;
  name: string;
  title: string | null;
  owner_ref: string | null;
  start_order: string;
  values: string;
  image_rules?: string | null;
  created_at: string | Date;
  updated_at: string | Date;
}

/** Reads and writes projects in Berth's database. */
export class ProjectStore {
  constructor(private readonly knex: Knex | Knex.Transaction) {}

  /**
   * Records a System as a project, or refreshes its identity (title, owner)
   * from the catalog; Berth's own settings are kept.
   */
  async upsert(project: {
    ref: string;
    name: string;
    title?: string;
    ownerRef?: string;
  }): Promise<void> {
    const now = new Date();
    await this.knex<ProjectRow>(TABLE)
      .insert({
        ref: project.ref,
        name: project.name,
        title: project.title ?? null,
        owner_ref: project.ownerRef ?? null,
        start_order: '[]',
        values: '',
        created_at: now,
        updated_at: now,
      })
      .onConflict('ref')
      .merge(['name', 'title', 'owner_ref']);
  }

  async get(ref: string): Promise<StoredProject> {
    const row = await this.knex<ProjectRow>(TABLE).where({ ref }).first();
    if (!row) {
      throw new NotFoundError(`'${ref}' is not a Berth project`);
    }
    return toProject(row);
  }

  async list(): Promise<StoredProject[]> {
    const rows = await this.knex<ProjectRow>(TABLE).orderBy('ref');
    return rows.map(toProject);
  }

  async updateSettings(
    ref: string,
    settings: {
      startOrder?: string[][];
      values?: string;
      /** null: back to the defaults. */
      imageRules?: ImageRule[] | null;
    },
  ): Promise<void> {
    const update: Partial<ProjectRow> = { updated_at: new Date() };
    if (settings.imageRules !== undefined) {
      update.image_rules =
        settings.imageRules === null
          ? null
          : JSON.stringify(settings.imageRules);
    }
    if (settings.startOrder) {
      update.start_order = JSON.stringify(settings.startOrder);
    }
    if (settings.values !== undefined) update.values = settings.values;
    const count = await this.knex<ProjectRow>(TABLE)
      .where({ ref })
      .update(update);
    if (count === 0) {
      throw new NotFoundError(`'${ref}' is not a Berth project`);
    }
  }
}

function toProject(row: ProjectRow): StoredProject {
  return {
    ref: row.ref,
    name: row.name,
    title: row.title ?? undefined,
    ownerRef: row.owner_ref ?? undefined,
    startOrder: JSON.parse(row.start_order),
    values: row.values,
    ...(row.image_rules && { imageRules: JSON.parse(row.image_rules) }),
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
  };
}
