import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';

/**
 * What an import item's `source` says, as the import route received it:
 * `{ type: 'extension', source: '<key>', chart, version }` for a chart
 * source added by a module; the built-in sources have their own shapes
 * (`repository`, `oci`, `git`, `archive`).
 *
 * @public
 */
export interface BerthChartRequest {
  /** The chart's name at the source. */
  chart: string;
  /** The chart's version (SemVer). */
  version: string;
}

/**
 * Where a stored chart came from, kept with its archive so that later
 * upgrades ask the same source for other versions.
 *
 * @public
 */
export interface BerthChartSourceOrigin {
  type: 'extension';
  /** The key the chart source was registered under. */
  source: string;
  chart: string;
  version: string;
}

/**
 * A chart fetched into a local archive: the `.tgz` bytes, or a `.tgz`
 * file the source wrote under `context.workDir`. Berth checks it (size,
 * entries, Chart.yaml, dependencies) as it checks every chart.
 *
 * @public
 */
export type BerthFetchedChart =
  | { archive: Buffer; archivePath?: never }
  | { archivePath: string; archive?: never };

/**
 * One chart a source offers, with its versions newest first.
 *
 * @public
 */
export interface BerthChartSourceListing {
  name: string;
  description?: string;
  versions: Array<{ version: string; appVersion?: string }>;
}

/**
 * What Berth gives a chart source for one call.
 *
 * @public
 */
export interface BerthChartSourceContext {
  logger: LoggerService;
  /**
   * A directory of this call only, removed when the call returns: a source
   * may write the chart's archive there and return its path.
   */
  workDir: string;
  /** Aborted when the request is given up (timeout, client gone). */
  signal?: AbortSignal;
}

/**
 * A chart source: lists the charts it offers and fetches one version into
 * a local archive. Registered under a key (`berthChartSourcesExtensionPoint`);
 * an import item `{ type: 'extension', source: key, chart, version }` uses it.
 *
 * @public
 */
export interface BerthChartSource {
  /** One line for `GET /extensions`. */
  description?: string;
  /** The charts the source offers; optional. */
  listCharts?(
    context: BerthChartSourceContext,
  ): Promise<BerthChartSourceListing[]>;
  /** Versions of one chart, newest first (chart upgrades); optional. */
  listVersions?(
    chart: string,
    context: BerthChartSourceContext,
  ): Promise<string[]>;
  /** Fetches one version of a chart into a local archive. */
  fetchChart(
    request: BerthChartRequest,
    context: BerthChartSourceContext,
  ): Promise<BerthFetchedChart>;
}

/**
 * Adds chart sources to Berth's Helm import.
 *
 * @public
 */
export interface BerthChartSourcesExtensionPoint {
  /**
   * Registers a chart source under `key` (a DNS-1123 label); a key taken
   * already, built-in ones included, fails the backend's start.
   */
  addChartSource(key: string, source: BerthChartSource): void;
}

/**
 * The extension point for chart sources.
 *
 * @public
 */
export const berthChartSourcesExtensionPoint =
  createExtensionPoint<BerthChartSourcesExtensionPoint>({
    id: 'berth.chart-sources',
  });
