import { ContractScenario } from '../contract';
import { createEnvironment, endedView, operationView } from './helpers';

const MISSING = '00000000-0000-4000-8000-0000000beef0';

/** Operations: listing, reading, cancelling. */
export const operationScenarios: ContractScenario[] = [
  {
    domain: 'operations',
    name: "an environment's operations are listed newest first, filtered by status",
    async run(c) {
      const e = await createEnvironment(c, 'ops');
      const { operation } = await c.must(
        'deploy',
        () => c.api.deployEnvironment(e.id),
        { pick: r => operationView(r.operation) },
      );
      await c.settle(e.id, operation.id);
      await c.step('all', () => c.api.listEnvironmentOperations(e.id), {
        pick: items => items.map(o => ({ kind: o.kind, status: o.status })),
      });
      await c.step(
        'limit 1',
        () => c.api.listEnvironmentOperations(e.id, { limit: 1 }),
        { pick: items => items.map(o => o.kind) },
      );
      await c.step(
        'running only',
        () => c.api.listEnvironmentOperations(e.id, { status: 'running' }),
        { pick: items => items.length },
      );
      await c.step(
        'succeeded or failed',
        () =>
          c.api.listEnvironmentOperations(e.id, {
            status: ['succeeded', 'failed'],
          }),
        { pick: items => items.map(o => o.kind) },
      );
    },
  },
  {
    domain: 'operations',
    name: 'an operation is read with its steps',
    async run(c) {
      const e = await createEnvironment(c, 'steps', { deploy: true });
      const [latest] = await c.must(
        'list',
        () => c.api.listEnvironmentOperations(e.id),
        { pick: items => items.map(operationView) },
      );
      await c.step('get', () => c.api.getOperation(e.id, latest.id), {
        pick: o => ({
          ...endedView(o),
          progress: o.progress,
          steps: o.steps?.map(s => ({
            key: s.key,
            title: s.title,
            parent: s.parent,
            status: s.status,
          })),
        }),
      });
    },
  },
  {
    domain: 'operations',
    name: 'cancelling an operation that ended is a conflict',
    async run(c) {
      const e = await createEnvironment(c, 'cancel');
      const [ended] = await c.must(
        'list',
        () => c.api.listEnvironmentOperations(e.id),
        { pick: items => items.map(o => o.status) },
      );
      await c.step('cancel', () => c.api.cancelOperation(e.id, ended.id));
    },
  },
  {
    domain: 'operations',
    name: 'an unknown operation, or one of another environment, is a 404',
    async run(c) {
      const a = await createEnvironment(c, 'oa');
      const b = await createEnvironment(c, 'ob');
      const [ofA] = await c.must(
        'list a',
        () => c.api.listEnvironmentOperations(a.id),
        { pick: items => items.length },
      );
      await c.step('unknown', () => c.api.getOperation(a.id, MISSING));
      await c.step('cancel unknown', () =>
        c.api.cancelOperation(a.id, MISSING),
      );
      await c.step('of a through b', () => c.api.getOperation(b.id, ofA.id));
      await c.step('cancel of a through b', () =>
        c.api.cancelOperation(b.id, ofA.id),
      );
    },
  },
  {
    domain: 'operations',
    name: "a project's operations include its environments' operations",
    async run(c) {
      const e = await createEnvironment(c, 'proj');
      await c.step(
        'project',
        () => c.api.listProjectOperations(c.project, { limit: 500 }),
        {
          pick: items =>
            items
              .filter(o => o.environmentId === e.id)
              .map(o => ({ kind: o.kind, title: o.title, status: o.status })),
        },
      );
    },
  },
  {
    domain: 'operations',
    name: 'a deploy asked while another runs is queued behind it and can be cancelled',
    async run(c) {
      const created = await c.must(
        'create and deploy',
        () =>
          c.api.createEnvironments(c.project, [
            {
              name: c.name('q'),
              cluster: c.clusters[0],
              tier: 'development',
            },
          ]),
        { pick: r => r.operations.map(operationView) },
      );
      const e = created.items[0];
      const queued = await c.must(
        'deploy',
        () => c.api.deployEnvironment(e.id),
        { pick: r => operationView(r.operation) },
      );
      await c.step(
        'cancel',
        () => c.api.cancelOperation(e.id, queued.operation.id),
        { pick: operationView },
      );
      c.note(
        'create ended',
        endedView(await c.settle(e.id, created.operations[0].id)),
      );
      await c.step(
        'the deploy',
        () => c.api.getOperation(e.id, queued.operation.id),
        { pick: endedView },
      );
    },
  },
];
