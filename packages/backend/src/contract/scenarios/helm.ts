import { ContractScenario } from '../contract';
import { createEnvironment } from './helpers';

const NO_DIGEST = '0'.repeat(64);

/** The Helm import: listings, inspection and import refusals, imported services' charts. */
export const helmScenarios: ContractScenario[] = [
  {
    domain: 'helm',
    name: 'the configured repositories and registries are listed without credentials',
    async run(c) {
      await c.step('repositories', () => c.api.listHelmRepositories());
      await c.step('registries', () => c.api.listHelmRegistries());
    },
  },
  {
    domain: 'helm',
    name: 'the charts of a repository that is not configured are refused',
    async run(c) {
      await c.step('list', () =>
        c.api.listRepositoryCharts(c.project, { repository: 'no-such-repo' }),
      );
      await c.step('inspect', () =>
        c.api.inspectChart(c.project, {
          type: 'repository',
          repository: 'no-such-repo',
          chart: 'hello',
          version: '1.0.0',
        }),
      );
    },
  },
  {
    domain: 'helm',
    name: 'an archive that was never uploaded is not found',
    async run(c) {
      await c.step('inspect', () =>
        c.api.inspectChart(c.project, { type: 'archive', digest: NO_DIGEST }),
      );
      await c.step('validate', () =>
        c.api.validateChartValues(c.project, NO_DIGEST, 'a: 1\n'),
      );
    },
  },
  {
    domain: 'helm',
    name: 'an upload that is not a chart archive is refused',
    async run(c) {
      await c.step('upload', () =>
        c.api.uploadChartArchive(
          c.project,
          new Blob(['this is not a gzip archive']),
          'broken.tgz',
        ),
      );
    },
  },
  {
    domain: 'helm',
    name: 'an import without items is refused',
    async run(c) {
      await c.step('import', () =>
        c.api.importCharts(c.project, { items: [] }),
      );
    },
  },
  {
    domain: 'helm',
    name: 'an import into an unknown project is a 404',
    async run(c) {
      await c.step('import', () =>
        c.api.importCharts(
          { namespace: 'default', name: c.name('nope') },
          {
            items: [
              {
                service: 'x',
                source: { type: 'archive', digest: NO_DIGEST },
              },
            ],
          },
        ),
      );
    },
  },
  {
    domain: 'helm',
    name: 'a service that was not imported has no chart origin to upgrade or sync',
    async run(c) {
      await c.step('versions', () =>
        c.api.listServiceChartVersions(c.project, 'hello'),
      );
      await c.step('upgrade', () =>
        c.api.upgradeServiceChart(c.project, 'hello', '9.9.9'),
      );
      await c.step('sync values', () =>
        c.api.syncServiceValues(c.project, 'hello'),
      );
    },
  },
  {
    domain: 'helm',
    name: 'the chart of an unknown service is a 404',
    async run(c) {
      await c.step('chart', () => c.api.getServiceChart(c.project, 'ghost'));
      await c.step('versions', () =>
        c.api.listServiceChartVersions(c.project, 'ghost'),
      );
    },
  },
  {
    domain: 'helm',
    name: 'a preview of an unknown service is a 404',
    async run(c) {
      const e = await createEnvironment(c, 'prev');
      await c.step('preview', () => c.api.previewService(e.id, 'ghost'));
    },
  },
];
