import { ChartArchiveStore } from '../ChartArchiveStore';
import { builtInChartSource } from './ChartSourceEntry';

/**
 * Built-in: archives uploaded before (`POST .../helm/archives`), imported
 * by digest (key `upload`, import sources of type `archive`).
 */
export const uploadChartSource = (archives: ChartArchiveStore) =>
  builtInChartSource<'archive'>(
    'upload',
    'Chart archives uploaded from the browser, by digest',
    {
      prepare: async source => ({
        info: await archives.get(source.digest),
        content: await archives.content(source.digest),
      }),
    },
  );
