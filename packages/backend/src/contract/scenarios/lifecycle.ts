import { EnvironmentConfig } from '@berth/plugin-berth-common';
import { ContractScenario } from '../contract';
import {
  createEnvironment,
  endedView,
  environmentView,
  operationView,
  ownNames,
} from './helpers';

const configView = (config?: EnvironmentConfig) =>
  config && {
    kind: config.kind,
    name: config.name,
    masked: config.masked,
    keys: config.keys,
    version: config.version,
    usedBy: config.usedBy,
    updatedBy: config.updatedBy,
    data: (config.object as { data?: unknown }).data,
  };

const configMap = (name: string, data: Record<string, string>) => ({
  object: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data,
  },
});

/** Sleep and wake, schedules, configs, copies, registries, history and rollback. */
export const lifecycleScenarios: ContractScenario[] = [
  {
    domain: 'lifecycle',
    name: 'sleep records the workloads, refuses deploys, and wake restores them',
    async run(c) {
      const e = await createEnvironment(c, 'sleep', { deploy: true });
      const slept = await c.must('sleep', () => c.api.sleepEnvironment(e.id), {
        pick: r => ({ operation: operationView(r.operation) }),
      });
      c.note('slept', endedView(await c.settle(e.id, slept.operation.id)));
      await c.step('state', () => c.api.getEnvironmentSleep(e.id), {
        pick: s => ({
          sleeping: s.sleeping,
          state: s.state,
          actor: s.actor,
          workloads: s.workloads.map(w => ({
            kind: w.kind,
            service: w.service,
            replicas: w.replicas,
          })),
        }),
      });
      await c.step('status', () => c.api.getEnvironmentStatus(e.id), {
        pick: s => s.status,
      });
      await c.step('deploy while asleep', () => c.api.deployEnvironment(e.id));
      await c.step('scale while asleep', () =>
        c.api.scaleService(e.id, 'hello', 2),
      );
      const woken = await c.must('wake', () => c.api.wakeEnvironment(e.id), {
        pick: r => ({ operation: operationView(r.operation) }),
      });
      c.note('woken', endedView(await c.settle(e.id, woken.operation.id)));
      await c.step('state after', () => c.api.getEnvironmentSleep(e.id), {
        pick: s => ({ sleeping: s.sleeping, state: s.state }),
      });
    },
  },
  {
    domain: 'lifecycle',
    name: 'an environment that is awake is not asleep',
    async run(c) {
      const e = await createEnvironment(c, 'awake');
      await c.step('state', () => c.api.getEnvironmentSleep(e.id), {
        pick: s => ({
          sleeping: s.sleeping,
          workloads: s.workloads,
          schedule: s.schedule,
        }),
      });
    },
  },
  {
    domain: 'lifecycle',
    name: 'a sleep schedule is set, read back and deleted; a bad cron or zone is refused',
    async run(c) {
      const e = await createEnvironment(c, 'sched');
      await c.step(
        'set',
        () =>
          c.api.setSleepSchedule(e.id, {
            sleepCron: '0 20 * * 1-5',
            wakeCron: '0 7 * * 1-5',
            timeZone: 'Europe/Berlin',
          }),
        {
          pick: s => ({
            sleepCron: s.sleepCron,
            wakeCron: s.wakeCron,
            timeZone: s.timeZone,
          }),
        },
      );
      await c.step('bad cron', () =>
        c.api.setSleepSchedule(e.id, {
          sleepCron: 'every evening',
          timeZone: 'UTC',
        }),
      );
      await c.step('bad zone', () =>
        c.api.setSleepSchedule(e.id, {
          sleepCron: '0 20 * * *',
          timeZone: 'Mars/Olympus',
        }),
      );
      await c.step('read', () => c.api.getEnvironmentSleep(e.id), {
        pick: s => s.schedule && { sleepCron: s.schedule.sleepCron },
      });
      await c.step('delete', () => c.api.deleteSleepSchedule(e.id));
      await c.step('read after', () => c.api.getEnvironmentSleep(e.id), {
        pick: s => s.schedule ?? null,
      });
    },
  },
  {
    domain: 'lifecycle',
    name: 'a ConfigMap is created, listed, updated with history, and deleted',
    async run(c) {
      const e = await createEnvironment(c, 'cfg');
      await c.step(
        'create',
        () => c.api.createEnvironmentConfig(e.id, configMap('app', { a: '1' })),
        {
          pick: r => ({
            config: configView(r.config),
            action: r.change.action,
            version: r.change.version,
            restarted: r.restarted,
          }),
        },
      );
      await c.step('list', () => c.api.listEnvironmentConfigs(e.id), {
        pick: items => items.map(configView),
      });
      await c.step(
        'update',
        () =>
          c.api.updateEnvironmentConfig(
            e.id,
            'ConfigMap',
            'app',
            configMap('app', { a: '2' }),
          ),
        {
          pick: r => ({
            config: configView(r.config),
            action: r.change.action,
            version: r.change.version,
          }),
        },
      );
      await c.step('history', () => c.api.listEnvironmentConfigHistory(e.id), {
        pick: items =>
          items.map(h => ({
            kind: h.kind,
            name: h.name,
            version: h.version,
            action: h.action,
            actor: h.actor,
          })),
      });
      await c.step(
        'delete',
        () => c.api.deleteEnvironmentConfig(e.id, 'ConfigMap', 'app'),
        { pick: r => ({ action: r.change.action, config: r.config }) },
      );
      await c.step('get after', () =>
        c.api.getEnvironmentConfig(e.id, 'ConfigMap', 'app'),
      );
    },
  },
  {
    domain: 'lifecycle',
    name: 'a config of a kind Berth does not manage, or twice the same, is refused',
    async run(c) {
      const e = await createEnvironment(c, 'cfgbad');
      await c.step('a Deployment', () =>
        c.api.createEnvironmentConfig(e.id, {
          object: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'x' },
          },
        }),
      );
      await c.step(
        'first',
        () =>
          c.api.createEnvironmentConfig(e.id, configMap('twice', { a: '1' })),
        { pick: r => r.change.action },
      );
      await c.step('second', () =>
        c.api.createEnvironmentConfig(e.id, configMap('twice', { a: '1' })),
      );
      await c.step('unknown', () =>
        c.api.getEnvironmentConfig(e.id, 'ConfigMap', 'nope'),
      );
      await c.step('update unknown', () =>
        c.api.updateEnvironmentConfig(
          e.id,
          'ConfigMap',
          'nope',
          configMap('nope', { a: '1' }),
        ),
      );
    },
  },
  {
    domain: 'lifecycle',
    name: 'a Secret is masked in every answer',
    async run(c) {
      const e = await createEnvironment(c, 'secret');
      await c.step(
        'create',
        () =>
          c.api.createEnvironmentConfig(e.id, {
            object: {
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name: 'creds' },
              stringData: { password: 'hunter2' },
            },
          }),
        {
          pick: r => ({
            config: configView(r.config),
            keys: r.change.keys,
            content: r.change.content?.includes('hunter2'),
          }),
        },
      );
      await c.step(
        'get',
        () => c.api.getEnvironmentConfig(e.id, 'Secret', 'creds'),
        { pick: configView },
      );
    },
  },
  {
    domain: 'lifecycle',
    name: 'a copy takes the source values and pins; a taken name or a reserved namespace is refused',
    async run(c) {
      const e = await createEnvironment(c, 'src', {
        values: 'replicaCount: 1\n',
      });
      const copied = await c.must(
        'copy',
        () =>
          c.api.copyEnvironment(e.id, {
            name: c.name('copy'),
            cluster: c.clusters[1],
            deploy: false,
          }),
        {
          pick: r => ({
            environment: environmentView(r.environment),
            sourceId: r.sourceId,
            services: r.services,
            operation: r.operation && operationView(r.operation),
          }),
        },
      );
      if (copied.operation) {
        c.note(
          'copy ended',
          endedView(await c.settle(copied.environment.id, copied.operation.id)),
        );
      }
      await c.step('taken name', () =>
        c.api.copyEnvironment(e.id, { name: c.name('copy') }),
      );
      await c.step('reserved namespace', () =>
        c.api.copyEnvironment(e.id, {
          name: c.name('copy2'),
          namespace: 'kube-system',
        }),
      );
      await c.step('list', () => c.api.listEnvironments(c.project), {
        pick: items => ownNames(c, items),
      });
    },
  },
  {
    domain: 'lifecycle',
    name: 'registries: the environment follows its cluster; an unknown override is refused',
    async run(c) {
      const e = await createEnvironment(c, 'reg');
      await c.step('registries', () => c.api.listRegistries(), {
        pick: items => items.map(r => r.name).sort(),
      });
      await c.step('get', () => c.api.getEnvironmentRegistry(e.id), {
        pick: r => ({ source: r.source, override: r.override }),
      });
      await c.step('unknown', () =>
        c.api.setEnvironmentRegistry(e.id, 'no-such-registry'),
      );
      await c.step(
        'back to the cluster',
        () => c.api.setEnvironmentRegistry(e.id, null),
        { pick: r => ({ source: r.source, override: r.override }) },
      );
    },
  },
  {
    domain: 'lifecycle',
    name: 'history: two deploys are compared; an unknown record is refused',
    async run(c) {
      const e = await createEnvironment(c, 'hist', { deploy: true });
      const { operation } = await c.must(
        'deploy again',
        () =>
          c.api.deployService(e.id, 'hello', { values: 'replicaCount: 2\n' }),
        { pick: r => operationView(r.operation) },
      );
      c.note('ended', endedView(await c.settle(e.id, operation.id)));
      const records = await c.must(
        'records',
        () => c.api.listDeployments(e.id, { service: 'hello' }),
        {
          pick: items =>
            items.map(d => ({
              revision: d.revision,
              result: d.result,
              values: d.settings?.values,
            })),
        },
      );
      await c.step(
        'diff',
        () =>
          c.api.diffDeployments(e.id, 'hello', records[1].id, records[0].id),
        {
          pick: d => ({
            from: d.from?.id === records[1].id,
            to: d.to?.id === records[0].id,
          }),
        },
      );
      await c.step('diff of an unknown record', () =>
        c.api.diffDeployments(e.id, 'hello', records[0].id, 'no-such-record'),
      );
      await c.step('rollback to an unknown record', () =>
        c.api.rollbackService(e.id, 'hello', 'no-such-record'),
      );
    },
  },
  {
    domain: 'lifecycle',
    name: 'drift of an environment never deployed is Unknown',
    async run(c) {
      const e = await createEnvironment(c, 'drift');
      await c.step('environment', () => c.api.getEnvironmentDrift(e.id), {
        pick: d => ({
          state: d.state,
          services: d.services.map(s => ({
            service: s.service,
            state: s.state,
            reason: s.reason,
          })),
        }),
      });
      await c.step('service', () => c.api.getServiceDrift(e.id, 'hello'), {
        pick: s => ({ service: s.service, state: s.state, reason: s.reason }),
      });
      await c.step('unknown service', () =>
        c.api.getServiceDrift(e.id, 'ghost'),
      );
    },
  },
  {
    domain: 'lifecycle',
    name: 'a values change is previewed per service before it is saved',
    async run(c) {
      const e = await createEnvironment(c, 'preview');
      await c.step(
        'preview',
        () => c.api.previewEnvironmentValues(e.id, 'replicaCount: 3\n'),
        {
          pick: p => ({
            changed: p.changed.map(s => s.service),
            unchanged: p.unchanged,
          }),
        },
      );
      await c.step('invalid', () =>
        c.api.previewEnvironmentValues(e.id, 'a: [\n'),
      );
    },
  },
];
