import { ChartFetcher } from '../ChartFetcher';
import { builtInChartSource } from './ChartSourceEntry';

/** Built-in: chart folders of a Git tree read by the URL readers (key `git`). */
export const gitChartSource = (fetcher: ChartFetcher) =>
  builtInChartSource<'git'>(
    'git',
    "Chart folders of a Git tree read through Backstage's URL readers",
    { prepare: (source, context) => fetcher.fetchGit(source, context) },
  );
