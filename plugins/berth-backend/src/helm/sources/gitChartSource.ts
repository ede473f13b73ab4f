import { ChartFetcher } from '../ChartFetcher';
import { ChartSourceEntry, ImportSourceOf } from './ChartSourceEntry';

/** Built-in: chart folders of a Git tree read by the URL readers (key `git`). */
export function gitChartSource(
  fetcher: ChartFetcher,
): ChartSourceEntry<ImportSourceOf<'git'>> {
  return {
    key: 'git',
    builtIn: true,
    description:
      "Chart folders of a Git tree read through Backstage's URL readers",
    prepare: (source, context) => fetcher.fetchGit(source, context),
  };
}
