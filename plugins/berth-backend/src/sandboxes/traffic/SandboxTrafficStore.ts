import { SandboxReachedService } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { Timestamp, toIsoString } from '../../database/timestamps';

const TABLE = 'berth_sandbox_traffic';
const CHUNK = 100;

interface TrafficRow {
  sandbox_id: string;
  namespace: string;
  service: string;
  served_by: string;
  key_header: string;
  last_reached_at: Timestamp;
  last_path: string | null;
  last_status: number | null;
}

/** A Service a sandbox's key reached, for {@link SandboxTrafficStore.record}. */
export interface ReachedService
  extends Omit<SandboxReachedService, 'lastReachedAt'> {
  sandboxId: string;
  lastReachedAt: Date;
}

/**
 * Per sandbox and Service, the newest request that carried the sandbox's
 * key. Recording keeps whichever is newer, so two backends reading the same
 * traffic (or one reading a request twice) agree.
 */
export class SandboxTrafficStore {
  constructor(private readonly knex: Knex) {}

  async record(reached: ReachedService[]): Promise<void> {
    const newest = new Map<string, ReachedService>();
    for (const r of reached) {
      const key = `${r.sandboxId}/${r.namespace}/${r.service}`;
      const seen = newest.get(key);
      if (!seen || seen.lastReachedAt < r.lastReachedAt) newest.set(key, r);
    }
    const rows: TrafficRow[] = [...newest.values()].map(r => ({
      sandbox_id: r.sandboxId,
      namespace: r.namespace,
      service: r.service,
      served_by: r.servedBy,
      key_header: r.keyHeader,
      last_reached_at: r.lastReachedAt,
      last_path: r.lastPath ?? null,
      last_status: r.lastStatus ?? null,
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.knex(TABLE)
        .insert(rows.slice(i, i + CHUNK))
        .onConflict(['sandbox_id', 'namespace', 'service'])
        .merge([
          'served_by',
          'key_header',
          'last_reached_at',
          'last_path',
          'last_status',
        ])
        .where(
          `${TABLE}.last_reached_at`,
          '<',
          this.knex.raw('excluded.last_reached_at'),
        );
    }
  }

  /** The Services a sandbox's key reached, newest first. */
  async list(sandboxId: string): Promise<SandboxReachedService[]> {
    const rows = await this.knex<TrafficRow>(TABLE)
      .where({ sandbox_id: sandboxId })
      .orderBy([
        { column: 'last_reached_at', order: 'desc' },
        { column: 'namespace' },
        { column: 'service' },
      ]);
    return rows.map(row => ({
      service: row.service,
      namespace: row.namespace,
      servedBy: row.served_by === 'fork' ? 'fork' : 'base',
      keyHeader: row.key_header === 'baggage' ? 'baggage' : 'x-env',
      lastReachedAt: toIsoString(row.last_reached_at),
      ...(row.last_path !== null && { lastPath: row.last_path }),
      ...(row.last_status !== null && { lastStatus: row.last_status }),
    }));
  }

  async deleteFor(sandboxId: string): Promise<void> {
    await this.knex(TABLE).where({ sandbox_id: sandboxId }).delete();
  }
}
