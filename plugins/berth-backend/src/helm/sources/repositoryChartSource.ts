import { ChartFetcher } from '../ChartFetcher';
import { builtInChartSource, originOf } from './ChartSourceEntry';

/** Built-in: charts of a chart repository's index.yaml (key `repository`). */
export const repositoryChartSource = (fetcher: ChartFetcher) =>
  builtInChartSource<'repository'>(
    'repository',
    "Charts of a chart repository's index.yaml",
    {
      prepare: source => fetcher.fetchRepository(source),
      versionsOf: async origin =>
        origin.type === 'repository' ? fetcher.repositoryVersions(origin) : [],
      sourceAt: (origin, version) => {
        const { repository, url, chart } = originOf<'repository'>(origin);
        return {
          type: 'repository',
          repository,
          url: repository ? undefined : url,
          chart,
          version,
        };
      },
    },
  );
