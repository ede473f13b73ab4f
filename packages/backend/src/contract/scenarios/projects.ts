import { ServiceRevision, ServiceSpec } from '@berth/plugin-berth-common';
import { ContractScenario } from '../contract';

const revisionView = (r: ServiceRevision) => ({
  service: r.service,
  revision: r.revision,
  kind: r.spec.kind,
  createdBy: r.createdBy,
});

/** Projects, services and their revisions. */
export const projectScenarios: ContractScenario[] = [
  {
    domain: 'projects',
    name: 'the clusters are listed by name with their production flag',
    async run(c) {
      await c.step('clusters', () => c.api.listClusters(), {
        pick: items =>
          items
            .map(cl => ({ name: cl.name, allowProduction: cl.allowProduction }))
            .sort((a, b) => a.name.localeCompare(b.name)),
      });
    },
  },
  {
    domain: 'projects',
    name: 'a project lists its services, start order and values',
    async run(c) {
      await c.step('project', () => c.api.getProject(c.project), {
        pick: p => ({
          ref: p.ref,
          name: p.name,
          ownerRef: p.ownerRef,
          services: p.services.map(s => ({
            name: s.name,
            kind: s.kind,
            componentRef: s.componentRef,
          })),
          startOrder: p.startOrder,
          values: p.values,
        }),
      });
      await c.step('listed', () => c.api.listProjects(), {
        pick: items => items.filter(p => p.ref === c.projectRef).length,
      });
    },
  },
  {
    domain: 'projects',
    name: "a project's image rules are set, shown and reset to the defaults",
    async run(c) {
      const rules = [
        { registry: 'img.host', repository: 'img.name', tag: 'img.tag' },
        { repository: 'container' },
      ];
      await c.step('set', () => c.api.setProjectImageRules(c.project, rules), {
        pick: p => p.imageRules,
      });
      await c.step('shown', () => c.api.getProject(c.project), {
        pick: p => p.imageRules,
      });
      await c.step('reset', () => c.api.setProjectImageRules(c.project, []), {
        pick: p => p.imageRules ?? 'defaults',
      });
    },
  },
  {
    domain: 'projects',
    name: 'an unknown project is a 404',
    async run(c) {
      const unknown = { namespace: 'default', name: c.name('nope') };
      await c.step('get', () => c.api.getProject(unknown));
      await c.step('environments', () => c.api.listEnvironments(unknown));
      await c.step('matrix', () => c.api.getReleaseMatrix(unknown));
      await c.step('operations', () => c.api.listProjectOperations(unknown));
    },
  },
  {
    domain: 'projects',
    name: 'a new revision of a service gets the next number and is listed first',
    async run(c) {
      const before = await c.must(
        'revisions',
        () => c.api.listServiceRevisions(c.project, 'hello'),
        { pick: () => 'listed' },
      );
      const spec = before[0].spec as Extract<ServiceSpec, { kind: 'helm' }>;
      const added = await c.must(
        'add',
        () =>
          c.api.addServiceRevision(c.project, 'hello', {
            ...spec,
            values: `replicaCount: 1\n# ${c.name('rev')}\n`,
          }),
        { pick: r => ({ kind: r.spec.kind, createdBy: r.createdBy }) },
      );
      c.note('one more', added.revision - before[0].revision);
      await c.step(
        'revisions after',
        () => c.api.listServiceRevisions(c.project, 'hello'),
        {
          pick: items => ({
            first: items[0].revision - added.revision,
            firstValues: (items[0].spec as { values: string }).values,
            count: items.length - before.length,
          }),
        },
      );
      await c.step('project after', () => c.api.getProject(c.project), {
        pick: p =>
          p.services.find(s => s.name === 'hello')!.latestRevision -
          added.revision,
      });
    },
  },
  {
    domain: 'projects',
    name: 'revisions of an unknown service are a 404',
    async run(c) {
      await c.step('list', () =>
        c.api.listServiceRevisions(c.project, 'no-such-service'),
      );
      await c.step('add', () =>
        c.api.addServiceRevision(c.project, 'no-such-service', {
          kind: 'manifests',
          manifests: '',
          variables: [],
        }),
      );
    },
  },
  {
    domain: 'projects',
    name: 'a revision whose values are not YAML is refused',
    async run(c) {
      const [latest] = await c.must(
        'revisions',
        () => c.api.listServiceRevisions(c.project, 'hello'),
        { pick: () => 'listed' },
      );
      await c.step('add', () =>
        c.api.addServiceRevision(c.project, 'hello', {
          ...(latest.spec as Extract<ServiceSpec, { kind: 'helm' }>),
          values: 'a: [1, 2\n',
        }),
      );
      await c.step(
        'revisions after',
        () => c.api.listServiceRevisions(c.project, 'hello'),
        { pick: items => items[0].revision - latest.revision },
      );
    },
  },
  {
    domain: 'projects',
    name: 'the first revision of the seeded service',
    async run(c) {
      await c.step(
        'revisions',
        () => c.api.listServiceRevisions(c.project, 'hello'),
        { pick: items => revisionView(items[items.length - 1]) },
      );
    },
  },
];
