import { NotFoundError } from '@backstage/errors';
import { ChartInfo } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ChartArchiveReader,
  ChartArchiveResolver,
  MaterializedChart,
  PreparedChart,
} from '../charts/chartTypes';

const TABLE = 'berth_chart_archives';

interface ArchiveRow {
  digest: string;
  name: string;
  version: string;
  size: number;
  content?: Buffer;
  metadata: string;
  dependencies: string;
  values: string;
  schema: string | null;
  origin: string;
  created_at: Date | string;
}

export type {
  ChartArchiveResolver,
  MaterializedChart,
  PreparedChart,
} from '../charts/chartTypes';

/** sha256 of a buffer, hex. */
export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Chart archives in Berth's database, content-addressed by sha256; the same
 * bytes imported twice are stored once. Archives are materialized as
 * `<cacheDir>/<digest>.tgz` for helm, written atomically and checked against
 * their digest, so a cache that was wiped or never filled (another backend
 * replica) is rebuilt on demand.
 */
export class ChartArchiveStore
  implements ChartArchiveResolver, ChartArchiveReader
{
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly knex: Knex, private readonly cacheDir: string) {}

  /** Stores an archive unless its digest is stored already; returns its info. */
  async put(chart: PreparedChart): Promise<ChartInfo> {
    const { content, info } = chart;
    const digest = sha256(content);
    if (digest !== info.digest) {
      throw new Error(
        `Chart archive digest mismatch for ${info.metadata.name}`,
      );
    }
    await this.knex<ArchiveRow>(TABLE)
      .insert({
        digest,
        name: info.metadata.name,
        version: info.metadata.version,
        size: content.length,
        content,
        metadata: JSON.stringify(info.metadata),
        dependencies: JSON.stringify(info.dependencies),
        values: info.values,
        schema: info.schema ? JSON.stringify(info.schema) : null,
        origin: JSON.stringify(info.origin),
        created_at: new Date(),
      })
      .onConflict('digest')
      // Stored again: fresh for the clean-up of unused archives.
      .merge(['created_at']);
    return this.get(digest);
  }

  /** What Berth read from an archive (without its bytes). */
  async get(digest: string): Promise<ChartInfo> {
    const row = await this.knex<ArchiveRow>(TABLE)
      .select(
        'digest',
        'name',
        'version',
        'size',
        'metadata',
        'dependencies',
        'values',
        'schema',
        'origin',
        'created_at',
      )
      .where({ digest })
      .first();
    if (!row) throw this.notFound(digest);
    return {
      digest: row.digest,
      size: Number(row.size),
      metadata: JSON.parse(row.metadata),
      dependencies: JSON.parse(row.dependencies),
      values: row.values,
      schema: row.schema ? JSON.parse(row.schema) : undefined,
      origin: JSON.parse(row.origin),
    };
  }

  async has(digest: string): Promise<boolean> {
    const row = await this.knex<ArchiveRow>(TABLE)
      .select('digest')
      .where({ digest })
      .first();
    return Boolean(row);
  }

  async content(digest: string): Promise<Buffer> {
    const row = await this.knex<ArchiveRow>(TABLE)
      .select('content')
      .where({ digest })
      .first();
    if (!row?.content) throw this.notFound(digest);
    return Buffer.from(row.content);
  }

  async count(): Promise<number> {
    const [{ count }] = await this.knex(TABLE).count({ count: '*' });
    return Number(count);
  }

  /**
   * Deletes archives stored before `olderThan` that no service revision
   * names (uploads never imported, charts of failed imports), with their
   * cached files. Returns how many went.
   */
  async deleteUnreferenced(olderThan: Date): Promise<number> {
    const candidates = await this.knex<ArchiveRow>(TABLE)
      .select('digest')
      .where('created_at', '<', olderThan);
    let deleted = 0;
    for (const { digest } of candidates) {
      const used = await this.knex('berth_service_revisions')
        .select('revision')
        .where('spec', 'like', `%"digest":"${digest}"%`)
        .first();
      if (used) continue;
      deleted += await this.knex<ArchiveRow>(TABLE)
        .where({ digest })
        .where('created_at', '<', olderThan)
        .delete();
      await rm(join(this.cacheDir, `${digest}.tgz`), { force: true });
    }
    return deleted;
  }

  /** The archive as `<cacheDir>/<digest>.tgz`, written when missing. */
  async materialize(digest: string): Promise<MaterializedChart> {
    if (!/^[a-f0-9]{64}$/.test(digest)) {
      throw new NotFoundError(`'${digest}' is not a chart archive digest`);
    }
    const info = await this.get(digest);
    const file = join(this.cacheDir, `${digest}.tgz`);
    if (!existsSync(file)) {
      let writing = this.writing.get(digest);
      if (!writing) {
        writing = this.write(digest, file).finally(() =>
          this.writing.delete(digest),
        );
        this.writing.set(digest, writing);
      }
      await writing;
    }
    return { file, values: info.values, schema: info.schema };
  }

  private async write(digest: string, file: string) {
    const content = await this.content(digest);
    if (sha256(content) !== digest) {
      throw new Error(`Chart archive ${digest} is corrupt in the database`);
    }
    await mkdir(this.cacheDir, { recursive: true, mode: 0o700 });
    const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
    try {
      await writeFile(partial, content, { mode: 0o600 });
      await rename(partial, file);
    } finally {
      await rm(partial, { force: true });
    }
  }

  private notFound(digest: string) {
    return new NotFoundError(`No chart archive with digest '${digest}'`);
  }
}
