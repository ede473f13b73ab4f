import { ImagePath } from './model';

/**
 * Where an imported chart archive came from, so a service can move to a
 * newer version of the same chart.
 *
 * @public
 */
export type ChartOrigin =
  /** A chart repository (index.yaml): a configured one by name, or a URL. */
  | {
      type: 'repository';
      /** Name of a repository in `berth.helm.repositories`, when configured. */
      repository?: string;
      url: string;
      chart: string;
      version: string;
    }
  /** An OCI registry, e.g. `oci://ghcr.io/acme/charts/cart`. */
  | {
      type: 'oci';
      ref: string;
      version: string;
      /** Name of a registry in `berth.helm.registries` whose credentials were used. */
      registry?: string;
    }
  /** A chart directory in a Git tree read through Backstage's URL readers. */
  | { type: 'git'; url: string; path: string }
  /** An archive uploaded from the browser. */
  | { type: 'upload'; filename: string }
  /** A chart source added by a module (`berthChartSourcesExtensionPoint`), by its key. */
  | { type: 'extension'; source: string; chart: string; version: string };

/**
 * A chart repository configured in `berth.helm.repositories`; credentials
 * never leave the backend.
 *
 * @public
 */
export interface HelmRepositorySummary {
  name: string;
  url: string;
  /** Whether Berth sends credentials to it. */
  authenticated: boolean;
}

/**
 * An OCI registry configured in `berth.helm.registries`.
 *
 * @public
 */
export interface HelmRegistrySummary {
  name: string;
  /** host[:port] */
  host: string;
  authenticated: boolean;
}

/**
 * One version of a chart in a repository's index.
 *
 * @public
 */
export interface ChartVersionSummary {
  version: string;
  appVersion?: string;
  description?: string;
  created?: string;
  deprecated?: boolean;
}

/**
 * A chart of a repository, newest version first.
 *
 * @public
 */
export interface ChartListing {
  name: string;
  description?: string;
  icon?: string;
  versions: ChartVersionSummary[];
}

/**
 * A chart directory found in a Git tree (a folder holding a Chart.yaml).
 *
 * @public
 */
export interface GitChartDirectory {
  /** Path of the folder in the tree, e.g. `charts/cart`. */
  path: string;
  name: string;
  version: string;
  description?: string;
  /** YAML files beside the chart's folders that may be values files, e.g. `values/cart.yaml`. */
  valuesFiles?: string[];
}

/**
 * Chart.yaml, as far as Berth reads it.
 *
 * @public
 */
export interface ChartMetadata {
  apiVersion: string;
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  type?: string;
  kubeVersion?: string;
  keywords?: string[];
  home?: string;
  icon?: string;
  sources?: string[];
  maintainers?: Array<{ name: string; email?: string; url?: string }>;
  deprecated?: boolean;
}

/**
 * A dependency of a chart and whether it could be resolved.
 *
 * @public
 */
export interface ChartDependencyInfo {
  name: string;
  version: string;
  repository?: string;
  alias?: string;
  condition?: string;
  /**
   * `bundled`: the archive carries it in charts/; `resolved`: fetched by
   * `helm dependency build` at import; `unresolved`: could not be fetched
   * (see `reason`), the chart may not deploy.
   */
  status: 'bundled' | 'resolved' | 'unresolved';
  reason?: string;
}

/**
 * What Berth read from a chart archive.
 *
 * @public
 */
export interface ChartInfo {
  /** sha256 of the archive as stored (hex). */
  digest: string;
  /** Size of the archive in bytes. */
  size: number;
  metadata: ChartMetadata;
  dependencies: ChartDependencyInfo[];
  /** The chart's values.yaml text ('' when it has none). */
  values: string;
  /** The chart's values.schema.json, when it has one. */
  schema?: Record<string, unknown>;
  origin: ChartOrigin;
}

/**
 * Where to import a chart from.
 *
 * @public
 */
export type ChartImportSource =
  /** `repository` names a configured repository; otherwise `url` is used without credentials. */
  | {
      type: 'repository';
      repository?: string;
      url?: string;
      chart: string;
      version: string;
    }
  /** `ref` is `oci://host/path/chart`; `registry` names configured credentials (else found by host). */
  | { type: 'oci'; ref: string; version: string; registry?: string }
  /** `url` is a tree URL the URL readers read; `path` the chart folder in it. */
  | { type: 'git'; url: string; path: string }
  /** An archive uploaded before with `POST /projects/:namespace/:name/helm/archives`. */
  | { type: 'archive'; digest: string }
  /** `source` is the key of a chart source added by a module (see `GET /extensions`). */
  | { type: 'extension'; source: string; chart: string; version: string };

/**
 * One service to create from a chart.
 *
 * @public
 */
export interface ChartImportItem {
  source: ChartImportSource;
  /** The service's name (DNS-1123 label); default: the chart's name. */
  service?: string;
  /** Default `component:default/<service>`. */
  componentRef?: string;
  /** The service's default values (YAML), over the chart's values.yaml. */
  values?: string;
  /** Git sources only: a values file in the same tree (path from the tree's root), instead of `values`. */
  valuesFile?: string;
  /** A values file read through the URL readers, instead of `values`. */
  valuesUrl?: string;
  /** With `valuesUrl`: re-read it on a schedule and on demand, a new revision when it changed. */
  trackValues?: boolean;
  images?: ImagePath[];
}

/**
 * A request to import charts as services of one project.
 *
 * @public
 */
export interface ChartImportRequest {
  items: ChartImportItem[];
  /** A service that exists gets a new revision instead of a 409. */
  force?: boolean;
}

/**
 * The outcome of one item of an import.
 *
 * @public
 */
export interface ChartImportItemResult {
  /** Index of the item in the request. */
  index: number;
  service?: string;
  /** For Git sources, the chart's path. */
  path?: string;
  status: 'created' | 'updated' | 'failed';
  revision?: number;
  chart?: { name: string; version: string; digest: string };
  error?: { name: string; message: string; statusCode: number };
}

/**
 * The outcome of an import: 200 when every item succeeded, 207 otherwise.
 *
 * @public
 */
export interface ChartImportResult {
  items: ChartImportItemResult[];
  created: number;
  updated: number;
  failed: number;
}

/**
 * Newer versions of a service's chart at its origin.
 *
 * @public
 */
export interface ChartVersionsAvailable {
  current: string;
  origin: ChartOrigin;
  versions: ChartVersionSummary[];
}

/**
 * The outcome of re-reading a service's tracked values file.
 *
 * @public
 */
export interface ValuesSyncResult {
  service: string;
  changed: boolean;
  revision: number;
}
