import { ChartInfo } from '@berth/plugin-berth-common';

/**
 * Chart types shared by the projects, helm and deployments folders: a lower
 * layer that imports none of them.
 */

/** A chart archive ready to be stored: its bytes and what Berth read. */
export interface PreparedChart {
  content: Buffer;
  info: ChartInfo;
}

/** What deploying an archive chart needs. */
export interface MaterializedChart {
  /** A local .tgz file helm can install. */
  file: string;
  /** The chart's values.yaml. */
  values: string;
  schema?: Record<string, unknown>;
}

/** Turns archive charts into local files for helm (see resolveDeployment). */
export interface ChartArchiveResolver {
  materialize(digest: string): Promise<MaterializedChart>;
}

/** Reads what Berth knows of a stored chart archive. */
export interface ChartArchiveReader {
  get(digest: string): Promise<ChartInfo>;
}

/** A chart in a repository or registry, as a service revision names it. */
export interface RepositoryChartRef {
  /** An http(s) chart repository, or an `oci://` registry path. */
  repoUrl: string;
  name: string;
  version: string;
}
