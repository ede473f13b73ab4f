import { ChartArchiveResolver, RepositoryChartRef } from '../charts/chartTypes';

/**
 * Where the charts of service revisions come from at deploy (and render)
 * time. Each source hands helm a local chart, so helm itself never reads
 * outside the chart root nor reaches the network.
 */
export interface ChartSources {
  /** A `path` chart's folder, resolved inside the chart root (InputError otherwise). */
  path(path: string): string;
  /** Imported chart archives, materialized as local files. */
  archives?: ChartArchiveResolver;
  /**
   * A chart of a repository or registry as a local .tgz file, fetched
   * through the outbound guard. Without it, helm is handed the repository
   * reference (tests that run no guard).
   */
  repository?(chart: RepositoryChartRef): Promise<string>;
}
