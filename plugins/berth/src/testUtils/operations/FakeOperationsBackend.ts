import {
  BERTH_OPERATION_SIGNAL_CHANNEL,
  BerthEnvironment,
  BerthOperation,
  BerthProject,
  isTerminalOperationStatus,
  OperationKind,
  OperationSignal,
  OperationStatus,
  OperationStep,
} from '@berth/plugin-berth-common';
import { FakeHost } from '../fakeHost';
import { FakeSignalApi } from '../signals/fakeSignalApi';

/** What the operations part needs of the rest of the fake backend. */
export interface FakeOperationsHost extends FakeHost {
  signals?: FakeSignalApi;
}

/** An operation to start on an environment. */
export interface OperationRequest {
  kind: OperationKind;
  environment: BerthEnvironment;
  title: string;
  steps: OperationStep[];
  /** What the work does when it starts (at once, or when the one ahead ends). */
  begin?: () => void;
  /** The work is done when it starts (sleep, delete): it succeeds at once. */
  finishesAtStart?: boolean;
  /** The message of the operation when it succeeds, as the backend's handler returns it. */
  summary?: string;
}

/** How {@link FakeOperationsBackend.finish} ends an operation. */
export interface OperationOutcome {
  status?: 'succeeded' | 'failed' | 'cancelled';
  message?: string;
}

const DEPLOYS: OperationKind[] = [
  'deploy',
  'deploy-service',
  'redeploy-values',
  'rollback',
];

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** An operation as the routes answer it: without steps and events. */
function summary(operation: BerthOperation): BerthOperation {
  const { steps: _steps, events: _events, ...rest } = clone(operation);
  return rest;
}

/** As the backend: counts the leaf steps (those no other step names as parent). */
function progressOf(steps: OperationStep[]): BerthOperation['progress'] {
  const parents = new Set(steps.map(s => s.parent).filter(Boolean));
  const leaves = steps.filter(s => !parents.has(s.key));
  return {
    done: leaves.filter(s => s.status !== 'pending' && s.status !== 'running')
      .length,
    total: leaves.length,
  };
}

/** A start-order group's step and one step per service in it, as a deploy has them. */
export function deploySteps(
  project: BerthProject,
  services: string[],
): OperationStep[] {
  const listed = new Set(project.startOrder.flat());
  const groups = [
    ...project.startOrder,
    project.services.map(s => s.name).filter(s => !listed.has(s)),
  ];
  const steps: OperationStep[] = [];
  groups
    .map(group => group.filter(s => services.includes(s)))
    .filter(members => members.length > 0)
    .forEach((members, index) => {
      const key = `group:${index + 1}`;
      steps.push({
        key,
        title: `Group ${index + 1}: ${members.join(', ')}`,
        status: 'pending',
      });
      for (const service of members) {
        steps.push({
          key: `service:${service}`,
          title: service,
          parent: key,
          status: 'pending',
        });
      }
    });
  return steps;
}

/** Steps of other kinds: [key, title] pairs, by the keys the contract gives them. */
export function plainSteps(
  ...steps: Array<[key: string, title: string]>
): OperationStep[] {
  return steps.map(([key, title]) => ({ key, title, status: 'pending' }));
}

/**
 * The backend's operations engine in memory: one operation per environment
 * runs at a time, later ones queue behind it, conflicting requests get a 409
 * naming the blocking operation, and every change is published on
 * {@link BERTH_OPERATION_SIGNAL_CHANNEL}. Tests move operations on with
 * {@link FakeOperationsBackend.setStep} and {@link FakeOperationsBackend.finish}.
 */
export class FakeOperationsBackend {
  private sequence = 0;
  private readonly work = new Map<
    string,
    Pick<OperationRequest, 'begin' | 'finishesAtStart' | 'summary' | 'steps'>
  >();

  constructor(
    readonly operations: BerthOperation[],
    private readonly host: FakeOperationsHost,
  ) {}

  private fail(status: number, name: string, message: string): Promise<never> {
    return this.host.httpError(status, name, message).then(e => {
      throw e;
    });
  }

  private active(environmentId: string): BerthOperation[] {
    return this.operations.filter(
      o =>
        o.environmentId === environmentId &&
        !isTerminalOperationStatus(o.status),
    );
  }

  private blocking(
    kind: OperationKind,
    active: BerthOperation[],
  ): BerthOperation | undefined {
    const of = (...kinds: OperationKind[]) =>
      active.find(o => kinds.includes(o.kind));
    if (of('delete')) return of('delete');
    if (kind === 'wake') return of('sleep');
    if (kind === 'sleep') return of('wake');
    if (DEPLOYS.includes(kind)) return of('sleep');
    return undefined;
  }

  /** A UUID, as the backend's operation ids are; deterministic for the tests. */
  private nextId(): string {
    const taken = new Set(this.operations.map(o => o.id));
    const id = (n: number) =>
      `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    do {
      this.sequence += 1;
    } while (taken.has(id(this.sequence)));
    return id(this.sequence);
  }

  private event(
    operation: BerthOperation,
    level: 'info' | 'warn' | 'error',
    message: string,
    step?: string,
  ) {
    const events = (operation.events ??= []);
    events.push({
      seq: events.length + 1,
      at: this.host.now(),
      level,
      message,
      ...(step ? { step } : {}),
    });
  }

  private publish(operation: BerthOperation) {
    operation.progress = progressOf(operation.steps ?? []);
    // Like the backend: opaque ids only; clients fetch the operation.
    const signal: OperationSignal = {
      operationId: operation.id,
      environmentId: operation.environmentId,
      at: this.host.now(),
    };
    this.host.signals?.publish(BERTH_OPERATION_SIGNAL_CHANNEL, signal);
  }

  /** Starts an operation, or queues it behind the one running on its environment. */
  async start(request: OperationRequest): Promise<BerthOperation> {
    const { environment } = request;
    const active = this.active(environment.id);
    const blocking = this.blocking(request.kind, active);
    if (blocking) {
      await this.fail(
        409,
        'ConflictError',
        `Cannot ${request.kind.replace('-', ' ')} now: operation ${
          blocking.id
        } (${blocking.title}, by ${blocking.actor}) is ${blocking.status}${
          blocking.kind === 'delete' ? ' and deletes the environment' : ''
        }`,
      );
    }
    const running = active.find(o => o.status === 'running');
    const operation: BerthOperation = {
      id: this.nextId(),
      kind: request.kind,
      title: request.title,
      projectRef: environment.projectRef,
      environmentId: environment.id,
      status: 'queued',
      actor: this.host.actor(),
      actorType: 'user',
      createdAt: this.host.now(),
      attempts: 0,
      cancelRequested: false,
      ...(running ? { queuedBehind: running.id } : {}),
      // As the backend: a queued operation has no steps yet; they are
      // planned when it runs.
      progress: { done: 0, total: 0 },
      steps: [],
      events: [],
    };
    this.operations.push(operation);
    this.work.set(operation.id, request);
    this.event(operation, 'info', 'Queued');
    // The answer is the operation as it was enqueued: the backend's engine
    // claims it after answering.
    const answer = summary(operation);
    if (running) {
      this.publish(operation);
    } else {
      this.run(operation);
    }
    return answer;
  }

  /** Starts a queued operation: its work begins, its first step runs. */
  private run(operation: BerthOperation) {
    operation.status = 'running';
    operation.startedAt = this.host.now();
    operation.attempts += 1;
    delete operation.queuedBehind;
    this.event(operation, 'info', 'Started');
    const work = this.work.get(operation.id);
    operation.steps = clone(work?.steps ?? []);
    work?.begin?.();
    if (work?.finishesAtStart) {
      this.end(operation, { status: 'succeeded' });
      return;
    }
    const steps = operation.steps ?? [];
    const first = steps.find(s => !s.parent && s.status === 'pending');
    if (first) {
      for (const step of steps) {
        if (step === first || step.parent === first.key) {
          step.status = 'running';
          step.startedAt = operation.startedAt;
        }
      }
    }
    this.publish(operation);
  }

  private end(operation: BerthOperation, outcome: OperationOutcome) {
    const status =
      outcome.status ?? (operation.cancelRequested ? 'cancelled' : 'succeeded');
    const at = this.host.now();
    for (const step of operation.steps ?? []) {
      if (step.status === 'running') {
        step.status = status === 'failed' ? 'failed' : 'succeeded';
        step.finishedAt = at;
        if (status === 'failed' && outcome.message) {
          step.message = outcome.message;
        }
      } else if (step.status === 'pending') {
        step.status = status === 'succeeded' ? 'succeeded' : 'skipped';
      }
    }
    operation.status = status;
    operation.finishedAt = at;
    delete operation.queuedBehind;
    const message =
      outcome.message ??
      (status === 'succeeded'
        ? this.work.get(operation.id)?.summary
        : undefined);
    if (message) operation.message = message;
    this.event(
      operation,
      status === 'failed' ? 'error' : 'info',
      outcome.message ?? status,
    );
    this.publish(operation);
    const next = this.operations.find(
      o => o.environmentId === operation.environmentId && o.status === 'queued',
    );
    if (next) {
      for (const waiting of this.active(operation.environmentId!)) {
        if (waiting !== next && waiting.status === 'queued') {
          waiting.queuedBehind = next.id;
        }
      }
      this.run(next);
    }
  }

  private find(id: string): BerthOperation {
    const found = this.operations.find(o => o.id === id);
    if (!found) throw new Error(`The fake has no operation ${id}`);
    return found;
  }

  /** Sets a step's status (and message), as the engine does when it checkpoints. */
  setStep(
    operationId: string,
    key: string,
    status: OperationStep['status'],
    message?: string,
  ): void {
    const operation = this.find(operationId);
    const step = operation.steps?.find(s => s.key === key);
    if (!step) throw new Error(`Operation ${operationId} has no step ${key}`);
    step.status = status;
    if (message !== undefined) step.message = message;
    const at = this.host.now();
    if (status === 'running') step.startedAt = at;
    else if (status !== 'pending') step.finishedAt = at;
    this.event(
      operation,
      status === 'failed' ? 'error' : 'info',
      `${step.title}: ${status}`,
      key,
    );
    this.publish(operation);
  }

  /**
   * Ends a running operation (succeeded; cancelled when a cancel was asked
   * for; or as told) and starts the next one queued on its environment.
   */
  finish(operationId: string, outcome: OperationOutcome = {}): void {
    const operation = this.find(operationId);
    if (operation.status !== 'running') {
      throw new Error(`Operation ${operationId} is ${operation.status}`);
    }
    this.end(operation, outcome);
  }

  /** Ends every operation of an environment in turn, as the engine would. */
  settle(environmentId: string): void {
    for (;;) {
      const running = this.operations.find(
        o => o.environmentId === environmentId && o.status === 'running',
      );
      if (!running) return;
      this.end(running, {});
    }
  }

  private async ofEnvironment(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation> {
    const environment = await this.host.environment(environmentId);
    const found = this.operations.find(
      o => o.id === operationId && o.environmentId === environmentId,
    );
    if (!found) {
      await this.fail(
        404,
        'NotFoundError',
        `Environment ${environment.id} has no operation '${operationId}'`,
      );
    }
    return found!;
  }

  async list(
    environmentId: string,
    options: {
      status?: OperationStatus | OperationStatus[];
      limit?: number;
    },
  ): Promise<BerthOperation[]> {
    await this.host.environment(environmentId);
    const statuses = [options.status ?? []].flat();
    return this.newestFirst(
      this.operations.filter(
        o =>
          o.environmentId === environmentId &&
          (statuses.length === 0 || statuses.includes(o.status)),
      ),
      options.limit,
    );
  }

  async listProject(
    projectRef: string,
    options: { limit?: number },
  ): Promise<BerthOperation[]> {
    // As the backend: a project it does not know has no operations (200).
    return this.newestFirst(
      this.operations.filter(
        o => o.projectRef.toLowerCase() === projectRef.toLowerCase(),
      ),
      options.limit,
    );
  }

  private newestFirst(
    operations: BerthOperation[],
    limit = 50,
  ): BerthOperation[] {
    return operations
      .map((o, index) => ({ o, index }))
      .sort(
        (a, b) =>
          b.o.createdAt.localeCompare(a.o.createdAt) || b.index - a.index,
      )
      .slice(0, limit)
      .map(({ o }) => summary(o));
  }

  async get(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation> {
    const operation = await this.ofEnvironment(environmentId, operationId);
    return clone({ steps: [], events: [], ...operation });
  }

  async cancel(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation> {
    const operation = await this.ofEnvironment(environmentId, operationId);
    if (this.host.denied('berth.environment.deploy')) {
      await this.fail(
        403,
        'NotAllowedError',
        `You may not cancel operations of environment ${environmentId}`,
      );
    }
    if (isTerminalOperationStatus(operation.status)) {
      await this.fail(
        409,
        'ConflictError',
        `Operation '${operation.id}' (${operation.title}) has already ${operation.status}; only a queued or running operation can be cancelled`,
      );
    }
    operation.cancelRequested = true;
    operation.cancelledBy = this.host.actor();
    this.event(operation, 'warn', `Cancel requested by ${this.host.actor()}`);
    if (operation.status === 'queued') {
      operation.status = 'cancelled';
      operation.finishedAt = this.host.now();
      operation.message = `Cancelled by ${this.host.actor()} before it started`;
      delete operation.queuedBehind;
    }
    this.publish(operation);
    return summary(operation);
  }
}
