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

/**
 * A chart source built into Berth (key `key`, import sources of type `T`):
 * its description and what it can do.
 */
export function builtInChartSource<T extends ChartImportSource['type']>(
  key: string,
  description: string,
  methods: Pick<
    ChartSourceEntry<ImportSourceOf<T>>,
    'prepare' | 'versionsOf' | 'sourceAt'
  >,
): ChartSourceEntry<ImportSourceOf<T>> {
  return { key, builtIn: true, description, ...methods };
}

/** An origin of the chart source of type `T` (as that source stored it). */
export function originOf<T extends ChartOrigin['type']>(
  origin: ChartOrigin,
): Extract<ChartOrigin, { type: T }> {
  return origin as Extract<ChartOrigin, { type: T }>;
}
