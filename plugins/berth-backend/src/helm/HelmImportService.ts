import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ChartImportItem,
  ChartImportRequest,
} from '@berth/plugin-berth-common';
import { BerthChartSource } from '@berth/plugin-berth-node';
import { KubeConfig } from '@kubernetes/client-node';
import { ProjectService } from '../projects/ProjectService';
import { ServiceStore } from '../services/ServiceStore';
import { ChartArchiveStore } from './ChartArchiveStore';
import { ChartFetcher } from './ChartFetcher';
import { HelmImportConfig } from './helmConfig';
import { checkValues } from './import/checkValues';
import { HelmImportContext } from './import/HelmImportContext';
import { importCharts } from './import/importCharts';
import { inspectChart } from './import/inspectChart';
import {
  listCharts,
  listGitCharts,
  listRegistries,
  listRepositories,
} from './import/listSources';
import { chartVersions, serviceChart } from './import/serviceChart';
import { syncAllValues, syncValues } from './import/syncValues';
import { upgradeChart } from './import/upgradeChart';
import { uploadChart } from './import/uploadChart';
import { SecretCredentials } from './secretCredentials';
import { ChartSourceRegistry } from './sources/ChartSourceRegistry';
import { extensionChartSource } from './sources/extensionChartSource';
import { gitChartSource } from './sources/gitChartSource';
import { ociChartSource } from './sources/ociChartSource';
import { repositoryChartSource } from './sources/repositoryChartSource';
import { uploadChartSource } from './sources/uploadChartSource';

export { MAX_IMPORT_ITEMS } from './import/importCharts';

/**
 * Helm import: charts from the chart sources (built in: repositories, OCI
 * registries, Git trees and uploads; and those modules add) become services
 * of a project, with their archives stored by digest. Everything is checked
 * before anything is written. Each verb is a function of `./import`.
 */
export class HelmImportService {
  private readonly ctx: HelmImportContext;
  private serviceWrites: Promise<unknown> = Promise.resolve();

  constructor(deps: {
    config: HelmImportConfig;
    helm: string;
    archives: ChartArchiveStore;
    projects: ProjectService;
    services: ServiceStore;
    urlReader?: UrlReaderService;
    logger: LoggerService;
    /** Reads credentials stored in Secrets (`credentialsSecret`). */
    kubeConfig?: (cluster: string) => KubeConfig;
    /** How long credentials read from a Secret are used; default 30 s. */
    credentialsMaxAgeMs?: number;
    /** Chart sources added by modules, by key. */
    chartSources?: ReadonlyMap<string, BerthChartSource>;
  }) {
    const { kubeConfig, config, logger } = deps;
    const credentials = kubeConfig
      ? new SecretCredentials({
          holders: () => [...config.repositories, ...config.registries],
          kubeConfig,
          logger,
          maxAgeMs: deps.credentialsMaxAgeMs,
        })
      : undefined;
    const fetcher = new ChartFetcher({
      config,
      helm: deps.helm,
      urlReader: deps.urlReader,
    });
    const sources = new ChartSourceRegistry([
      repositoryChartSource(fetcher),
      ociChartSource(fetcher),
      gitChartSource(fetcher),
      uploadChartSource(deps.archives),
      ...[...(deps.chartSources ?? new Map())].map(([key, source]) =>
        extensionChartSource(key, source, {
          fetcher,
          logger,
          maxArchiveBytes: config.limits.maxArchiveBytes,
          tempDir: config.tempDir,
        }),
      ),
    ]);
    this.ctx = {
      config,
      archives: deps.archives,
      projects: deps.projects,
      services: deps.services,
      urlReader: deps.urlReader,
      logger,
      fetcher,
      sources,
      credentials,
      serially: fn => this.serially(fn),
    };
  }

  /** The chart sources by key, built-in ones first. */
  get chartSources(): ChartSourceRegistry {
    return this.ctx.sources;
  }

  listRepositories() {
    return listRepositories(this.ctx);
  }

  listRegistries() {
    return listRegistries(this.ctx);
  }

  listCharts(input: { repository?: string; url?: string }) {
    return listCharts(this.ctx, input);
  }

  listGitCharts(url: string) {
    return listGitCharts(this.ctx, url);
  }

  inspect(source: ChartImportItem['source']) {
    return inspectChart(this.ctx, source);
  }

  upload(content: Buffer, filename: string) {
    return uploadChart(this.ctx, content, filename);
  }

  getArchive(digest: string) {
    return this.ctx.archives.get(digest);
  }

  checkValues(digest: string, values: string) {
    return checkValues(this.ctx, digest, values);
  }

  importCharts(projectRef: string, request: ChartImportRequest, actor: string) {
    return importCharts(this.ctx, projectRef, request, actor);
  }

  serviceChart(projectRef: string, service: string, revision?: number) {
    return serviceChart(this.ctx, projectRef, service, revision);
  }

  chartVersions(projectRef: string, service: string) {
    return chartVersions(this.ctx, projectRef, service);
  }

  upgradeChart(
    projectRef: string,
    service: string,
    version: string,
    actor: string,
  ) {
    return upgradeChart(this.ctx, projectRef, service, version, actor);
  }

  syncValues(projectRef: string, service: string, actor: string) {
    return syncValues(this.ctx, projectRef, service, actor);
  }

  syncAllValues() {
    return syncAllValues(this.ctx);
  }

  /** Service writes go one at a time: they change the project's start order. */
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.serviceWrites.then(fn, fn);
    this.serviceWrites = run.catch(() => undefined);
    return run;
  }
}
