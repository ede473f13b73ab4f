import { NotFoundError } from '@backstage/errors';
import {
  BerthOperation,
  OperationKind,
  OperationStatus,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { OperationActor } from '../model/actor';
import { StoredEnvironment } from '../model/environment';
import { environmentConflicts } from './environmentConflicts';
import { OperationEngine } from './OperationEngine';
import { OperationStore } from './OperationStore';

export type { OperationActor } from '../model/actor';

/** The lock key that serialises an environment's operations. */
export const environmentLockKey = (environmentId: string) =>
  `environment:${environmentId}`;

/**
 * The operations of environments: started one at a time per environment
 * (queued behind the running one, or refused when they conflict), listed,
 * shown with their steps and events, and cancelled.
 */
export class EnvironmentOperations {
  constructor(
    private readonly deps: {
      engine: OperationEngine;
      store: OperationStore;
      knex: Knex;
      /** Refuses (409) the delete of an environment that must stay, e.g. the base of sandboxes. */
      assertDeletable?: (environmentId: string) => Promise<void>;
    },
  ) {}

  /**
   * Runs `fn` in one database transaction, so that what it stores (an
   * environment's row) and the operation it starts (its namespace and first
   * deploy) exist together or not at all, whenever the backend dies.
   */
  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.deps.knex.transaction(fn);
  }

  /** Queues an operation on `environment` (inside `tx` when given). */
  async start(
    environment: Pick<StoredEnvironment, 'id' | 'projectRef'>,
    request: { kind: OperationKind; title: string; spec: unknown },
    actor: OperationActor,
    tx?: Knex.Transaction,
  ): Promise<BerthOperation> {
    if (request.kind === 'delete') {
      await this.deps.assertDeletable?.(environment.id);
    }
    return this.deps.engine.enqueue(
      {
        ...request,
        projectRef: environment.projectRef,
        environmentId: environment.id,
        lockKey: environmentLockKey(environment.id),
        actor: actor.ref,
        actorType: actor.type,
      },
      environmentConflicts,
      tx,
    );
  }

  /** Throws the 409 that `kind` would get now, without queuing anything. */
  async assertCanStart(environmentId: string, kind: OperationKind) {
    const active = await this.deps.store.active(
      environmentLockKey(environmentId),
    );
    environmentConflicts(active, {
      kind,
      title: kind,
      projectRef: '',
      spec: {},
      actor: '',
      actorType: 'user',
    });
  }

  async list(
    environmentId: string,
    filter: { status?: OperationStatus[]; limit?: number } = {},
  ): Promise<BerthOperation[]> {
    const operations = await this.deps.store.list({
      environmentId,
      ...filter,
    });
    return this.deps.store.describeAll(operations);
  }

  /** A project's operations; only those of `environmentIds` (and project-wide ones) when given. */
  async listForProject(
    projectRef: string,
    filter: { environmentIds?: string[]; limit?: number } = {},
  ): Promise<BerthOperation[]> {
    const operations = await this.deps.store.list({ projectRef, ...filter });
    return this.deps.store.describeAll(operations);
  }

  /** One operation with its steps and events; NotFoundError unless it is of this environment. */
  async get(
    environmentId: string,
    operationId: string,
  ): Promise<BerthOperation> {
    const operation = await this.own(environmentId, operationId);
    return this.deps.store.describe(operation, { details: true });
  }

  async cancel(
    environmentId: string,
    operationId: string,
    actor: string,
  ): Promise<BerthOperation> {
    await this.own(environmentId, operationId);
    return this.deps.engine.cancel(operationId, actor);
  }

  private async own(environmentId: string, operationId: string) {
    const operation = await this.deps.store
      .get(operationId)
      .catch(() => undefined);
    if (!operation || operation.environmentId !== environmentId) {
      throw new NotFoundError(
        `Environment ${environmentId} has no operation '${operationId}'`,
      );
    }
    return operation;
  }
}
