import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  stringifyError,
} from '@backstage/errors';
import {
  ChartImportItem,
  ChartImportItemResult,
  ChartImportRequest,
  ChartImportResult,
  ChartInfo,
  ChartVersionsAvailable,
  GitChartDirectory,
  HelmRegistrySummary,
  HelmRepositorySummary,
  ImagePath,
  ServiceRevision,
  ServiceSpec,
  ValuesSyncResult,
} from '@berth/plugin-berth-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { KubeConfig } from '@kubernetes/client-node';
import { assertDnsLabel } from '../names';
import { ProjectService } from '../projects/ProjectService';
import { ServiceStore } from '../services/ServiceStore';
import { mergeValues, parseValuesYaml } from '../values';
import { isPlainObject } from '../values/plainValues';
import { ChartArchiveStore, PreparedChart } from './ChartArchiveStore';
import { ChartFetcher, FetchContext, newFetchContext } from './ChartFetcher';
import { SecretCredentials } from './secretCredentials';
import { listChartDirectories } from './gitCharts';
import { HelmImportConfig } from './helmConfig';
import {
  checkValuesAgainstSchema,
  SchemaProblem,
  validateValuesAgainstSchema,
} from './valuesSchema';

type HelmSpec = Extract<ServiceSpec, { kind: 'helm' }>;

/** At most this many items in one import request. */
export const MAX_IMPORT_ITEMS = 200;

function statusOf(error: unknown): number {
  switch ((error as Error)?.name) {
    case 'InputError':
      return 400;
    case 'AuthenticationError':
      return 401;
    case 'NotAllowedError':
      return 403;
    case 'NotFoundError':
      return 404;
    case 'ConflictError':
      return 409;
    default:
      return 500;
  }
}

/** Runs `fn` over items with at most `limit` at once, keeping order. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(limit, items.length)) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index], index);
      }
    },
  );
  await Promise.all(workers);
  return results;
}

/** Image paths found in a chart's values: `image.repository`/`image.tag`. */
export function guessImagePaths(values: Record<string, unknown>): ImagePath[] {
  const image = values.image;
  if (isPlainObject(image) && 'repository' in image) {
    return [
      {
        name: 'main',
        repositoryPath: 'image.repository',
        tagPath: 'image.tag',
      },
    ];
  }
  return [];
}

/**
 * Helm import: charts from repositories, OCI registries, Git trees and
 * uploads become services of a project, with their archives stored by
 * digest. Everything is checked before anything is written.
 */
export class HelmImportService {
  private readonly fetcher: ChartFetcher;
  private readonly credentials?: SecretCredentials;
  private serviceWrites: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
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
    },
  ) {
    const { kubeConfig } = deps;
    this.credentials = kubeConfig
      ? new SecretCredentials({
          holders: () => [
            ...deps.config.repositories,
            ...deps.config.registries,
          ],
          kubeConfig,
          logger: deps.logger,
          maxAgeMs: deps.credentialsMaxAgeMs,
        })
      : undefined;
    this.fetcher = new ChartFetcher({
      config: deps.config,
      helm: deps.helm,
      urlReader: deps.urlReader,
    });
  }

  listRepositories(): HelmRepositorySummary[] {
    return this.deps.config.repositories.map(r => ({
      name: r.name,
      url: r.url,
      authenticated: Boolean(r.username || r.password || r.credentialsSecret),
    }));
  }

  listRegistries(): HelmRegistrySummary[] {
    return this.deps.config.registries.map(r => ({
      name: r.name,
      host: r.host,
      authenticated: Boolean(r.username || r.password || r.credentialsSecret),
    }));
  }

  async listCharts(input: { repository?: string; url?: string }) {
    await this.credentials?.refresh();
    return this.fetcher.listCharts(input);
  }

  async listGitCharts(url: string): Promise<GitChartDirectory[]> {
    return listChartDirectories(
      await this.fetcher.gitTree(url, newFetchContext()),
    );
  }

  /** Fetches and inspects a chart without storing anything. */
  async inspect(source: ChartImportItem['source']): Promise<ChartInfo> {
    if (source.type === 'archive') return this.deps.archives.get(source.digest);
    await this.credentials?.refresh();
    return (await this.fetcher.fetch(source, newFetchContext())).info;
  }

  /** Checks and stores an uploaded archive. */
  async upload(content: Buffer, filename: string): Promise<ChartInfo> {
    await this.credentials?.refresh();
    const prepared = await this.fetcher.prepareUpload(content, filename);
    return this.deps.archives.put(prepared);
  }

  getArchive(digest: string) {
    return this.deps.archives.get(digest);
  }

  /** The chart's values.yaml merged with `values`, checked against its schema. */
  async checkValues(
    digest: string,
    values: string,
  ): Promise<{ valid: boolean; errors: SchemaProblem[] }> {
    const info = await this.deps.archives.get(digest);
    const merged = mergeValues(
      parseValuesYaml(info.values, {
        source: `values.yaml of chart '${info.metadata.name}'`,
        maxBytes: 1024 * 1024,
      }),
      parseValuesYaml(values, { source: 'values' }),
    );
    const errors = info.schema
      ? checkValuesAgainstSchema(info.schema, merged)
      : [];
    return { valid: errors.length === 0, errors };
  }

  /**
   * Imports charts as services: each item fetched, checked and created in
   * parallel (bounded); one item's failure does not stop the others.
   */
  async importCharts(
    projectRef: string,
    request: ChartImportRequest,
    actor: string,
  ): Promise<ChartImportResult> {
    await this.deps.projects.getProject(projectRef); // 404 for an unknown project
    await this.credentials?.refresh();
    const names = new Map<string, number>();
    const context = newFetchContext();
    const items = await mapLimit(
      request.items,
      this.deps.config.concurrency,
      async (item, index): Promise<ChartImportItemResult> => {
        const result: ChartImportItemResult = {
          index,
          status: 'failed',
          ...(item.source.type === 'git' && { path: item.source.path }),
          ...(item.service && { service: item.service }),
        };
        try {
          const prepared = await this.chartOf(item.source, context);
          const service = item.service ?? prepared.info.metadata.name;
          result.service = service;
          const earlier = names.get(service);
          if (earlier !== undefined) {
            throw new InputError(
              `Service '${service}' is imported twice in this request (items ${
                earlier + 1
              } and ${index + 1})`,
            );
          }
          names.set(service, index);
          // Checked before anything is stored (ProjectService checks again).
          assertDnsLabel(service, 'service name');
          const component = parseEntityRef(
            item.componentRef ?? `component:default/${service}`,
            { defaultKind: 'component' },
          );
          if (component.kind.toLocaleLowerCase('en-US') !== 'component') {
            throw new InputError(
              `Service '${service}' must be bound to a Component, not '${item.componentRef}'`,
            );
          }
          const spec = await this.specFor(item, prepared, service, context);
          const done = await this.createOrRevise(
            projectRef,
            service,
            item.componentRef ?? `component:default/${service}`,
            spec,
            prepared,
            Boolean(request.force),
            actor,
          );
          return {
            ...result,
            status: done.status,
            revision: done.revision,
            chart: {
              name: prepared.info.metadata.name,
              version: prepared.info.metadata.version,
              digest: prepared.info.digest,
            },
          };
        } catch (error) {
          const statusCode = statusOf(error);
          if (statusCode === 500) {
            this.deps.logger.warn(
              `Helm import into ${projectRef}, item ${
                index + 1
              }: ${stringifyError(error)}`,
            );
          }
          return {
            ...result,
            error: {
              name: (error as Error).name ?? 'Error',
              message: (error as Error).message ?? String(error),
              statusCode,
            },
          };
        }
      },
    );
    return {
      items,
      created: items.filter(i => i.status === 'created').length,
      updated: items.filter(i => i.status === 'updated').length,
      failed: items.filter(i => i.status === 'failed').length,
    };
  }

  /** The chart of a service's revision (archive charts only). */
  async serviceChart(projectRef: string, service: string, revision?: number) {
    const { spec, revision: at } = await this.revisionOf(
      projectRef,
      service,
      revision,
    );
    const info = await this.deps.archives.get(spec.chart.digest);
    return { ...info, origin: spec.chart.origin, revision: at };
  }

  async chartVersions(
    projectRef: string,
    service: string,
  ): Promise<ChartVersionsAvailable> {
    await this.credentials?.refresh();
    const { spec } = await this.revisionOf(projectRef, service);
    return {
      current: spec.chart.version,
      origin: spec.chart.origin,
      versions: await this.fetcher.versionsOf(spec.chart.origin),
    };
  }

  /** Moves a service to another version of its chart: a new revision. */
  async upgradeChart(
    projectRef: string,
    service: string,
    version: string,
    actor: string,
  ): Promise<ServiceRevision> {
    await this.credentials?.refresh();
    const { spec } = await this.revisionOf(projectRef, service);
    if (version === spec.chart.version) {
      throw new ConflictError(
        `Service '${service}' is at chart version ${version} already`,
      );
    }
    const source = this.fetcher.sourceAt(spec.chart.origin, version);
    const prepared = await this.chartOf(source, newFetchContext());
    if (prepared.info.metadata.name !== spec.chart.name) {
      throw new InputError(
        `Version ${version} is chart '${prepared.info.metadata.name}', not '${spec.chart.name}'`,
      );
    }
    this.checkSchema(prepared, spec.values, service);
    await this.deps.archives.put(prepared);
    return this.deps.projects.addServiceRevision(
      projectRef,
      service,
      {
        ...spec,
        chart: this.archiveSource(prepared),
      },
      actor,
    );
  }

  /**
   * Re-reads a service's tracked values file; a new revision only when its
   * text changed.
   */
  async syncValues(
    projectRef: string,
    service: string,
    actor: string,
  ): Promise<ValuesSyncResult> {
    const revision = await this.latestRevision(projectRef, service);
    const spec = revision.spec;
    if (spec.kind !== 'helm' || !spec.valuesFrom) {
      throw new InputError(
        `Service '${service}' does not take its values from a file in Git`,
      );
    }
    const values = await this.readValuesUrl(spec.valuesFrom.url);
    if (values === spec.values) {
      return { service, changed: false, revision: revision.revision };
    }
    if (spec.chart.type === 'archive') {
      const info = await this.deps.archives.get(spec.chart.digest);
      this.checkSchema({ info, content: Buffer.alloc(0) }, values, service);
    }
    const added = await this.deps.projects.addServiceRevision(
      projectRef,
      service,
      { ...spec, values },
      actor,
    );
    return { service, changed: true, revision: added.revision };
  }

  /** Re-syncs every tracked values file of every project (the scheduled task). */
  async syncAllValues(): Promise<{
    checked: number;
    changed: number;
    failed: number;
  }> {
    let checked = 0;
    let changed = 0;
    let failed = 0;
    for (const project of await this.deps.projects.listProjects()) {
      for (const service of project.services.filter(s => s.kind === 'helm')) {
        const revision = await this.deps.services.getRevision(
          project.ref,
          service.name,
          service.latestRevision,
        );
        if (revision.spec.kind !== 'helm' || !revision.spec.valuesFrom?.track)
          continue;
        checked += 1;
        try {
          const result = await this.syncValues(
            project.ref,
            service.name,
            'berth:values-sync',
          );
          if (result.changed) changed += 1;
        } catch (error) {
          failed += 1;
          this.deps.logger.warn(
            `Could not re-sync the values of ${project.ref} service ${
              service.name
            }: ${stringifyError(error)}`,
          );
        }
      }
    }
    return { checked, changed, failed };
  }

  private async chartOf(
    source: ChartImportItem['source'],
    context: FetchContext,
  ): Promise<PreparedChart> {
    if (source.type === 'archive') {
      const info = await this.deps.archives.get(source.digest);
      return { info, content: await this.deps.archives.content(source.digest) };
    }
    return this.fetcher.fetch(source, context);
  }

  private archiveSource(prepared: PreparedChart) {
    return {
      type: 'archive' as const,
      digest: prepared.info.digest,
      name: prepared.info.metadata.name,
      version: prepared.info.metadata.version,
      origin: prepared.info.origin,
    };
  }

  private checkSchema(
    prepared: PreparedChart,
    values: string,
    service: string,
  ) {
    const { info } = prepared;
    if (!info.schema) return;
    validateValuesAgainstSchema(
      info.schema,
      mergeValues(
        parseValuesYaml(info.values, {
          source: `values.yaml of chart '${info.metadata.name}'`,
          maxBytes: 1024 * 1024,
        }),
        parseValuesYaml(values, { source: `values of service '${service}'` }),
      ),
      `The values of service '${service}'`,
    );
  }

  private async readValuesUrl(url: string): Promise<string> {
    if (!this.deps.urlReader) {
      throw new InputError('Reading values from Git is not available');
    }
    await this.fetcher.checkGitUrl(url, 'Values file');
    let text: string;
    try {
      const response = await this.deps.urlReader.readUrl(url);
      text = (await response.buffer()).toString('utf8');
    } catch (error) {
      const e = error as Error;
      if (e.name === 'NotFoundError') {
        throw new NotFoundError(`No values file at ${url}`);
      }
      throw new InputError(`Cannot read the values file ${url}: ${e.message}`);
    }
    parseValuesYaml(text, { source: `values file ${url}` });
    return text;
  }

  private async specFor(
    item: ChartImportItem,
    prepared: PreparedChart,
    service: string,
    context: FetchContext,
  ): Promise<HelmSpec> {
    const given = [
      item.values !== undefined,
      item.valuesFile !== undefined,
      item.valuesUrl !== undefined,
    ].filter(Boolean).length;
    if (given > 1) {
      throw new InputError(
        `Service '${service}': give values, valuesFile or valuesUrl, not several`,
      );
    }
    if (item.trackValues && !item.valuesUrl) {
      throw new InputError(
        `Service '${service}': trackValues needs a valuesUrl`,
      );
    }
    let values = item.values ?? '';
    if (item.valuesFile !== undefined) {
      if (item.source.type !== 'git') {
        throw new InputError(
          `Service '${service}': valuesFile is for Git sources; give values or valuesUrl`,
        );
      }
      const tree = await this.fetcher.gitTree(item.source.url, context);
      const file = tree.get(item.valuesFile.replace(/^\/+/, ''));
      if (!file) {
        throw new NotFoundError(
          `The tree ${item.source.url} has no values file '${item.valuesFile}'`,
        );
      }
      values = file.toString('utf8');
    } else if (item.valuesUrl !== undefined) {
      values = await this.readValuesUrl(item.valuesUrl);
    }
    const chartValues = parseValuesYaml(prepared.info.values, {
      source: `values.yaml of chart '${prepared.info.metadata.name}'`,
      maxBytes: 1024 * 1024,
    });
    parseValuesYaml(values, { source: `values of service '${service}'` });
    this.checkSchema(prepared, values, service);
    const spec: HelmSpec = {
      kind: 'helm',
      chart: this.archiveSource(prepared),
      values,
      images: item.images ?? guessImagePaths(chartValues),
    };
    if (item.valuesUrl) {
      spec.valuesFrom = {
        url: item.valuesUrl,
        track: Boolean(item.trackValues),
      };
    }
    return spec;
  }

  /** Service writes go one at a time: they change the project's start order. */
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.serviceWrites.then(fn, fn);
    this.serviceWrites = run.catch(() => undefined);
    return run;
  }

  private async createOrRevise(
    projectRef: string,
    name: string,
    componentRef: string,
    spec: HelmSpec,
    prepared: PreparedChart,
    force: boolean,
    actor: string,
  ): Promise<{ status: 'created' | 'updated'; revision: number }> {
    const existing = await this.deps.services
      .get(projectRef, name)
      .catch(error => {
        if ((error as Error).name === 'NotFoundError') return undefined;
        throw error;
      });
    if (existing && !force) {
      throw new ConflictError(
        `Project '${projectRef}' already has a service named '${name}'; import with force to add a revision`,
      );
    }
    if (existing && existing.kind !== 'helm') {
      throw new ConflictError(
        `Service '${name}' is a ${existing.kind} service; a chart cannot replace it`,
      );
    }
    await this.deps.archives.put(prepared);
    return this.serially(async () => {
      if (existing) {
        const revision = await this.deps.projects.addServiceRevision(
          projectRef,
          name,
          spec,
          actor,
        );
        return { status: 'updated' as const, revision: revision.revision };
      }
      await this.deps.projects.createService(
        projectRef,
        { name, componentRef, spec },
        actor,
      );
      return { status: 'created' as const, revision: 1 };
    });
  }

  private async latestRevision(projectRef: string, service: string) {
    const info = await this.deps.services.get(projectRef, service);
    return this.deps.services.getRevision(
      projectRef,
      service,
      info.latestRevision,
    );
  }

  private async revisionOf(
    projectRef: string,
    service: string,
    revision?: number,
  ) {
    const at =
      revision ??
      (await this.deps.services.get(projectRef, service)).latestRevision;
    const found = await this.deps.services.getRevision(projectRef, service, at);
    const spec = found.spec;
    if (spec.kind !== 'helm' || spec.chart.type !== 'archive') {
      throw new InputError(
        `Service '${service}' does not use an imported chart (its chart is ${
          spec.kind === 'helm'
            ? `of type ${spec.chart.type}`
            : 'none: it is a manifests service'
        })`,
      );
    }
    return {
      spec: spec as HelmSpec & {
        chart: Extract<HelmSpec['chart'], { type: 'archive' }>;
      },
      revision: at,
    };
  }
}
