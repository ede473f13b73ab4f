import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { BerthChartSource } from '@berth/plugin-berth-node';
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { ChartFetcher } from '../ChartFetcher';
import { withTempDir } from '../prepareChart';
import { ChartSourceEntry, ImportSourceOf } from './ChartSourceEntry';

/** The archive a chart source fetched: its bytes, bounded in size. */
async function archiveOf(
  fetched: Awaited<ReturnType<BerthChartSource['fetchChart']>>,
  workDir: string,
  maxBytes: number,
  what: string,
): Promise<Buffer> {
  if (fetched.archive) {
    if (fetched.archive.length > maxBytes) {
      throw new InputError(
        `${what} is ${fetched.archive.length} bytes, more than the limit of ${maxBytes}`,
      );
    }
    return fetched.archive;
  }
  const file = resolve(workDir, fetched.archivePath ?? '');
  const inside = relative(workDir, file);
  if (!fetched.archivePath || inside.startsWith('..') || inside === '') {
    throw new Error(
      `${what}: the chart source returned an archive outside its work directory`,
    );
  }
  const { size } = await stat(file);
  if (size > maxBytes) {
    throw new InputError(
      `${what} is ${size} bytes, more than the limit of ${maxBytes}`,
    );
  }
  return readFile(file);
}

/**
 * A chart source a module added (`berthChartSourcesExtensionPoint`), run as
 * the import runs the built-in ones: what it fetches is checked and
 * prepared like any chart (size, entries, Chart.yaml, dependencies through
 * the outbound guard), in a work directory of its own that is removed after.
 */
export function extensionChartSource(
  key: string,
  source: BerthChartSource,
  deps: {
    fetcher: ChartFetcher;
    logger: LoggerService;
    maxArchiveBytes: number;
    tempDir?: string;
  },
): ChartSourceEntry<ImportSourceOf<'extension'>> {
  const logger = deps.logger.child({ chartSource: key });
  const call = <T>(fn: (workDir: string) => Promise<T>) =>
    withTempDir(`berth-source-${key}-`, deps.tempDir, dir => fn(resolve(dir)));
  return {
    key,
    builtIn: false,
    description: source.description ?? `Chart source '${key}'`,
    prepare: request =>
      call(async workDir => {
        const what = `chart '${request.chart}' ${request.version} of chart source '${key}'`;
        const fetched = await source.fetchChart(
          { chart: request.chart, version: request.version },
          { logger, workDir },
        );
        const content = await archiveOf(
          fetched,
          workDir,
          deps.maxArchiveBytes,
          what,
        );
        return deps.fetcher.prepare(
          content,
          {
            type: 'extension',
            source: key,
            chart: request.chart,
            version: request.version,
          },
          what,
        );
      }),
    ...(source.listCharts && {
      listCharts: () =>
        call(workDir => source.listCharts!({ logger, workDir })),
    }),
    versionsOf: async origin => {
      if (!source.listVersions) {
        throw new InputError(
          `Chart source '${key}' does not list versions; import the chart again`,
        );
      }
      const chart = (origin as ImportSourceOf<'extension'>).chart;
      const versions = await call(workDir =>
        source.listVersions!(chart, { logger, workDir }),
      );
      return versions.map(version => ({ version }));
    },
    sourceAt: (origin, version) => ({
      type: 'extension',
      source: key,
      chart: (origin as ImportSourceOf<'extension'>).chart,
      version,
    }),
  };
}
