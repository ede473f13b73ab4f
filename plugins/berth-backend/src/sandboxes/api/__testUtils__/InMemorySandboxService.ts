import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BerthEnvironment,
  BerthOperation,
  BerthSandbox,
  BerthSandboxDetails,
  CreateSandboxRequest,
  ExplainRouteRequest,
  ListSandboxesQuery,
  RouteExplanation,
  SandboxChange,
  SandboxReadiness,
  SandboxTraffic,
  sandboxRoutingKey,
  UpdateSandboxRequest,
} from '@berth/plugin-berth-common';
import { randomUUID } from 'crypto';
import { OperationActor } from '../../../model/actor';
import { SandboxServiceContract } from '../../SandboxServiceContract';

const HOUR = 60 * 60 * 1000;

/**
 * An in-memory SandboxServiceContract for the route tests: it stores
 * sandboxes in a map, answers a queued operation for each change, and
 * records every call (`calls`: method names) so a test can tell that a
 * refused request never reached it. No validation of its own beyond a
 * name in use (409), as the real service's refusals are not the routes'.
 */
export class InMemorySandboxService implements SandboxServiceContract {
  readonly calls: string[] = [];
  private readonly sandboxes = new Map<string, BerthSandbox>();

  /** Stores a sandbox as if created earlier (no call recorded). */
  seed(base: BerthEnvironment, name: string, createdBy: string): BerthSandbox {
    const sandbox = this.newSandbox(base, name, createdBy, [], 8);
    this.sandboxes.set(sandbox.id, { ...sandbox, status: 'ready' });
    return this.sandboxes.get(sandbox.id)!;
  }

  async listForBase(baseEnvironmentId: string): Promise<BerthSandbox[]> {
    this.calls.push('listForBase');
    return [...this.sandboxes.values()].filter(
      s => s.baseEnvironmentId === baseEnvironmentId,
    );
  }

  async list(
    query: ListSandboxesQuery & { createdBy?: string },
  ): Promise<BerthSandbox[]> {
    this.calls.push('list');
    return [...this.sandboxes.values()].filter(
      s =>
        (!query.createdBy || s.createdBy === query.createdBy) &&
        (!query.projectRef || s.projectRef === query.projectRef),
    );
  }

  async get(id: string): Promise<BerthSandbox> {
    this.calls.push('get');
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) throw new NotFoundError(`No sandbox with id '${id}'`);
    return sandbox;
  }

  async getDetails(id: string): Promise<BerthSandboxDetails> {
    this.calls.push('getDetails');
    const sandbox = await this.get(id);
    return {
      ...sandbox,
      forkStatus: sandbox.forks.map(f => ({
        service: f.service,
        status: 'Running',
        ready: 1,
        desired: 1,
        images: Object.values(f.images ?? {}),
      })),
    };
  }

  async create(
    base: BerthEnvironment,
    request: CreateSandboxRequest,
    actor: OperationActor,
  ): Promise<SandboxChange> {
    this.calls.push('create');
    const taken = [...this.sandboxes.values()].some(
      s => s.baseEnvironmentId === base.id && s.name === request.name,
    );
    if (taken) {
      throw new ConflictError(
        `A sandbox '${request.name}' of '${base.name}' exists`,
      );
    }
    const sandbox = this.newSandbox(
      base,
      request.name,
      actor.ref,
      request.forks,
      request.ttlHours ?? 8,
    );
    this.sandboxes.set(sandbox.id, sandbox);
    return {
      sandbox,
      operation: this.operation('sandbox-create', base, actor),
    };
  }

  async update(
    id: string,
    request: UpdateSandboxRequest,
    actor: OperationActor,
  ): Promise<SandboxChange> {
    this.calls.push('update');
    const before = await this.get(id);
    const sandbox: BerthSandbox = {
      ...before,
      ...(request.ttlHours !== undefined
        ? {
            expiresAt: new Date(
              Date.now() + request.ttlHours * HOUR,
            ).toISOString(),
          }
        : {}),
      ...(request.forks ? { forks: request.forks } : {}),
    };
    this.sandboxes.set(id, sandbox);
    if (!request.forks) return { sandbox };
    return {
      sandbox,
      operation: this.operation('sandbox-update', sandbox, actor),
    };
  }

  async delete(id: string, actor: OperationActor): Promise<SandboxChange> {
    this.calls.push('delete');
    const sandbox: BerthSandbox = {
      ...(await this.get(id)),
      status: 'deleting',
    };
    this.sandboxes.set(id, sandbox);
    return {
      sandbox,
      operation: this.operation('sandbox-delete', sandbox, actor),
    };
  }

  async readiness(base: BerthEnvironment): Promise<SandboxReadiness> {
    this.calls.push('readiness');
    return {
      ready: true,
      routingDriver: 'gateway-api',
      checks: [{ name: `${base.name}: routes accepted`, ok: true }],
      ttl: { defaultHours: 8, maxHours: 72 },
    };
  }

  async traffic(id: string): Promise<SandboxTraffic> {
    this.calls.push('traffic');
    const sandbox = await this.get(id);
    return {
      observed: true,
      source: 'in memory',
      services: [],
      forksNotReached: sandbox.forks.map(f => f.service),
    };
  }

  async explainRoute(
    base: BerthEnvironment,
    request: ExplainRouteRequest,
  ): Promise<RouteExplanation> {
    this.calls.push('explainRoute');
    const key = request.headers?.['x-env'];
    const sandbox = [...this.sandboxes.values()].find(
      s => s.baseEnvironmentId === base.id && s.name === key,
    );
    return sandbox
      ? {
          backend: `${request.service}.${sandbox.namespace}.svc.cluster.local`,
          sandbox: sandbox.name,
          reason: `x-env: ${key}`,
        }
      : {
          backend: `${request.service}.${base.namespace}.svc.cluster.local`,
          reason: 'no sandbox key',
        };
  }

  private newSandbox(
    base: BerthEnvironment,
    name: string,
    createdBy: string,
    forks: BerthSandbox['forks'],
    ttlHours: number,
  ): BerthSandbox {
    const now = new Date();
    return {
      id: randomUUID(),
      name,
      projectRef: base.projectRef,
      baseEnvironmentId: base.id,
      baseEnvironmentName: base.name,
      cluster: base.cluster,
      namespace: `${base.namespace}-${name}`,
      routingDriver: 'gateway-api',
      createdBy,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlHours * HOUR).toISOString(),
      status: 'creating',
      forks,
      routingKey: sandboxRoutingKey(name),
      previewHosts: [],
      previewUrls: [],
      warnings: [],
    };
  }

  private operation(
    kind: string,
    of: { projectRef: string; id: string } | BerthSandbox,
    actor: OperationActor,
  ): BerthOperation {
    return {
      id: randomUUID(),
      // The sandbox kinds join OperationKind with the sandbox service.
      kind: kind as BerthOperation['kind'],
      title: kind,
      projectRef: of.projectRef,
      environmentId: 'baseEnvironmentId' in of ? of.baseEnvironmentId : of.id,
      status: 'queued',
      actor: actor.ref,
      actorType: actor.type,
      createdAt: new Date().toISOString(),
      attempts: 0,
      cancelRequested: false,
      progress: { done: 0, total: 0 },
    };
  }
}
