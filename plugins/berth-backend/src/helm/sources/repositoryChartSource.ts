import { ChartFetcher } from '../ChartFetcher';
import { ChartSourceEntry, ImportSourceOf } from './ChartSourceEntry';

/** Built-in: charts of a chart repository's index.yaml (key `repository`). */
export function repositoryChartSource(
  fetcher: ChartFetcher,
): ChartSourceEntry<ImportSourceOf<'repository'>> {
  return {
    key: 'repository',
    builtIn: true,
    description: "Charts of a chart repository's index.yaml",
    prepare: source => fetcher.fetchRepository(source),
    versionsOf: async origin =>
      origin.type === 'repository' ? fetcher.repositoryVersions(origin) : [],
    sourceAt: (origin, version) => {
      const { repository, url, chart } = origin as Extract<
        typeof origin,
        { type: 'repository' }
      >;
      return {
        type: 'repository',
        repository,
        url: repository ? undefined : url,
        chart,
        version,
      };
    },
  };
}
