import { ChartArchiveStore } from '../ChartArchiveStore';
import { ChartSourceEntry, ImportSourceOf } from './ChartSourceEntry';

/**
 * Built-in: archives uploaded before (`POST .../helm/archives`), imported
 * by digest (key `upload`, import sources of type `archive`).
 */
export function uploadChartSource(
  archives: ChartArchiveStore,
): ChartSourceEntry<ImportSourceOf<'archive'>> {
  return {
    key: 'upload',
    builtIn: true,
    description: 'Chart archives uploaded from the browser, by digest',
    prepare: async source => ({
      info: await archives.get(source.digest),
      content: await archives.content(source.digest),
    }),
  };
}
