import {
  ChartImportSource,
  ChartOrigin,
  ChartVersionSummary,
} from '@berth/plugin-berth-common';
import { BerthChartSourceListing } from '@berth/plugin-berth-node';
import { PreparedChart } from '../../charts/chartTypes';
import { FetchContext } from '../ChartFetcher';

/** The import source of one type, e.g. `ImportSourceOf<'git'>`. */
export type ImportSourceOf<T extends ChartImportSource['type']> = Extract<
  ChartImportSource,
  { type: T }
>;

/**
 * A chart source as the Helm import runs it: the four built-in ones
 * (repository, OCI, Git, upload) and every source a module added through
 * `berthChartSourcesExtensionPoint`, each under its key.
 */
export interface ChartSourceEntry<
  TSource extends ChartImportSource = ChartImportSource,
> {
  key: string;
  /** Built into Berth (not added by a module). */
  builtIn: boolean;
  description: string;
  /** The charts a source added by a module offers, when it lists them. */
  listCharts?(): Promise<BerthChartSourceListing[]>;
  /** Fetches, checks and prepares a chart (not stored). */
  prepare(source: TSource, context: FetchContext): Promise<PreparedChart>;
  /** Versions of the chart an origin of this source points to, newest first. */
  versionsOf?(origin: ChartOrigin): Promise<ChartVersionSummary[]>;
  /** The import source of an origin of this source at another version. */
  sourceAt?(origin: ChartOrigin, version: string): TSource;
}
