import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, stringifyError } from '@backstage/errors';
import {
  BerthEnvironment,
  BerthOperation,
  BerthSandbox,
  BerthSandboxDetails,
  CreateSandboxRequest,
  ExplainRouteRequest,
  ListSandboxesQuery,
  OperationKind,
  RouteExplanation,
  sandboxRoutingKey,
  SandboxChange,
  SandboxReadiness,
  SandboxTraffic,
  UpdateSandboxRequest,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { assertAwake } from '../model/assertAwake';
import { OperationActor } from '../model/actor';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { OperationEngine } from '../operations/OperationEngine';
import { ProjectService } from '../projects/ProjectService';
import { SandboxesConfig } from '../config/readSandboxesConfig';
import { SandboxRuntime } from './cluster/SandboxRuntime';
import { forkStatus } from './cluster/forkStatus';
import { SandboxServiceContract } from './SandboxServiceContract';
import { SandboxStore, StoredSandbox } from './SandboxStore';
import { assertValidSandboxName, sandboxNamespaceName } from './sandboxNames';
import { assertValidForks, readTtlHours } from './validateSandboxInput';
import { SandboxOperationSpec } from './operations/sandboxTarget';
import { berthServiceOf } from './cluster/placeholders';
import { SandboxTrafficRecorder } from './traffic/SandboxTrafficRecorder';

/** The lock key of a sandbox's operations: they do not queue behind the base's. */
export const sandboxLockKey = (sandboxId: string) => `sandbox:${sandboxId}`;

/** Who queues the deletes of expired sandboxes. */
export const EXPIRY_ACTOR: OperationActor = {
  ref: 'berth:expiry',
  type: 'service',
};

const HOUR_MS = 60 * 60 * 1000;

/** What the permission layer reads of a sandbox (the `berth-sandbox` resource). */
export interface SandboxResource {
  id: string;
  projectRef: string;
  ownerRef?: string;
  createdBy: string;
  baseTier: BerthEnvironment['tier'];
  cluster: string;
}

/**
 * Sandboxes of base environments: validated (4xx, nothing created on
 * refusal), stored, and created, updated and deleted by operations (see
 * operations/sandboxHandlers). Checks no permission: the authorization
 * layer does before calling it.
 */
export class SandboxService implements SandboxServiceContract {
  constructor(
    private readonly deps: {
      store: SandboxStore;
      environments: EnvironmentStore;
      projects: ProjectService;
      engine: OperationEngine;
      environmentOperations: EnvironmentOperations;
      knex: Knex;
      runtime: SandboxRuntime;
      traffic: SandboxTrafficRecorder;
      config: SandboxesConfig;
      logger: LoggerService;
      /** A preview host's URL on the cluster's gateway, when Berth knows it. */
      previewUrl?: (cluster: string, host: string) => string | undefined;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async listForBase(baseEnvironmentId: string): Promise<BerthSandbox[]> {
    const items = await this.deps.store.list({ baseEnvironmentId });
    return items.map(s => this.toPublic(s));
  }

  async list(
    query: ListSandboxesQuery & { createdBy?: string },
  ): Promise<BerthSandbox[]> {
    const items = await this.deps.store.list({
      projectRef: query.projectRef,
      createdBy: query.createdBy,
    });
    return items.map(s => this.toPublic(s));
  }

  async get(id: string): Promise<BerthSandbox> {
    return this.toPublic(await this.deps.store.get(id));
  }

  /** The sandbox as the permission layer sees it; NotFoundError when unknown. */
  async resource(id: string): Promise<SandboxResource> {
    const sandbox = await this.deps.store.get(id);
    return {
      id: sandbox.id,
      projectRef: sandbox.projectRef,
      ...(sandbox.ownerRef && { ownerRef: sandbox.ownerRef }),
      createdBy: sandbox.createdBy,
      baseTier: sandbox.baseTier,
      cluster: sandbox.cluster,
    };
  }

  async getDetails(id: string): Promise<BerthSandboxDetails> {
    const sandbox = await this.deps.store.get(id);
    return {
      ...this.toPublic(sandbox),
      forkStatus: await forkStatus(
        this.deps.runtime.objects(sandbox.cluster),
        sandbox,
      ),
    };
  }

  async create(
    base: BerthEnvironment,
    request: CreateSandboxRequest,
    actor: OperationActor,
  ): Promise<SandboxChange> {
    // Input first (400), then the base's state (409), then the cluster.
    if (await this.deps.store.exists(base.id)) {
      throw new InputError(
        `'${base.name}' is a sandbox: a sandbox cannot be the base of another`,
      );
    }
    assertValidSandboxName(request?.name);
    const { name } = request;
    const ttlHours = readTtlHours(request.ttlHours, this.deps.config);
    const project = await this.deps.projects.getProject(base.projectRef);
    assertValidForks(request.forks, project, base);
    assertAwake(base);
    if (await this.deps.store.findByName(base.id, name)) {
      throw new ConflictError(
        `Environment '${base.name}' already has a sandbox named '${name}'`,
      );
    }
    const namespace = sandboxNamespaceName(base.namespace, name);
    const taken = (
      await this.deps.environments.list({ cluster: base.cluster })
    ).find(e => e.namespace === namespace);
    if (taken) {
      throw new ConflictError(
        `Namespace '${namespace}' on cluster '${base.cluster}' is environment '${taken.name}''s: choose another sandbox name`,
      );
    }
    await this.deps.environmentOperations.assertCanStart(
      base.id,
      'sandbox-create',
    );
    const routingDriver = this.deps.config.routingDriverFor(base.cluster);
    await this.assertBaseReady(base, routingDriver);

    const forks = request.forks.map(fork => ({ ...fork }));
    const { id, operation } = await this.deps.knex.transaction(async tx => {
      const created = await this.deps.store.create(
        {
          name,
          projectRef: base.projectRef,
          baseEnvironmentId: base.id,
          cluster: base.cluster,
          namespace,
          routingDriver,
          createdBy: actor.ref,
          expiresAt: new Date(this.now().getTime() + ttlHours * HOUR_MS),
          forks,
        },
        tx,
      );
      const started = await this.enqueue(
        base,
        created.id,
        'sandbox-create',
        `Create sandbox ${name}`,
        { sandboxId: created.id },
        actor,
        tx,
      );
      await this.deps.store.update(created.id, { operationId: started.id }, tx);
      return { id: created.id, operation: started };
    });
    return { sandbox: await this.get(id), operation };
  }

  async update(
    id: string,
    request: UpdateSandboxRequest,
    actor: OperationActor,
  ): Promise<SandboxChange> {
    const sandbox = await this.deps.store.get(id);
    if (sandbox.status === 'deleting') {
      throw new ConflictError(`Sandbox '${sandbox.name}' is being deleted`);
    }
    if (request?.ttlHours === undefined && request?.forks === undefined) {
      throw new InputError('Nothing to update: give ttlHours or forks');
    }
    const expiresAt =
      request.ttlHours === undefined
        ? undefined
        : new Date(
            this.now().getTime() +
              readTtlHours(request.ttlHours, this.deps.config) * HOUR_MS,
          );
    if (request.forks === undefined) {
      await this.deps.store.update(id, { expiresAt });
      return { sandbox: await this.get(id) };
    }
    const base = await this.deps.environments.getById(
      sandbox.baseEnvironmentId,
    );
    const project = await this.deps.projects.getProject(base.projectRef);
    assertValidForks(request.forks, project, base);
    assertAwake(base);
    const forks = request.forks.map(fork => ({ ...fork }));
    const kept = new Set(forks.map(f => f.service));
    const removed = sandbox.forks
      .map(f => f.service)
      .filter(service => !kept.has(service));
    const operation = await this.deps.knex.transaction(async tx => {
      const started = await this.enqueue(
        base,
        id,
        'sandbox-update',
        `Update sandbox ${sandbox.name}`,
        { sandboxId: id, removed },
        actor,
        tx,
      );
      await this.deps.store.update(
        id,
        { forks, expiresAt, operationId: started.id },
        tx,
      );
      return started;
    });
    return { sandbox: await this.get(id), operation };
  }

  async delete(id: string, actor: OperationActor): Promise<SandboxChange> {
    const sandbox = await this.deps.store.get(id);
    const base = await this.deps.environments.getById(
      sandbox.baseEnvironmentId,
    );
    const operation = await this.deps.knex.transaction(async tx => {
      const started = await this.enqueue(
        base,
        id,
        'sandbox-delete',
        `Delete sandbox ${sandbox.name}`,
        { sandboxId: id },
        actor,
        tx,
      );
      await this.deps.store.update(
        id,
        { status: 'deleting', operationId: started.id },
        tx,
      );
      return started;
    });
    return { sandbox: await this.get(id), operation };
  }

  async readiness(base: BerthEnvironment): Promise<SandboxReadiness> {
    const routingDriver = this.deps.config.routingDriverFor(base.cluster);
    const checks: SandboxReadiness['checks'] = [];
    const isSandbox = await this.deps.store.exists(base.id);
    checks.push({
      name: 'Not a sandbox',
      ok: !isSandbox,
      ...(isSandbox && { message: `'${base.name}' is itself a sandbox` }),
    });
    checks.push({
      name: 'Awake',
      ok: !base.sleeping,
      ...(base.sleeping && { message: `'${base.name}' is asleep` }),
    });
    try {
      const driver = this.deps.runtime.driver(routingDriver);
      const result = await driver.checkBase(
        {
          environmentId: base.id,
          cluster: base.cluster,
          namespace: base.namespace,
        },
        { logger: this.deps.logger, cluster: base.cluster },
      );
      checks.push(...result.checks);
    } catch (error) {
      checks.push({
        name: 'Routing driver',
        ok: false,
        message: stringifyError(error),
      });
    }
    return {
      ready: checks.every(c => c.ok),
      routingDriver,
      checks,
      ttl: {
        defaultHours: this.deps.config.defaultTtlHours,
        maxHours: this.deps.config.maxTtlHours,
      },
    };
  }

  async traffic(id: string): Promise<SandboxTraffic> {
    const sandbox = await this.deps.store.get(id);
    // A fork's Kubernetes Services are the base's Services of that service.
    const forkServices = new Map<string, string[]>();
    try {
      for (const service of await this.deps.runtime.baseServices(sandbox)) {
        const owner = berthServiceOf(service);
        if (!owner) continue;
        forkServices.set(owner, [
          ...(forkServices.get(owner) ?? []),
          service.metadata!.name!,
        ]);
      }
    } catch (error) {
      this.deps.logger.warn(
        `Could not list the Services of '${sandbox.baseNamespace}' on '${
          sandbox.cluster
        }'; forks are matched by service name: ${stringifyError(error)}`,
      );
    }
    return this.deps.traffic.traffic(sandbox, forkServices);
  }

  async explainRoute(
    base: BerthEnvironment,
    request: ExplainRouteRequest,
  ): Promise<RouteExplanation> {
    if (!request || typeof request.service !== 'string' || !request.service) {
      throw new InputError('Name the service to explain (service)');
    }
    const driver = this.deps.runtime.driver(
      this.deps.config.routingDriverFor(base.cluster),
    );
    const explanation = await driver.explainRoute(
      {
        base: {
          environmentId: base.id,
          cluster: base.cluster,
          namespace: base.namespace,
        },
        service: request.service,
        headers: request.headers ?? {},
        host: request.host,
        path: request.path,
        method: request.method,
      },
      { logger: this.deps.logger, cluster: base.cluster },
    );
    return {
      backend: explanation.backend,
      reason: explanation.reason,
      ...(explanation.sandbox && { sandbox: explanation.sandbox }),
      ...(explanation.matched && { matched: explanation.matched }),
    };
  }

  /** 409 naming what the base lacks, when the routing driver says it is not ready. */
  private async assertBaseReady(base: BerthEnvironment, driverKey: string) {
    if (!this.deps.runtime.hasDriver(driverKey)) {
      throw new ConflictError(
        `Cluster '${base.cluster}' routes sandboxes with '${driverKey}', which no installed routing driver provides`,
      );
    }
    const readiness = await this.readiness(base);
    const failed = readiness.checks.filter(c => !c.ok);
    if (failed.length > 0) {
      throw new ConflictError(
        `Environment '${base.name}' is not ready for sandboxes: ${failed
          .map(c => (c.message ? `${c.name}: ${c.message}` : c.name))
          .join('; ')}`,
      );
    }
  }

  private enqueue(
    base: Pick<BerthEnvironment, 'id' | 'projectRef'>,
    sandboxId: string,
    kind: OperationKind,
    title: string,
    spec: SandboxOperationSpec,
    actor: OperationActor,
    tx: Knex.Transaction,
  ): Promise<BerthOperation> {
    return this.deps.engine.enqueue(
      {
        kind,
        title,
        spec,
        projectRef: base.projectRef,
        environmentId: base.id,
        lockKey: sandboxLockKey(sandboxId),
        actor: actor.ref,
        actorType: actor.type,
      },
      undefined,
      tx,
    );
  }

  /** The API's view: the routing key and preview URLs added, base details left out. */
  toPublic(sandbox: StoredSandbox): BerthSandbox {
    const {
      baseNamespace: _baseNamespace,
      baseTier: _baseTier,
      ownerRef: _ownerRef,
      ...rest
    } = sandbox;
    return {
      ...rest,
      routingKey: sandboxRoutingKey(sandbox.name),
      previewUrls: sandbox.previewHosts
        .map(host => this.deps.previewUrl?.(sandbox.cluster, host))
        .filter((url): url is string => Boolean(url)),
    };
  }
}
