import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** An id of this replica that no other replica (nor this one restarted) has. */
export function newReplicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** The engine a {@link DispatchLoop} dispatches for: how often, and where it logs. */
export interface DispatchingEngine {
  /** Read at start(). */
  config: { pollIntervalMs: number; heartbeatMs: number };
  logger: LoggerService;
}

/** What a {@link DispatchLoop} does. */
export interface DispatchWork {
  /** Claims what may start now (queued work, work whose lease expired). */
  claim: () => Promise<void>;
  /** Renews the leases of what runs here. */
  heartbeat: () => void;
  /** Whether a tick claims before start() too; by default not. */
  claimsBeforeStart?: boolean;
}

/**
 * The dispatcher of an engine on this replica: once started, it claims
 * every poll interval and on every {@link tick}, one claim at a time (a
 * tick during a claim claims once more after it; a failed claim is logged),
 * and beats every heartbeat interval; after stop() it claims no more.
 */
export class DispatchLoop {
  readonly replicaId = newReplicaId();
  private tickTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private ticking = false;
  private tickAgain = false;
  private stopped: boolean;

  /** `what` the engine claims, for the log: e.g. `operations`. */
  constructor(
    private readonly engine: DispatchingEngine,
    private readonly what: string,
    private readonly work: DispatchWork,
  ) {
    this.stopped = !work.claimsBeforeStart;
  }

  /** Whether it stopped (or has not started): nothing more is claimed. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Starts the timers (the caller ticks then); false when they run already. */
  start(): boolean {
    if (this.tickTimer) return false;
    this.stopped = false;
    const { pollIntervalMs, heartbeatMs } = this.engine.config;
    this.tickTimer = setInterval(() => this.tick(), pollIntervalMs);
    this.heartbeatTimer = setInterval(() => this.work.heartbeat(), heartbeatMs);
    return true;
  }

  /** Stops claiming, and the timers. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.tickTimer);
    clearInterval(this.heartbeatTimer);
    this.tickTimer = undefined;
    this.heartbeatTimer = undefined;
  }

  /** Claims now, or once more after the claim under way. */
  tick(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    this.work
      .claim()
      .catch(error =>
        this.engine.logger.warn(
          `Could not claim ${this.what}: ${stringifyError(error)}`,
        ),
      )
      .finally(() => {
        this.ticking = false;
        if (this.tickAgain) {
          this.tickAgain = false;
          setImmediate(() => this.tick());
        }
      });
  }
}

/** Waits until `promises` settled, `ms` at the most. */
export async function settledWithin(
  promises: Promise<unknown>[],
  ms: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise(resolve => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
