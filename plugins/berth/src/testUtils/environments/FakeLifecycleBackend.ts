import {
  ApplyEnvironmentConfigRequest,
  BerthEnvironment,
  BerthOperation,
  BerthProject,
  BerthRegistry,
  CopyEnvironmentRequest,
  CopyEnvironmentResponse,
  DeploymentDiff,
  DeploymentRecord,
  ENVIRONMENT_CONFIG_KINDS,
  EnvironmentConfig,
  EnvironmentConfigChange,
  EnvironmentConfigChangeResult,
  EnvironmentConfigKind,
  EnvironmentDrift,
  EnvironmentRegistry,
  EnvironmentServiceSettings,
  EnvironmentSleep,
  EnvironmentStatus,
  ImageCheck,
  ObjectDiff,
  OperationKind,
  OperationStarted,
  OperationStep,
  RollbackResult,
  SECRET_VALUE_MASK,
  ServiceDrift,
  SetSleepScheduleRequest,
  SleepSchedule,
  ValuesChangePreview,
  ValuesChangeResult,
} from '@berth/plugin-berth-common';
import { structuredPatch } from 'diff';
import { parse, parseAllDocuments, stringify } from 'yaml';
import {
  OperationRequest,
  plainSteps,
} from '../operations/FakeOperationsBackend';
import { FakeHost } from '../fakeHost';
import { yamlProblem } from '../backendRules';

/** What the fake backend knows about environment lifecycles (issue #6). */
export interface FakeLifecycleData {
  /** Sleep of each sleeping environment, by id. */
  sleeps: Record<string, EnvironmentSleep>;
  /** Sleep schedules by environment id. */
  schedules: Record<string, SleepSchedule>;
  /**
   * Configs by environment id, as live in the cluster: Secret values are
   * held here (the "cluster") and only ever answered masked.
   */
  configs: Record<string, EnvironmentConfig[]>;
  configHistory: EnvironmentConfigChange[];
  registries: BerthRegistry[];
  /** Registry overrides by environment id. */
  registryOverrides: Record<string, string>;
  /** Drift of services by environment id; services absent are InSync. */
  drift: Record<string, ServiceDrift[]>;
  /** Merged values and manifest as deployed, by deployment record id. */
  snapshots: Record<string, { values: string; manifest: string }>;
  /** Images no longer in their registry. */
  missingImages: string[];
}

/** What the lifecycle part needs of the rest of the fake backend. */
export interface FakeLifecycleHost extends FakeHost {
  environments(): BerthEnvironment[];
  deployments(): DeploymentRecord[];
  status(id: string): EnvironmentStatus;
  publish(status: EnvironmentStatus): void;
  /** Deploys a service with its settings and returns the new record. */
  deploy(environment: BerthEnvironment, service: string): DeploymentRecord;
  /** Starts an operation, or queues it; 409 when it conflicts. */
  startOperation(request: OperationRequest): Promise<BerthOperation>;
  /** The steps of a deploy of these services, by start-order group. */
  deploySteps(
    environment: BerthEnvironment,
    services: string[],
  ): Promise<OperationStep[]>;
  /** Creates an environment; its deploy is an operation of this kind and title. */
  create(
    project: BerthProject,
    request: CopyEnvironmentRequest & {
      services: Record<string, EnvironmentServiceSettings>;
    },
    kind: OperationKind,
    title: (environment: BerthEnvironment, deploy: boolean) => string,
  ): Promise<{ environment: BerthEnvironment; operation?: BerthOperation }>;
}

export function emptyLifecycleData(): FakeLifecycleData {
  return {
    sleeps: {},
    schedules: {},
    configs: {},
    configHistory: [],
    registries: [],
    registryOverrides: {},
    drift: {},
    snapshots: {},
    missingImages: [],
  };
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** A unified diff of two texts, without file headers; '' when equal. */
export function unifiedDiff(before: string, after: string): string {
  if (before === after) return '';
  const patch = structuredPatch('before', 'after', before, after, '', '', {
    context: 3,
  });
  return patch.hunks
    .map(h =>
      [
        `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
        ...h.lines,
      ].join('\n'),
    )
    .join('\n');
}

function objectsOf(manifest: string): Map<string, Record<string, any>> {
  const objects = new Map<string, Record<string, any>>();
  for (const doc of parseAllDocuments(manifest)) {
    const object = doc.toJS() as Record<string, any> | null;
    if (object?.kind) {
      objects.set(`${object.kind}/${object.metadata?.name}`, object);
    }
  }
  return objects;
}

/** Rendered manifests compared object by object. */
export function diffManifests(before: string, after: string): ObjectDiff[] {
  const from = objectsOf(before);
  const to = objectsOf(after);
  const keys = [...new Set([...from.keys(), ...to.keys()])];
  return keys.map(key => {
    const a = from.get(key);
    const b = to.get(key);
    const object = (b ?? a)!;
    const aText = a ? stringify(a) : '';
    const bText = b ? stringify(b) : '';
    let change: ObjectDiff['change'] = 'changed';
    if (!a) change = 'added';
    else if (!b) change = 'removed';
    else if (aText === bText) change = 'unchanged';
    return {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata?.name,
      change,
      diff: unifiedDiff(aText, bText),
    };
  });
}

function summaryOf(objects: ObjectDiff[]) {
  const count = (c: ObjectDiff['change']) =>
    objects.filter(o => o.change === c).length;
  return {
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    unchanged: count('unchanged'),
  };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, over: unknown): unknown {
  if (!isMapping(base) || !isMapping(over)) return over ?? base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    merged[key] = merge(base[key], value);
  }
  return merged;
}

function sourceOf(
  override: string | undefined,
  clusterDefault: BerthRegistry | undefined,
): EnvironmentRegistry['source'] {
  if (override) return 'environment';
  return clusterDefault ? 'cluster' : 'none';
}

function kindOf(kind: string): EnvironmentConfigKind | undefined {
  return ENVIRONMENT_CONFIG_KINDS.find(
    k => k.toLowerCase() === kind.toLowerCase(),
  );
}

/**
 * Copy, sleep/wake and schedules, configs, history diffs and rollback,
 * drift, environment-wide values and registries, answered the way the
 * backend answers them (issue #6), on top of {@link FakeBerthApi}.
 */
export class FakeLifecycleBackend {
  constructor(
    readonly data: FakeLifecycleData,
    private readonly host: FakeLifecycleHost,
  ) {}

  private fail(status: number, name: string, message: string): Promise<never> {
    return this.host.httpError(status, name, message).then(e => {
      throw e;
    });
  }

  private async forbidUnless(permission: string, what: string) {
    if (this.host.denied(permission)) {
      await this.fail(403, 'NotAllowedError', `You may not ${what}`);
    }
  }

  // Sleep and wake

  async refuseWhileAsleep(environment: BerthEnvironment): Promise<void> {
    if (this.data.sleeps[environment.id]) {
      await this.fail(
        409,
        'ConflictError',
        `Environment '${environment.name}' is asleep; wake it first`,
      );
    }
  }

  async getSleep(id: string): Promise<EnvironmentSleep> {
    await this.host.environment(id);
    return clone(
      this.data.sleeps[id] ?? {
        environmentId: id,
        sleeping: false,
        workloads: [],
        schedule: this.data.schedules[id],
      },
    );
  }

  async sleep(id: string): Promise<EnvironmentSleep & OperationStarted> {
    const environment = await this.host.environment(id);
    await this.forbidUnless(
      'berth.environment.sleep',
      `put ${environment.name} to sleep`,
    );
    if (this.data.sleeps[id]) {
      await this.fail(
        409,
        'ConflictError',
        `Environment '${environment.name}' is already asleep`,
      );
    }
    const operation = await this.host.startOperation({
      kind: 'sleep',
      environment,
      title: `Sleep ${environment.name}`,
      steps: plainSteps(
        ['record', 'Record replicas'],
        ['scale-down', 'Scale down'],
      ),
      finishesAtStart: true,
      begin: () => this.putToSleep(environment),
      summary: `Asleep: ${
        this.host.status(id).services.length
      } workload(s) recorded and scaled down`,
    });
    return { ...(await this.getSleep(id)), operation };
  }

  /** What a sleep operation does: record the replicas, scale to zero. */
  private putToSleep(environment: BerthEnvironment) {
    const id = environment.id;
    const status = this.host.status(id);
    const sleep: EnvironmentSleep = {
      environmentId: id,
      sleeping: true,
      state: 'asleep',
      since: this.host.now(),
      actor: this.host.actor(),
      workloads: status.services.map(s => ({
        kind: 'Deployment',
        name: s.service,
        service: s.service,
        replicas: s.replicas,
      })),
      schedule: this.data.schedules[id],
    };
    this.data.sleeps[id] = sleep;
    environment.sleeping = true;
    environment.sleepState = 'asleep';
    this.host.publish({
      ...status,
      services: status.services.map(s => ({
        ...s,
        status: 'Sleeping',
        readyReplicas: 0,
        replicas: 0,
        message: 'Asleep',
      })),
      updatedAt: this.host.now(),
    });
  }

  async wake(id: string): Promise<EnvironmentSleep & OperationStarted> {
    const environment = await this.host.environment(id);
    await this.forbidUnless(
      'berth.environment.sleep',
      `wake ${environment.name}`,
    );
    const sleep = this.data.sleeps[id];
    if (!sleep || sleep.state !== 'asleep') {
      await this.fail(
        409,
        'ConflictError',
        sleep
          ? `Environment '${environment.name}' is already waking`
          : `Environment '${environment.name}' is not asleep`,
      );
    }
    const groups = (
      await this.host.deploySteps(
        environment,
        Object.keys(environment.services),
      )
    ).filter(step => !step.parent);
    // As the backend: a step for the CronJobs only when sleep suspended some.
    const cronJobs = sleep!.workloads.some(w => w.kind === 'CronJob');
    const operation = await this.host.startOperation({
      kind: 'wake',
      environment,
      title: `Wake ${environment.name}`,
      steps: [
        ...groups,
        ...(cronJobs ? plainSteps(['cronjobs', 'CronJobs']) : []),
      ],
      summary: `Awake: ${groups.length} start-order group(s) restored`,
      begin: () => this.startWaking(environment, sleep),
    });
    return { ...(await this.getSleep(id)), operation };
  }

  /** What a wake operation does first: replicas come back, group by group. */
  private startWaking(environment: BerthEnvironment, sleep: EnvironmentSleep) {
    sleep.state = 'waking';
    sleep.since = this.host.now();
    environment.sleepState = 'waking';
    const replicas = new Map(sleep.workloads.map(w => [w.service, w.replicas]));
    const status = this.host.status(environment.id);
    this.host.publish({
      ...status,
      services: status.services.map(s => ({
        ...s,
        status: 'Deploying',
        replicas: replicas.get(s.service) ?? s.replicas,
        message: undefined,
      })),
      updatedAt: this.host.now(),
    });
  }

  /** Finishes a wake in progress, as the backend does once every group is ready. */
  settle(id: string): void {
    if (this.data.sleeps[id]?.state !== 'waking') return;
    delete this.data.sleeps[id];
    const environment = this.host.environments().find(e => e.id === id);
    if (environment) {
      delete environment.sleeping;
      delete environment.sleepState;
    }
  }

  async setSchedule(
    id: string,
    request: SetSleepScheduleRequest,
  ): Promise<SleepSchedule> {
    const environment = await this.host.environment(id);
    await this.forbidUnless(
      'berth.environment.sleep',
      `set the schedules of ${environment.name}`,
    );
    for (const [name, cron] of [
      ['sleep', request.sleepCron],
      ['wake', request.wakeCron],
    ] as const) {
      if (!cron) continue;
      const fields = cron.trim().split(/\s+/);
      if (fields.length !== 5) {
        await this.fail(
          400,
          'InputError',
          `The ${name} cron '${cron}' must have five fields: minute hour day-of-month month day-of-week`,
        );
      }
      if (!fields.every(f => CRON_FIELD.test(f))) {
        await this.fail(
          400,
          'InputError',
          `The ${name} cron '${cron}' does not parse: give 5 fields (minute hour day-of-month month day-of-week)`,
        );
      }
    }
    const timeZone = request.timeZone ?? 'UTC';
    try {
      new Intl.DateTimeFormat('en', { timeZone }).format();
    } catch {
      await this.fail(
        400,
        'InputError',
        `Unknown time zone '${timeZone}': give an IANA name such as 'Europe/Berlin' or 'UTC'`,
      );
    }
    const schedule: SleepSchedule = {
      ...(request.sleepCron ? { sleepCron: request.sleepCron } : {}),
      ...(request.wakeCron ? { wakeCron: request.wakeCron } : {}),
      timeZone,
      ...(request.sleepCron ? { nextSleepAt: '2026-01-10T20:00:00Z' } : {}),
      ...(request.wakeCron ? { nextWakeAt: '2026-01-11T07:00:00Z' } : {}),
    };
    if (!schedule.sleepCron && !schedule.wakeCron) {
      delete this.data.schedules[id];
    } else {
      this.data.schedules[id] = schedule;
    }
    return clone(schedule);
  }

  async deleteSchedule(id: string): Promise<void> {
    const environment = await this.host.environment(id);
    await this.forbidUnless(
      'berth.environment.sleep',
      `set the schedules of ${environment.name}`,
    );
    delete this.data.schedules[id];
  }

  // Copy

  async copy(
    id: string,
    request: CopyEnvironmentRequest,
  ): Promise<CopyEnvironmentResponse & { operation?: BerthOperation }> {
    const source = await this.host.environment(id);
    await this.forbidUnless('berth.environment.copy', `copy ${source.name}`);
    if (source.tier === 'production') {
      await this.forbidUnless(
        'berth.environment.copy.production',
        `copy the production environment ${source.name}: that needs the permission berth.environment.copy.production`,
      );
    }
    const project = await this.host.project(source.projectRef);
    const services: Record<string, EnvironmentServiceSettings> = {};
    const pinned: CopyEnvironmentResponse['services'] = {};
    for (const [name, settings] of Object.entries(source.services)) {
      const live = this.host.status(id).services.find(s => s.service === name);
      const images = settings.images ?? {};
      pinned[name] = {
        revision: live?.revision ?? settings.revision ?? 1,
        images,
      };
      services[name] = {
        ...settings,
        revision: pinned[name].revision,
        ...request.services?.[name],
      };
    }
    const { environment, operation } = await this.host.create(
      project,
      {
        ...request,
        cluster: request.cluster ?? source.cluster,
        tier: request.tier ?? source.tier,
        values: request.values ?? source.values,
        services,
      },
      'copy',
      (copy, deploy) =>
        `Copy ${source.name} to ${copy.name}${deploy ? ' and deploy' : ''}`,
    );
    return {
      environment,
      sourceId: id,
      services: pinned,
      ...(operation ? { operation } : {}),
    };
  }

  // History and rollback

  async diff(
    id: string,
    service: string,
    fromId: string,
    toId: string,
  ): Promise<DeploymentDiff> {
    const from = await this.record(id, service, fromId);
    const to = await this.record(id, service, toId);
    const a = this.data.snapshots[fromId];
    const b = this.data.snapshots[toId];
    const objects = a && b ? diffManifests(a.manifest, b.manifest) : [];
    return {
      from: clone(from),
      to: clone(to),
      values: a && b ? unifiedDiff(a.values, b.values) : '',
      settings: unifiedDiff(
        stringify(from.settings ?? {}),
        stringify(to.settings ?? {}),
      ),
      objects,
      summary: summaryOf(objects),
      ...(a && b
        ? {}
        : {
            message:
              'A record predates snapshots: only the settings are compared',
          }),
    };
  }

  private async record(
    id: string,
    service: string,
    recordId: string,
  ): Promise<DeploymentRecord> {
    const environment = await this.host.environment(id);
    const record = this.host.deployments().find(d => d.id === recordId);
    if (!record) {
      await this.fail(
        404,
        'NotFoundError',
        `No deployment record with id '${recordId}'`,
      );
    }
    if (record!.environmentId !== id || record!.service !== service) {
      await this.fail(
        400,
        'InputError',
        `Deployment record ${recordId} is of service '${
          record!.service
        }' in environment ${
          record!.environmentId
        }, not of service '${service}' in ${environment.name}`,
      );
    }
    return record!;
  }

  private imageChecks(record: DeploymentRecord): ImageCheck[] {
    return record.images.map(image =>
      this.data.missingImages.includes(image)
        ? {
            image,
            exists: false,
            message: `manifest unknown: ${image} is not in its registry`,
          }
        : { image, exists: true },
    );
  }

  async checkRollback(
    id: string,
    service: string,
    deploymentId: string,
  ): Promise<{ images: ImageCheck[] }> {
    const record = await this.record(id, service, deploymentId);
    return { images: this.imageChecks(record) };
  }

  async rollback(
    id: string,
    service: string,
    deploymentId: string,
  ): Promise<RollbackResult & OperationStarted> {
    const environment = await this.host.environment(id);
    await this.forbidUnless(
      'berth.environment.rollback',
      `roll back services of ${environment.name}`,
    );
    const record = await this.record(id, service, deploymentId);
    if (!record.settings) {
      await this.fail(
        400,
        'InputError',
        `Deployment record ${deploymentId} predates snapshots and cannot be rolled back to`,
      );
    }
    const images = this.imageChecks(record);
    const missing = images.filter(i => !i.exists).map(i => i.image);
    if (missing.length) {
      await this.fail(
        409,
        'ConflictError',
        `Cannot roll ${service} back to ${deploymentId}: ${missing
          .map(image => `image ${image} no longer exists in its registry`)
          .join('; ')}`,
      );
    }
    await this.refuseWhileAsleep(environment);
    const operation = await this.host.startOperation({
      kind: 'rollback',
      environment,
      title: `Roll ${service} back to ${deploymentId}`,
      steps: await this.host.deploySteps(environment, [service]),
      begin: () => {
        environment.services[service] = clone(record.settings!);
        const created = this.host.deploy(environment, service);
        created.rollbackOf = deploymentId;
        const snapshot = this.data.snapshots[deploymentId];
        if (snapshot) this.data.snapshots[created.id] = clone(snapshot);
      },
    });
    return {
      environmentId: id,
      service,
      rollbackOf: deploymentId,
      revision: record.revision,
      images,
      operation,
    };
  }

  // Drift

  async serviceDrift(id: string, service: string): Promise<ServiceDrift> {
    const environment = await this.host.environment(id);
    const project = await this.host.project(environment.projectRef);
    if (!project.services.some(s => s.name === service)) {
      await this.fail(
        400,
        'InputError',
        `Project '${project.name}' has no service named '${service}'`,
      );
    }
    const known = this.data.drift[id]?.find(d => d.service === service);
    if (known) return clone(known);
    // As the backend: without a successful deploy there is nothing to compare.
    const deployed = this.host
      .deployments()
      .some(
        d =>
          d.environmentId === id &&
          d.service === service &&
          d.result === 'succeeded',
      );
    return {
      service,
      state: deployed ? 'InSync' : 'Unknown',
      ...(deployed
        ? {}
        : { reason: 'Never deployed successfully into this environment' }),
      objects: [],
      checkedAt: '2026-01-10T12:00:00Z',
    };
  }

  async environmentDrift(id: string): Promise<EnvironmentDrift> {
    const environment = await this.host.environment(id);
    const services = await Promise.all(
      Object.keys(environment.services).map(s => this.serviceDrift(id, s)),
    );
    const states = services.map(s => s.state);
    let state: EnvironmentDrift['state'] = 'InSync';
    if (states.includes('Drifted')) state = 'Drifted';
    else if (states.includes('Unknown')) state = 'Unknown';
    return {
      environmentId: id,
      state,
      services,
      checkedAt: '2026-01-10T12:00:00Z',
    };
  }

  // Environment-wide values

  private async mergedValues(
    environment: BerthEnvironment,
    values: string,
  ): Promise<Map<string, string>> {
    const project = await this.host.project(environment.projectRef);
    const merged = new Map<string, string>();
    for (const service of project.services) {
      // Environment values are Helm values: manifests services keep theirs.
      if (service.kind !== 'helm') {
        merged.set(service.name, '');
        continue;
      }
      const layers = [
        project.values,
        values,
        environment.services[service.name]?.values ?? '',
      ].map(text => parse(text) ?? {});
      merged.set(service.name, stringify(layers.reduce(merge, {})));
    }
    return merged;
  }

  async previewValues(
    id: string,
    values: string,
  ): Promise<ValuesChangePreview> {
    const environment = await this.host.environment(id);
    const problem = yamlProblem(
      `values of environment '${environment.name}'`,
      values,
    );
    if (problem) await this.fail(400, 'InputError', problem);
    const proposedValues: unknown = parse(values);
    if (
      proposedValues !== null &&
      proposedValues !== undefined &&
      !isMapping(proposedValues)
    ) {
      await this.fail(400, 'InputError', 'Values must be a YAML mapping');
    }
    const current = await this.mergedValues(environment, environment.values);
    const proposed = await this.mergedValues(environment, values);
    const preview: ValuesChangePreview = {
      environmentId: id,
      changed: [],
      unchanged: [],
    };
    for (const [service, before] of current) {
      const after = proposed.get(service)!;
      if (before === after) preview.unchanged.push(service);
      else preview.changed.push({ service, diff: unifiedDiff(before, after) });
    }
    return preview;
  }

  async setValues(
    id: string,
    values: string,
    options: { redeploy?: boolean },
  ): Promise<
    BerthEnvironment & {
      valuesChange?: ValuesChangeResult;
      operation?: BerthOperation;
    }
  > {
    const environment = await this.host.environment(id);
    await this.forbidUnless(
      'berth.environment.update',
      `change the values of ${environment.name}`,
    );
    if (options.redeploy) {
      await this.forbidUnless(
        'berth.environment.deploy',
        `deploy into ${environment.name}`,
      );
      await this.refuseWhileAsleep(environment);
    }
    const preview = await this.previewValues(id, values);
    const redeploying = preview.changed.map(c => c.service);
    const operation =
      options.redeploy && redeploying.length > 0
        ? await this.host.startOperation({
            kind: 'redeploy-values',
            environment,
            title: `Redeploy ${redeploying.join(', ')} with new values`,
            steps: await this.host.deploySteps(environment, redeploying),
            begin: () => {
              for (const service of redeploying) {
                this.host.deploy(environment, service);
              }
            },
          })
        : undefined;
    environment.values = values;
    environment.updatedAt = this.host.now();
    if (!options.redeploy) return clone(environment);
    return {
      ...clone(environment),
      valuesChange: { ...preview, redeploying },
      ...(operation ? { operation } : {}),
    };
  }

  // Registries

  async registry(id: string): Promise<EnvironmentRegistry> {
    const environment = await this.host.environment(id);
    const override = this.data.registryOverrides[id];
    const clusterDefault = this.data.registries.find(r =>
      r.defaultForClusters.includes(environment.cluster),
    );
    const effective = override
      ? this.data.registries.find(r => r.name === override)
      : clusterDefault;
    return clone({
      ...(override ? { override } : {}),
      ...(effective ? { effective } : {}),
      source: sourceOf(override, clusterDefault),
    });
  }

  async setRegistry(
    id: string,
    registry: string | null,
  ): Promise<EnvironmentRegistry> {
    const environment = await this.host.environment(id);
    await this.forbidUnless(
      'berth.environment.update',
      `change the registry of ${environment.name}`,
    );
    if (registry === null) {
      delete this.data.registryOverrides[id];
    } else if (!this.data.registries.some(r => r.name === registry)) {
      await this.fail(
        400,
        'InputError',
        `Unknown image registry '${registry}'; known: ${
          this.data.registries.map(r => r.name).join(', ') ||
          'none (see berth.registries)'
        }`,
      );
    } else {
      this.data.registryOverrides[id] = registry;
    }
    return this.registry(id);
  }

  // Configs

  private masked(config: EnvironmentConfig): EnvironmentConfig {
    if (config.kind !== 'Secret') return clone(config);
    const object = clone(config.object);
    const data = (object.data ?? {}) as Record<string, string>;
    object.data = Object.fromEntries(
      Object.keys(data).map(k => [k, SECRET_VALUE_MASK]),
    );
    return { ...clone(config), object, masked: true };
  }

  async listConfigs(id: string): Promise<EnvironmentConfig[]> {
    await this.host.environment(id);
    return (this.data.configs[id] ?? []).map(c => this.masked(c));
  }

  private async findConfig(
    id: string,
    kind: string,
    name: string,
  ): Promise<EnvironmentConfig> {
    const environment = await this.host.environment(id);
    const found = (this.data.configs[id] ?? []).find(
      c => c.kind === kindOf(kind) && c.name === name,
    );
    if (!found) {
      await this.fail(
        404,
        'NotFoundError',
        `Environment '${environment.name}' has no config ${kind} '${name}' managed by Berth`,
      );
    }
    return found!;
  }

  async getConfig(
    id: string,
    kind: string,
    name: string,
  ): Promise<EnvironmentConfig> {
    return this.masked(await this.findConfig(id, kind, name));
  }

  private async checkObject(
    object: Record<string, any>,
  ): Promise<{ kind: EnvironmentConfigKind; name: string }> {
    const kind = typeof object?.kind === 'string' && kindOf(object.kind);
    if (!kind) {
      await this.fail(
        400,
        'InputError',
        `Config kind ${JSON.stringify(
          object?.kind,
        )} is not one Berth manages; use one of ${ENVIRONMENT_CONFIG_KINDS.join(
          ', ',
        )}`,
      );
    }
    const name = object.metadata?.name;
    if (typeof name !== 'string' || !LABEL.test(name)) {
      await this.fail(
        400,
        'InputError',
        `metadata.name '${name ?? ''}' is not a valid DNS name`,
      );
    }
    return { kind: kind as EnvironmentConfigKind, name };
  }

  private recordChange(
    id: string,
    config: EnvironmentConfig,
    action: EnvironmentConfigChange['action'],
    changedKeys: string[],
    restarted: string[],
  ): EnvironmentConfigChange {
    const change: EnvironmentConfigChange = {
      id: `change-${this.data.configHistory.length + 1}`,
      environmentId: id,
      kind: config.kind,
      name: config.name,
      version: config.version ?? 1,
      action,
      actor: this.host.actor(),
      changedAt: this.host.now(),
      keys: config.keys,
      changedKeys,
      restarted,
      ...(config.kind === 'Secret'
        ? {}
        : { content: stringify(config.object) }),
    };
    this.data.configHistory.unshift(change);
    return clone(change);
  }

  private async apply(
    id: string,
    request: ApplyEnvironmentConfigRequest,
    existing?: EnvironmentConfig,
  ): Promise<EnvironmentConfigChangeResult> {
    const environment = await this.host.environment(id);
    await this.forbidUnless(
      'berth.environment.config',
      `change the configs of ${environment.name}`,
    );
    const { kind, name } = await this.checkObject(request.object);
    const object = clone(request.object) as Record<string, any>;
    if (kind === 'Secret') {
      const previous = (existing?.object.data ?? {}) as Record<string, string>;
      const data: Record<string, string> = { ...(object.data ?? {}) };
      for (const [key, value] of Object.entries(
        (object.stringData ?? {}) as Record<string, string>,
      )) {
        data[key] = Buffer.from(value).toString('base64');
      }
      for (const [key, value] of Object.entries(data)) {
        if (value === SECRET_VALUE_MASK) {
          if (!(key in previous)) {
            await this.fail(
              400,
              'InputError',
              `Secret key '${key}' has no current value to keep`,
            );
          }
          data[key] = previous[key];
        }
      }
      delete object.stringData;
      object.data = data;
    }
    const dataKeys =
      kind === 'Secret' || kind === 'ConfigMap'
        ? Object.keys(object.data ?? {})
        : undefined;
    const before = (existing?.object.data ?? {}) as Record<string, string>;
    const changedKeys = dataKeys
      ? [...new Set([...dataKeys, ...Object.keys(before)])].filter(
          k => before[k] !== (object.data ?? {})[k],
        )
      : [];
    const config: EnvironmentConfig = {
      kind,
      name,
      object,
      masked: false,
      ...(dataKeys ? { keys: dataKeys } : {}),
      version: (existing?.version ?? 0) + 1,
      usedBy: existing?.usedBy ?? [],
      updatedBy: this.host.actor(),
      updatedAt: this.host.now(),
    };
    const configs = (this.data.configs[id] ??= []);
    if (existing) configs.splice(configs.indexOf(existing), 1, config);
    else configs.push(config);
    const restarted = request.restartDependents ? config.usedBy : [];
    const change = this.recordChange(
      id,
      config,
      existing ? 'update' : 'create',
      changedKeys,
      restarted,
    );
    return { config: this.masked(config), change, restarted };
  }

  async createConfig(
    id: string,
    request: ApplyEnvironmentConfigRequest,
  ): Promise<EnvironmentConfigChangeResult> {
    const environment = await this.host.environment(id);
    const { kind, name } = await this.checkObject(request.object);
    if (
      (this.data.configs[id] ?? []).some(
        c => c.kind === kind && c.name === name,
      )
    ) {
      await this.fail(
        409,
        'ConflictError',
        `${kind} '${name}' already exists in namespace '${environment.namespace}'; change a config of Berth's with PUT, and leave objects of others alone`,
      );
    }
    return this.apply(id, request);
  }

  async updateConfig(
    id: string,
    kind: string,
    name: string,
    request: ApplyEnvironmentConfigRequest,
  ): Promise<EnvironmentConfigChangeResult> {
    const existing = await this.findConfig(id, kind, name);
    const object = request.object as Record<string, any>;
    if (
      kindOf(String(object?.kind)) !== existing.kind ||
      object?.metadata?.name !== name
    ) {
      await this.fail(
        400,
        'InputError',
        `The object is ${object?.kind} '${object?.metadata?.name}', not ${existing.kind} '${name}'`,
      );
    }
    return this.apply(id, request, existing);
  }

  async deleteConfig(
    id: string,
    kind: string,
    name: string,
    options: { restartDependents?: boolean },
  ): Promise<EnvironmentConfigChangeResult> {
    const environment = await this.host.environment(id);
    await this.forbidUnless(
      'berth.environment.config',
      `change the configs of ${environment.name}`,
    );
    const existing = await this.findConfig(id, kind, name);
    const configs = this.data.configs[id];
    configs.splice(configs.indexOf(existing), 1);
    const restarted = options.restartDependents ? existing.usedBy : [];
    const change = this.recordChange(
      id,
      { ...existing, version: (existing.version ?? 0) + 1 },
      'delete',
      existing.keys ?? [],
      restarted,
    );
    return { change, restarted };
  }

  async configHistory(
    id: string,
    filter: { kind?: string; name?: string },
  ): Promise<EnvironmentConfigChange[]> {
    await this.host.environment(id);
    return clone(
      this.data.configHistory.filter(
        c =>
          c.environmentId === id &&
          (!filter.kind || c.kind === kindOf(filter.kind)) &&
          (!filter.name || c.name === filter.name),
      ),
    );
  }
}
