import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { BerthOperation, OperationKind } from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { DispatchLoop, settledWithin } from '../dispatch/DispatchLoop';
import {
  OperationCancelledError,
  OperationContext,
  OperationInterruptedError,
  PlannedStep,
} from './OperationContext';
import { OperationHandler } from './OperationHandler';
import {
  ConflictCheck,
  NewOperation,
  OperationStore,
  StoredOperation,
  toPublicOperation,
} from './OperationStore';
import { OperationsConfig } from './readOperationsConfig';
import { OperationSignals } from './OperationSignals';

interface Running {
  operation: StoredOperation;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs Berth's operations on this replica: claims queued operations in
 * order (one running operation per environment across all replicas),
 * renews their leases, takes over operations whose lease expired (a replica
 * that died), and on shutdown stops claiming, stops what it runs and hands
 * it back to the queue at once.
 */
export class OperationEngine {
  readonly replicaId: string;
  private readonly handlers = new Map<OperationKind, OperationHandler>();
  private readonly running = new Map<string, Running>();
  private readonly loop: DispatchLoop;

  constructor(
    private readonly deps: {
      store: OperationStore;
      config: OperationsConfig;
      logger: LoggerService;
      auditor?: AuditorService;
      signals?: OperationSignals;
      /** Told when an operation ended (e.g. to push the environment's status). */
      onFinished?: (operation: StoredOperation) => void;
    },
  ) {
    this.loop = new DispatchLoop(deps, 'operations', {
      claim: () => this.claimAvailable(),
      heartbeat: () => this.heartbeat(),
      // An operation enqueued before start() is claimed at once.
      claimsBeforeStart: true,
    });
    this.replicaId = this.loop.replicaId;
  }

  addHandler(handler: OperationHandler) {
    if (this.handlers.has(handler.kind)) {
      throw new Error(
        `An operation handler for '${handler.kind}' is already registered`,
      );
    }
    this.handlers.set(handler.kind, handler);
  }

  /** Starts claiming and running operations. */
  start() {
    if (this.loop.start()) this.loop.tick();
  }

  /**
   * Stops claiming, aborts what runs here, waits for it to stop (up to the
   * grace period) and hands it back to the queue, so another replica (or
   * this one restarted) continues at once.
   */
  async stop(): Promise<void> {
    this.loop.stop();
    const running = [...this.running.values()];
    for (const r of running) {
      r.controller.abort(
        new OperationInterruptedError('The backend is shutting down'),
      );
    }
    if (running.length > 0) {
      await settledWithin(
        running.map(r => r.done),
        this.deps.config.shutdownGraceMs,
      );
    }
    const released = await this.deps.store.releaseLeases(this.replicaId);
    if (released > 0) {
      this.deps.logger.info(
        `Handed ${released} running operation(s) back to the queue for another replica`,
      );
    }
  }

  /** Queues an operation and wakes the dispatcher. */
  async enqueue(
    input: NewOperation,
    check?: ConflictCheck,
    tx?: Knex.Transaction,
  ): Promise<BerthOperation> {
    const { operation, queuedBehind } = await this.deps.store.enqueue(
      input,
      check,
      tx,
    );
    await this.deps.store.appendEvent(
      operation.id,
      {
        level: 'info',
        message: queuedBehind
          ? `Queued by ${input.actor} behind operation ${queuedBehind}`
          : `Queued by ${input.actor}`,
      },
      tx,
    );
    const announce = () => {
      this.publish(operation);
      setImmediate(() => this.loop.tick());
    };
    if (tx) tx.executionPromise.then(announce, () => undefined);
    else announce();
    return toPublicOperation(operation, { done: 0, total: 0 }, queuedBehind);
  }

  /** Asks an operation to stop after its current step (a queued one stops at once). */
  async cancel(id: string, actor: string): Promise<BerthOperation> {
    const operation = await this.deps.store.requestCancel(id, actor);
    await this.deps.store.appendEvent(id, {
      level: 'warn',
      message:
        operation.status === 'cancelled'
          ? `Cancelled by ${actor} before it started`
          : `Cancel asked for by ${actor}: stopping after the current step`,
    });
    if (operation.status === 'cancelled') {
      await this.audit(operation);
      this.deps.onFinished?.(operation);
    }
    this.publish(operation);
    return this.deps.store.describe(operation);
  }

  /** Claims what may start, up to the concurrency; reaps expired leases. */
  private async claimAvailable() {
    const requeued = await this.deps.store.requeueExpired();
    for (const id of requeued) {
      this.deps.logger.info(
        `Operation ${id}: its lease expired (the replica running it stopped answering); queued for takeover`,
      );
      await this.deps.store.appendEvent(id, {
        level: 'warn',
        message:
          'The replica running this operation stopped renewing its lease; another replica takes it over',
      });
    }
    while (
      !this.loop.stopping &&
      this.running.size < this.deps.config.concurrency
    ) {
      const operation = await this.deps.store.claimNext(
        this.replicaId,
        this.deps.config.leaseMs,
      );
      if (!operation) return;
      if (this.loop.stopping) {
        await this.deps.store.releaseLeases(this.replicaId, [operation.id]);
        return;
      }
      this.launch(operation);
    }
  }

  private heartbeat() {
    for (const r of this.running.values()) {
      this.deps.store
        .renewLease(r.operation.id, this.replicaId, this.deps.config.leaseMs)
        .then(held => {
          if (!held) {
            r.controller.abort(
              new OperationInterruptedError(
                'This replica lost the lease; another replica runs the operation',
              ),
            );
          }
        })
        .catch(error =>
          this.deps.logger.warn(
            `Could not renew the lease of operation ${
              r.operation.id
            }: ${stringifyError(error)}`,
          ),
        );
    }
  }

  private launch(operation: StoredOperation) {
    const controller = new AbortController();
    const entry: Running = {
      operation,
      controller,
      done: Promise.resolve(),
    };
    this.running.set(operation.id, entry);
    entry.done = this.execute(operation, controller.signal)
      .catch(error =>
        this.deps.logger.error(
          `Operation ${operation.id} (${
            operation.kind
          }) crashed the engine: ${stringifyError(error)}`,
        ),
      )
      .finally(() => {
        this.running.delete(operation.id);
        setImmediate(() => this.loop.tick());
      });
  }

  private async execute(operation: StoredOperation, signal: AbortSignal) {
    const { store, logger, config } = this.deps;
    const owner = this.replicaId;
    const handler = this.handlers.get(operation.kind);
    await store.appendEvent(operation.id, {
      level: 'info',
      message:
        operation.attempts > 1
          ? `Resumed (attempt ${operation.attempts}) on ${owner}`
          : `Started on ${owner}`,
    });
    this.publish(operation);
    if (!handler) {
      await this.end(operation, {
        status: 'failed',
        message: `No handler for operations of kind '${operation.kind}' on this backend`,
      });
      return;
    }
    if (operation.attempts > config.maxAttempts) {
      await this.end(operation, {
        status: 'failed',
        message: `Gave up after ${config.maxAttempts} attempts: the operation was interrupted every time (see its events)`,
      });
      return;
    }
    try {
      const summary = await handler.run(
        this.contextFor(operation, signal, owner),
      );
      await this.end(operation, { status: 'succeeded', message: summary });
    } catch (error) {
      if (signal.aborted || error instanceof OperationInterruptedError) {
        logger.info(
          `Operation ${operation.id} (${
            operation.kind
          }) stopped here: ${stringifyError(signal.reason ?? error)}`,
        );
        return;
      }
      if (error instanceof OperationCancelledError) {
        await this.end(operation, {
          status: 'cancelled',
          message: await this.cancelSummary(operation.id),
        });
        return;
      }
      await this.end(operation, {
        status: 'failed',
        message: (error as Error)?.message ?? stringifyError(error),
      });
    }
  }

  private async end(
    operation: StoredOperation,
    outcome: { status: 'succeeded' | 'failed' | 'cancelled'; message?: string },
  ) {
    const { store } = this.deps;
    await store.skipUnfinishedSteps(operation.id);
    const ended = await store.finish(operation.id, this.replicaId, outcome);
    if (!ended) return; // another replica holds it now
    await store.appendEvent(operation.id, {
      level: outcome.status === 'succeeded' ? 'info' : 'error',
      message: `${capitalize(outcome.status)}${
        outcome.message ? `: ${outcome.message}` : ''
      }`,
    });
    const final = await store.get(operation.id);
    await this.audit(final);
    this.publish(final);
    this.deps.onFinished?.(final);
  }

  /** What a cancelled operation did and what it left. */
  private async cancelSummary(operationId: string): Promise<string> {
    const [operation, steps] = await Promise.all([
      this.deps.store.get(operationId),
      this.deps.store.steps(operationId),
    ]);
    const topLevel = steps.filter(s => !s.parent);
    const done = topLevel.filter(s => s.status === 'succeeded');
    const left = topLevel.filter(
      s => s.status === 'pending' || s.status === 'running',
    );
    return `Cancelled by ${operation.cancelledBy ?? 'someone'}${
      done.length ? `; done: ${done.map(s => s.title).join('; ')}` : ''
    }${left.length ? `; not done: ${left.map(s => s.title).join('; ')}` : ''}`;
  }

  private contextFor(
    operation: StoredOperation,
    signal: AbortSignal,
    owner: string,
  ): OperationContext<any> {
    const { store } = this.deps;
    const known = new Set<string>();
    const lost = () =>
      new OperationInterruptedError(
        'This replica lost the lease; another replica runs the operation',
      );
    const checkSignal = () => {
      if (signal.aborted) {
        throw signal.reason instanceof Error ? signal.reason : lost();
      }
    };
    const ensurePlanned = async (step: PlannedStep) => {
      if (known.has(step.key)) return;
      await store.planSteps(operation.id, [step]);
      known.add(step.key);
    };
    const context: OperationContext<any> = {
      operation,
      signal,
      plan: async steps => {
        await store.planSteps(operation.id, steps);
        steps.forEach(s => known.add(s.key));
        this.publish(operation);
      },
      log: (message, options = {}) =>
        store.appendEvent(operation.id, {
          level: options.level ?? 'info',
          message,
          step: options.step,
        }),
      skip: async (step, message) => {
        checkSignal();
        await ensurePlanned(step);
        await store.finishStep(operation.id, owner, step.key, {
          status: 'skipped',
          message,
        });
      },
      step: async (step, run) => {
        checkSignal();
        const previous = await store.getStep(operation.id, step.key);
        if (
          previous?.status === 'succeeded' ||
          previous?.status === 'skipped'
        ) {
          return previous.output as any;
        }
        if (await store.isCancelRequested(operation.id)) {
          throw new OperationCancelledError('Cancelled');
        }
        await ensurePlanned(step);
        if (!(await store.startStep(operation.id, owner, step.key))) {
          throw lost();
        }
        const interrupted = previous?.status === 'running';
        if (!step.parent || interrupted) {
          await store.appendEvent(operation.id, {
            level: interrupted ? 'warn' : 'info',
            message: interrupted
              ? `${step.title}: resumed after an interruption`
              : `${step.title}: started`,
            step: step.key,
          });
        }
        this.publish(operation, step.key);
        try {
          const output = await run({
            interrupted,
            saved: previous?.output,
            save: async value => {
              if (
                !(await store.saveStepOutput(
                  operation.id,
                  owner,
                  step.key,
                  value,
                ))
              ) {
                throw lost();
              }
            },
          });
          checkSignal();
          if (
            !(await store.finishStep(operation.id, owner, step.key, {
              status: 'succeeded',
              output,
            }))
          ) {
            throw lost();
          }
          if (!step.parent) {
            await store.appendEvent(operation.id, {
              level: 'info',
              message: `${step.title}: done`,
              step: step.key,
            });
          }
          this.publish(operation, step.key);
          return output;
        } catch (error) {
          if (signal.aborted || error instanceof OperationInterruptedError) {
            throw signal.aborted && signal.reason instanceof Error
              ? signal.reason
              : error;
          }
          const message = (error as Error)?.message ?? stringifyError(error);
          await store.finishStep(operation.id, owner, step.key, {
            status: 'failed',
            message,
          });
          await store.appendEvent(operation.id, {
            level: 'error',
            message: `${step.title}: ${message}`,
            step: step.key,
          });
          this.publish(operation, step.key);
          throw error;
        }
      },
    };
    return context;
  }

  private async audit(operation: StoredOperation) {
    if (!this.deps.auditor) return;
    try {
      const event = await this.deps.auditor.createEvent({
        eventId: `operation-${operation.kind}`,
        severityLevel: 'medium',
        meta: {
          operationId: operation.id,
          kind: operation.kind,
          title: operation.title,
          projectRef: operation.projectRef,
          ...(operation.environmentId && {
            environmentId: operation.environmentId,
          }),
          actor: operation.actor,
          actorType: operation.actorType,
          attempts: operation.attempts,
          status: operation.status,
        },
      });
      if (operation.status === 'failed') {
        await event.fail({
          error: new Error(operation.message ?? 'The operation failed'),
        });
      } else {
        await event.success({
          meta: { outcome: operation.message ?? operation.status },
        });
      }
    } catch (error) {
      this.deps.logger.warn(
        `Could not audit operation ${operation.id}: ${stringifyError(error)}`,
      );
    }
  }

  private publish(operation: StoredOperation, step?: string) {
    this.deps.signals?.changed(operation, step);
  }

  /** Operation ids running on this replica (for tests and health). */
  runningHere(): string[] {
    return [...this.running.keys()];
  }
}

function capitalize(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
