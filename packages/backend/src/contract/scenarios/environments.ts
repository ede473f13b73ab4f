import { ContractScenario } from '../contract';
import {
  createEnvironment,
  deleteEnvironment,
  endedView,
  environmentView,
  operationView,
  ownNames,
  refusedCreate,
} from './helpers';

/** Creating, reading, changing and deleting environments. */
export const environmentScenarios: ContractScenario[] = [
  {
    domain: 'environments',
    name: 'an environment created without a deploy pins every service and is NotDeployed',
    async run(c) {
      const e = await createEnvironment(c, 'a');
      await c.step('get', () => c.api.getEnvironment(e.id), {
        pick: environmentView,
      });
      await c.step('status', () => c.api.getEnvironmentStatus(e.id), {
        pick: s => ({ environmentId: s.environmentId, status: s.status }),
      });
      await c.step('list', () => c.api.listEnvironments(c.project), {
        pick: items => ownNames(c, items),
      });
      await c.step('deployments', () => c.api.listDeployments(e.id));
    },
  },
  {
    domain: 'environments',
    name: 'an environment created with a deploy runs its services and records the deploy',
    async run(c) {
      const e = await createEnvironment(c, 'd', { deploy: true });
      await c.step('deployments', () => c.api.listDeployments(e.id), {
        pick: items =>
          items.map(d => ({
            service: d.service,
            revision: d.revision,
            result: d.result,
            actor: d.actor,
          })),
      });
      await c.step('get', () => c.api.getEnvironment(e.id), {
        pick: environmentView,
      });
    },
  },
  {
    domain: 'environments',
    name: 'several environments in one request, each with its operation',
    async run(c) {
      const created = await c.must(
        'create two',
        () =>
          c.api.createEnvironments(c.project, [
            {
              name: c.name('one'),
              cluster: c.clusters[0],
              tier: 'development',
              deploy: false,
            },
            {
              name: c.name('two'),
              cluster: c.clusters[1],
              tier: 'testing',
              deploy: false,
              values: 'replicaCount: 1\n',
            },
          ]),
        {
          pick: r => ({
            items: r.items.map(environmentView),
            operations: r.operations.map(operationView),
          }),
        },
      );
      for (const [i, e] of created.items.entries()) {
        c.note(
          `ended ${i}`,
          endedView(await c.settle(e.id, created.operations[i].id)),
        );
      }
    },
  },
  {
    domain: 'environments',
    name: 'a reserved namespace (kube-system) is refused and nothing is created',
    async run(c) {
      await refusedCreate(c, 'kube-system', [{ namespace: 'kube-system' }]);
    },
  },
  {
    domain: 'environments',
    name: 'the default namespace is refused',
    async run(c) {
      await refusedCreate(c, 'default', [{ namespace: 'default' }]);
    },
  },
  {
    domain: 'environments',
    name: "a namespace starting with 'kube-' is refused",
    async run(c) {
      await refusedCreate(c, 'kube-prefix', [{ namespace: 'kube-berth' }]);
    },
  },
  {
    domain: 'environments',
    name: 'a namespace that is not a DNS label is refused',
    async run(c) {
      await refusedCreate(c, 'bad namespace', [{ namespace: 'Not_A_Label' }]);
    },
  },
  {
    domain: 'environments',
    name: 'a name that is not a DNS label is refused',
    async run(c) {
      await refusedCreate(c, 'bad name', [{ name: 'Bad_Name' }]);
    },
  },
  {
    domain: 'environments',
    name: 'an unknown cluster is refused',
    async run(c) {
      await refusedCreate(c, 'unknown cluster', [{ cluster: 'nowhere' }]);
    },
  },
  {
    domain: 'environments',
    name: 'an unknown tier is refused',
    async run(c) {
      await refusedCreate(c, 'unknown tier', [{ tier: 'qa' as never }]);
    },
  },
  {
    domain: 'environments',
    name: 'settings for a service the project does not have are refused',
    async run(c) {
      await refusedCreate(c, 'unknown service', [
        { services: { ghost: { values: 'a: 1\n' } } },
      ]);
    },
  },
  {
    domain: 'environments',
    name: 'a request whose second environment is invalid creates neither',
    async run(c) {
      await refusedCreate(c, 'one good, one bad', [
        { name: c.name('good') },
        { name: c.name('bad'), namespace: 'kube-public' },
      ]);
    },
  },
  {
    domain: 'environments',
    name: 'a request without environments is refused',
    async run(c) {
      await c.step('create none', () =>
        c.api.createEnvironments(c.project, []),
      );
    },
  },
  {
    domain: 'environments',
    name: 'a name taken in the project and a namespace in use are conflicts',
    async run(c) {
      const e = await createEnvironment(c, 'taken');
      await refusedCreate(c, 'same name', [{ name: e.name }]);
      await refusedCreate(c, 'same namespace', [
        { name: c.name('other'), namespace: e.namespace },
      ]);
    },
  },
  {
    domain: 'environments',
    name: 'an unknown environment is a 404 on every route',
    async run(c) {
      const id = '00000000-0000-4000-8000-00000000dead';
      await c.step('get', () => c.api.getEnvironment(id));
      await c.step('status', () => c.api.getEnvironmentStatus(id));
      await c.step('deploy', () => c.api.deployEnvironment(id));
      await c.step('delete', () => c.api.deleteEnvironment(id));
      await c.step('deployments', () => c.api.listDeployments(id));
      await c.step('operations', () => c.api.listEnvironmentOperations(id));
      await c.step('values', () => c.api.setEnvironmentValues(id, 'a: 1\n'));
    },
  },
  {
    domain: 'environments',
    name: 'a deleted environment is gone: not found, not listed, its delete in the project',
    async run(c) {
      const e = await createEnvironment(c, 'gone');
      await deleteEnvironment(c, e);
      await c.step('get', () => c.api.getEnvironment(e.id));
      await c.step('list', () => c.api.listEnvironments(c.project), {
        pick: items => ownNames(c, items),
      });
      await c.step('its operations', () =>
        c.api.listEnvironmentOperations(e.id),
      );
      await c.step(
        'project operations',
        () => c.api.listProjectOperations(c.project, { limit: 500 }),
        {
          pick: items =>
            items
              .filter(o => o.environmentId === e.id)
              .map(o => ({ kind: o.kind, status: o.status, title: o.title })),
        },
      );
      await c.step('matrix', () => c.api.getReleaseMatrix(c.project), {
        pick: m => m.environments.filter(x => x.id === e.id).length,
      });
    },
  },
  {
    domain: 'environments',
    name: 'a delete that keeps the resources says so',
    async run(c) {
      const e = await createEnvironment(c, 'keep');
      await deleteEnvironment(c, e, { keepResources: true });
      await c.step('get', () => c.api.getEnvironment(e.id));
    },
  },
  {
    domain: 'environments',
    name: 'environment-wide values are saved; invalid YAML is refused',
    async run(c) {
      const e = await createEnvironment(c, 'values');
      await c.step(
        'set',
        () => c.api.setEnvironmentValues(e.id, 'replicaCount: 2\n'),
        { pick: r => ({ values: r.values, operation: r.operation?.kind }) },
      );
      await c.step('invalid', () =>
        c.api.setEnvironmentValues(e.id, 'a: [1\n'),
      );
      await c.step('get', () => c.api.getEnvironment(e.id), {
        pick: r => r.values,
      });
    },
  },
  {
    domain: 'environments',
    name: 'deploying a service the project does not have is a 404; a revision it does not have a 400',
    async run(c) {
      const e = await createEnvironment(c, 'svc');
      await c.step('unknown service', () =>
        c.api.deployService(e.id, 'ghost', {}),
      );
      await c.step('unknown revision', () =>
        c.api.deployService(e.id, 'hello', { revision: 999 }),
      );
      await c.step('operations', () => c.api.listEnvironmentOperations(e.id), {
        pick: items => items.map(o => o.kind),
      });
    },
  },
  {
    domain: 'environments',
    name: 'a pinned revision stays until it is moved; a newer one is offered',
    async run(c) {
      const e = await createEnvironment(c, 'pin');
      const [latest] = await c.must(
        'revisions',
        () => c.api.listServiceRevisions(c.project, 'hello'),
        { pick: () => 'listed' },
      );
      const added = await c.must(
        'add revision',
        () =>
          c.api.addServiceRevision(c.project, 'hello', {
            ...latest.spec,
          }),
        { pick: r => r.revision - latest.revision },
      );
      await c.step('get', () => c.api.getEnvironment(e.id), {
        pick: r => ({
          pinned: r.services.hello?.revision === latest.revision,
          available: r.availableRevisions,
        }),
      });
      await c.step('move', () => c.api.setServiceRevision(e.id, 'hello', {}), {
        pick: r => ({
          moved: r.services.hello?.revision === added.revision,
          available: r.availableRevisions,
          operation: r.operation?.kind,
        }),
      });
      await c.step('to a revision that does not exist', () =>
        c.api.setServiceRevision(e.id, 'hello', { revision: 999 }),
      );
      await c.step('of an unknown service', () =>
        c.api.setServiceRevision(e.id, 'ghost', {}),
      );
    },
  },
  {
    domain: 'environments',
    name: 'scaling to a negative count is refused; to zero accepted',
    async run(c) {
      const e = await createEnvironment(c, 'scale', { deploy: true });
      await c.step('negative', () => c.api.scaleService(e.id, 'hello', -1));
      await c.step('unknown service', () =>
        c.api.scaleService(e.id, 'ghost', 1),
      );
      await c.step('zero', () => c.api.scaleService(e.id, 'hello', 0));
    },
  },
  {
    domain: 'environments',
    name: 'the release matrix has a cell per service and environment',
    async run(c) {
      const e = await createEnvironment(c, 'matrix');
      await c.step('matrix', () => c.api.getReleaseMatrix(c.project), {
        pick: m => ({
          services: m.services,
          environment: m.environments.find(x => x.id === e.id),
          cell: m.cells.hello?.[e.id] && {
            status: m.cells.hello[e.id].status,
            images: m.cells.hello[e.id].images,
          },
        }),
      });
    },
  },
  {
    domain: 'environments',
    name: 'a deploy of every service is an operation that ends succeeded',
    async run(c) {
      const e = await createEnvironment(c, 'deploy');
      const { operation } = await c.must(
        'deploy',
        () => c.api.deployEnvironment(e.id),
        { pick: r => operationView(r.operation) },
      );
      c.note('ended', endedView(await c.settle(e.id, operation.id)));
      await c.step(
        'deployments',
        () => c.api.listDeployments(e.id, { service: 'hello' }),
        {
          pick: items =>
            items.map(d => ({ service: d.service, result: d.result })),
        },
      );
    },
  },
];
