import { ResponseError } from '@backstage/errors';
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
  sandboxRoutingKey,
  SandboxReadiness,
  SandboxesApi,
  SandboxFork,
  SandboxTraffic,
  UpdateSandboxRequest,
} from '@berth/plugin-berth-common';
import { dnsLabelProblem } from '../backendRules';
import {
  OperationRequest,
  plainSteps,
} from '../operations/FakeOperationsBackend';

/** What the fake backend holds of sandboxes. */
export interface FakeSandboxesData {
  sandboxes: BerthSandboxDetails[];
  /** Readiness by base environment id; a base without an entry is ready (gateway-api). */
  readiness: Record<string, SandboxReadiness>;
  /** The TTL limits, which every base's readiness also reports. */
  defaultTtlHours: number;
  maxTtlHours: number;
  /**
   * What the traffic source saw, by sandbox id; a sandbox without an entry
   * was reached by no request with its key (every fork not reached).
   */
  traffic: Record<string, SandboxTraffic>;
}

/** No sandboxes, every base ready, the backend's default TTLs (8 h, at most 72 h), no traffic seen. */
export function emptySandboxesData(): FakeSandboxesData {
  return {
    sandboxes: [],
    readiness: {},
    defaultTtlHours: 8,
    maxTtlHours: 72,
    traffic: {},
  };
}

/** What the sandbox part needs of the rest of the fake backend. */
export interface FakeSandboxesHost {
  environment(id: string): Promise<BerthEnvironment>;
  /** The caller's user entity ref. */
  actor(): string;
  now(): string;
  /** Whether the backend denies the caller a permission, by name (a 403). */
  denied(permission: string): boolean;
  /** Fails every call, as when the backend cannot be reached. */
  check(): void;
  /** Starts an operation on the base (a fork change), or queues it. */
  startOperation(request: OperationRequest): Promise<BerthOperation>;
  httpError(
    status: number,
    name: string,
    message: string,
  ): Promise<ResponseError>;
}

/** A ready gateway-api base: every check passes. */
export function readyReadiness(): SandboxReadiness {
  return {
    ready: true,
    routingDriver: 'gateway-api',
    checks: [
      { name: 'crds', ok: true, message: 'Gateway API CRDs installed' },
      { name: 'routes-accepted', ok: true },
      { name: 'services', ok: true },
      { name: 'not-opted-out', ok: true },
      { name: 'awake', ok: true },
    ],
    ttl: { defaultHours: 8, maxHours: 72 },
  };
}

/** What a traffic source that saw no request with the sandbox's key reports. */
export function noTrafficSeen(sandbox: BerthSandbox): SandboxTraffic {
  return {
    observed: true,
    source: 'Traefik access log',
    services: [],
    forksNotReached: sandbox.forks.map(f => f.service),
  };
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function summaryOf(details: BerthSandboxDetails): BerthSandbox {
  const { forkStatus: _forkStatus, ...sandbox } = clone(details);
  return sandbox;
}

const HOUR_MS = 3_600_000;

/** The anchored baggage match of the spec, for one sandbox name. */
function baggageMatches(baggage: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^(.*,)?[ \\t]*berth-sandbox[ \\t]*=[ \\t]*${escaped}[ \\t]*([;,].*)?$`,
  ).test(baggage);
}

/**
 * The sandbox routes of an in-memory Berth backend: it validates what the
 * backend validates (base readiness, names, forks, TTL, asleep, sandbox of
 * a sandbox, permissions), answers 4xx ResponseErrors with a message, and
 * explains routes with the routing key's rules (x-env exact, the anchored
 * baggage member).
 */
export class FakeSandboxesBackend implements SandboxesApi {
  readonly data: FakeSandboxesData;
  /** Every call, as `[method, ...args]`, for tests that check what was asked. */
  readonly calls: Array<[string, ...unknown[]]> = [];
  private ids = 0;

  constructor(
    data: FakeSandboxesData,
    private readonly host: FakeSandboxesHost,
  ) {
    this.data = data;
  }

  async listEnvironmentSandboxes(
    environmentId: string,
  ): Promise<BerthSandbox[]> {
    this.call('listEnvironmentSandboxes', environmentId);
    await this.host.environment(environmentId);
    return this.readable()
      .filter(s => s.baseEnvironmentId === environmentId)
      .map(summaryOf);
  }

  async createSandbox(
    environmentId: string,
    request: CreateSandboxRequest,
  ): Promise<SandboxChange> {
    this.call('createSandbox', environmentId, request);
    await this.refuseDenied('berth.sandbox.create', 'create');
    if (this.data.sandboxes.some(s => s.id === environmentId)) {
      await this.fail(
        400,
        'InputError',
        'A sandbox cannot be the base of a sandbox',
      );
    }
    const base = await this.host.environment(environmentId);
    const nameProblem = dnsLabelProblem('Sandbox name', request.name);
    if (nameProblem) await this.fail(400, 'InputError', nameProblem);
    if (request.name.length > 30) {
      await this.fail(
        400,
        'InputError',
        `Sandbox name '${request.name}' is ${request.name.length} characters long, more than 30`,
      );
    }
    if (base.sleeping) {
      await this.fail(
        409,
        'ConflictError',
        `Environment '${base.name}' is asleep: wake it first`,
      );
    }
    const readiness = this.readinessOf(environmentId);
    if (!readiness.ready) {
      const missing = readiness.checks
        .filter(c => !c.ok)
        .map(c => (c.message ? `${c.name} (${c.message})` : c.name));
      await this.fail(
        409,
        'ConflictError',
        `Environment '${base.name}' is not ready for sandboxes: ${missing.join(
          ', ',
        )}`,
      );
    }
    if (
      this.data.sandboxes.some(
        s => s.baseEnvironmentId === environmentId && s.name === request.name,
      )
    ) {
      await this.fail(
        409,
        'ConflictError',
        `Environment '${base.name}' already has a sandbox named '${request.name}'`,
      );
    }
    await this.refuseForks(base, request.forks);
    const ttlHours = request.ttlHours ?? this.data.defaultTtlHours;
    await this.refuseTtl(ttlHours);
    const now = this.host.now();
    const host = `${request.name}.${base.namespace}.example.test`;
    this.ids += 1;
    const sandbox: BerthSandboxDetails = {
      id: `sbx-${this.ids}`,
      name: request.name,
      projectRef: base.projectRef,
      baseEnvironmentId: base.id,
      baseEnvironmentName: base.name,
      cluster: base.cluster,
      namespace: `${base.namespace}-${request.name}`,
      routingDriver: readiness.routingDriver,
      createdBy: this.host.actor(),
      createdAt: now,
      updatedAt: now,
      expiresAt: this.hoursFrom(now, ttlHours),
      status: 'creating',
      forks: clone(request.forks),
      routingKey: sandboxRoutingKey(request.name),
      previewHosts: [host],
      previewUrls: [`http://${host}`],
      warnings: [],
      forkStatus: request.forks.map(f => ({
        service: f.service,
        status: 'Deploying',
        ready: 0,
        desired: 1,
        images: Object.values(f.images ?? {}),
      })),
    };
    this.data.sandboxes.push(sandbox);
    return { sandbox: summaryOf(sandbox) };
  }

  async getSandboxReadiness(environmentId: string): Promise<SandboxReadiness> {
    this.call('getSandboxReadiness', environmentId);
    await this.host.environment(environmentId);
    return clone(this.readinessOf(environmentId));
  }

  async explainRoute(
    environmentId: string,
    request: ExplainRouteRequest,
  ): Promise<RouteExplanation> {
    this.call('explainRoute', environmentId, request);
    const base = await this.host.environment(environmentId);
    if (!(request.service in base.services)) {
      await this.fail(
        400,
        'InputError',
        `Environment '${base.name}' has no service named '${request.service}'`,
      );
    }
    const headers = request.headers ?? {};
    const routed = this.readable().filter(
      s =>
        s.baseEnvironmentId === environmentId &&
        (s.status === 'ready' || s.status === 'degraded') &&
        s.forks.some(f => f.service === request.service),
    );
    const matching = routed.filter(
      s =>
        headers['x-env'] === s.name ||
        baggageMatches(headers.baggage ?? '', s.name),
    );
    const baseRule = `${request.service}: base route`;
    const chosen = matching[0];
    if (!chosen) {
      return {
        backend: `${request.service}.${base.namespace}.svc.cluster.local`,
        reason: 'No sandbox route matched the headers: the base route',
        matched: [baseRule],
      };
    }
    return {
      backend: `${request.service}.${chosen.namespace}.svc.cluster.local`,
      sandbox: chosen.name,
      reason: `berth-sandbox-${chosen.name}-${request.service} matched (more header matches than the base route)`,
      matched: [
        ...matching.map(s => `berth-sandbox-${s.name}-${request.service}`),
        baseRule,
      ],
    };
  }

  async listSandboxes(query: ListSandboxesQuery = {}): Promise<BerthSandbox[]> {
    this.call('listSandboxes', query);
    return this.readable()
      .filter(s => !query.mine || s.createdBy === this.host.actor())
      .filter(s => !query.projectRef || s.projectRef === query.projectRef)
      .map(summaryOf);
  }

  async getSandbox(id: string): Promise<BerthSandboxDetails> {
    this.call('getSandbox', id);
    return clone(await this.sandbox(id));
  }

  async updateSandbox(
    id: string,
    request: UpdateSandboxRequest,
  ): Promise<SandboxChange> {
    this.call('updateSandbox', id, request);
    const sandbox = await this.sandbox(id);
    await this.refuseDenied('berth.sandbox.update', 'update');
    if (request.ttlHours !== undefined) {
      await this.refuseTtl(request.ttlHours);
    }
    const now = this.host.now();
    if (request.ttlHours !== undefined) {
      sandbox.expiresAt = this.hoursFrom(now, request.ttlHours);
    }
    sandbox.updatedAt = now;
    if (!request.forks) return { sandbox: summaryOf(sandbox) };
    const operation = await this.changeForks(sandbox, request.forks);
    return { sandbox: summaryOf(sandbox), operation };
  }

  async getSandboxTraffic(id: string): Promise<SandboxTraffic> {
    this.call('getSandboxTraffic', id);
    const sandbox = await this.sandbox(id);
    return clone(this.data.traffic[id] ?? noTrafficSeen(sandbox));
  }

  async deleteSandbox(id: string): Promise<SandboxChange> {
    this.call('deleteSandbox', id);
    const sandbox = await this.sandbox(id);
    await this.refuseDenied('berth.sandbox.delete', 'delete');
    sandbox.status = 'deleting';
    sandbox.updatedAt = this.host.now();
    return { sandbox: summaryOf(sandbox) };
  }

  /** For tests: the operations of the sandboxes finish (created ones are ready, deleted ones gone). */
  settle(): void {
    this.data.sandboxes = this.data.sandboxes.filter(
      s => s.status !== 'deleting',
    );
    for (const sandbox of this.data.sandboxes) {
      if (sandbox.status !== 'creating') continue;
      sandbox.status = 'ready';
      sandbox.routesWrittenAt = this.host.now();
      sandbox.forkStatus = sandbox.forkStatus.map(f => ({
        ...f,
        status: 'Running',
        ready: f.desired,
      }));
    }
  }

  private call(method: string, ...args: unknown[]): void {
    this.calls.push([method, ...clone(args)]);
    this.host.check();
  }

  /** The sandboxes the caller may read (all of them, unless read is denied). */
  private readable(): BerthSandboxDetails[] {
    return this.host.denied('berth.sandbox.read') ? [] : this.data.sandboxes;
  }

  private readinessOf(environmentId: string): SandboxReadiness {
    return {
      ...(this.data.readiness[environmentId] ?? readyReadiness()),
      ttl: {
        defaultHours: this.data.defaultTtlHours,
        maxHours: this.data.maxTtlHours,
      },
    };
  }

  /**
   * As the backend: the sandbox keeps its status while a `sandbox-update`
   * operation on the base redeploys the forks (new ones deploying, dropped
   * ones gone) and rewrites the routes.
   */
  private async changeForks(
    sandbox: BerthSandboxDetails,
    forks: SandboxFork[],
  ): Promise<BerthOperation> {
    const base = await this.host.environment(sandbox.baseEnvironmentId);
    await this.refuseForks(base, forks);
    if (base.sleeping) {
      await this.fail(
        409,
        'ConflictError',
        `Environment '${base.name}' is asleep: wake it first`,
      );
    }
    const operation = await this.host.startOperation({
      kind: 'sandbox-update',
      environment: base,
      title: `Update sandbox ${sandbox.name}`,
      steps: plainSteps(['forks', 'Forks'], ['routes', 'Routes']),
    });
    const before = new Map(sandbox.forkStatus.map(f => [f.service, f]));
    sandbox.forks = clone(forks);
    sandbox.operationId = operation.id;
    sandbox.forkStatus = forks.map(
      f =>
        before.get(f.service) ?? {
          service: f.service,
          status: 'Deploying',
          ready: 0,
          desired: 1,
          images: Object.values(f.images ?? {}),
        },
    );
    return operation;
  }

  /** As the backend's assertValidForks: at least one, each a distinct service of the base. */
  private async refuseForks(base: BerthEnvironment, forks: SandboxFork[]) {
    if (forks.length === 0) {
      await this.fail(
        400,
        'InputError',
        'A sandbox forks at least one service (forks)',
      );
    }
    const seen = new Set<string>();
    for (const fork of forks) {
      if (!(fork.service in base.services)) {
        await this.fail(
          400,
          'InputError',
          `Environment '${base.name}' has no service named '${fork.service}' to fork`,
        );
      }
      if (seen.has(fork.service)) {
        await this.fail(
          400,
          'InputError',
          `Service '${fork.service}' is forked twice`,
        );
      }
      seen.add(fork.service);
    }
  }

  private hoursFrom(iso: string, hours: number): string {
    return new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();
  }

  private async sandbox(id: string): Promise<BerthSandboxDetails> {
    const found = this.readable().find(s => s.id === id);
    if (!found)
      await this.fail(404, 'NotFoundError', `No sandbox with id '${id}'`);
    return found!;
  }

  private async refuseTtl(ttlHours: number): Promise<void> {
    if (!Number.isInteger(ttlHours) || ttlHours < 1) {
      await this.fail(
        400,
        'InputError',
        `ttlHours must be a whole number of hours, at least 1`,
      );
    }
    if (ttlHours > this.data.maxTtlHours) {
      await this.fail(
        400,
        'InputError',
        `ttlHours ${ttlHours} is beyond the maximum of ${this.data.maxTtlHours} hours`,
      );
    }
  }

  private async refuseDenied(permission: string, action: string) {
    if (this.host.denied(permission)) {
      await this.fail(
        403,
        'NotAllowedError',
        `You may not ${action} this sandbox`,
      );
    }
  }

  private async fail(status: number, name: string, message: string) {
    throw await this.host.httpError(status, name, message);
  }
}
