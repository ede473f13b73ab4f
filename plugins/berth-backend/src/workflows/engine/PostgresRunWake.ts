import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { Knex } from 'knex';

const CHANNEL = 'berth_workflow_runs';

interface PgConnection {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: (msg: { channel: string }) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}

/**
 * Wakes the dispatchers of every replica at once on PostgreSQL (LISTEN /
 * NOTIFY) when a run is queued or ends, instead of at their next poll.
 * Does nothing on SQLite (one replica, woken in process). A lost listening
 * connection only costs the poll interval.
 */
export class PostgresRunWake {
  private connection?: PgConnection;

  constructor(
    private readonly knex: Knex,
    private readonly logger: LoggerService,
  ) {}

  private get isPostgres() {
    return this.knex.client.config.client === 'pg';
  }

  async listen(onWake: () => void): Promise<void> {
    if (!this.isPostgres || this.connection) return;
    try {
      const connection: PgConnection =
        await this.knex.client.acquireRawConnection();
      connection.on('notification', msg => {
        if (msg.channel === CHANNEL) onWake();
      });
      connection.on('error', error => {
        this.logger.warn(
          `The workflow wake-up connection failed (runs start at the next poll): ${stringifyError(
            error,
          )}`,
        );
      });
      await connection.query(`LISTEN ${CHANNEL}`);
      this.connection = connection;
    } catch (error) {
      this.logger.warn(
        `Could not listen for queued workflow runs (runs start at the next poll): ${stringifyError(
          error,
        )}`,
      );
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (!connection) return;
    await this.knex.client
      .destroyRawConnection(connection)
      .catch(() => undefined);
  }

  /** Tells every listening replica to look at the queue. */
  async notify(): Promise<void> {
    if (!this.isPostgres) return;
    try {
      await this.knex.raw(`NOTIFY ${CHANNEL}`);
    } catch (error) {
      this.logger.warn(
        `Could not wake the workflow dispatchers: ${stringifyError(error)}`,
      );
    }
  }
}
