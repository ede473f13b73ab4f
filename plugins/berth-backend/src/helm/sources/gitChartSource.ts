import { ChartImportSource } from '@berth/plugin-berth-common';
import { ChartFetcher } from '../ChartFetcher';
import { ChartSourceEntry } from './ChartSourceEntry';

type GitSource = Extract<ChartImportSource, { type: 'git' }>;

/** Built-in: chart folders of a Git tree read by the URL readers (key `git`). */
export function gitChartSource(
  fetcher: ChartFetcher,
): ChartSourceEntry<GitSource> {
  return {
    key: 'git',
    builtIn: true,
    description:
      "Chart folders of a Git tree read through Backstage's URL readers",
    prepare: (source, context) => fetcher.fetchGit(source, context),
  };
}
