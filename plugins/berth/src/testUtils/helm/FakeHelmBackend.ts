import {
  BerthProject,
  ChartImportItem,
  ChartImportItemResult,
  ChartImportRequest,
  ChartImportResult,
  ChartImportSource,
  ChartInfo,
  ChartListing,
  ChartOrigin,
  ChartVersionsAvailable,
  GitChartDirectory,
  HelmRegistrySummary,
  HelmRepositorySummary,
  ProposedServiceSettings,
  ServicePreview,
  ServiceRevision,
  ServiceSpec,
  ValuesSyncResult,
} from '@berth/plugin-berth-common';
import { ResponseError } from '@backstage/errors';
import {
  mergeValues,
  parseValues,
  schemaProblems,
} from '../../components/values/ValuesEditor/values';
import { archiveSource } from './archiveSource';
import { yamlProblem } from '../backendRules';

/** What the fake backend knows about charts. */
export interface FakeHelmData {
  repositories: HelmRepositorySummary[];
  registries: HelmRegistrySummary[];
  /** Charts by configured repository name, or by repository URL. */
  listings: Record<string, ChartListing[]>;
  /** Chart folders by Git tree URL. */
  gitTrees: Record<string, GitChartDirectory[]>;
  /** Every chart Berth can read, as the inspection answers it. */
  charts: ChartInfo[];
  /** Charts by uploaded file name; other files are refused as not gzip. */
  uploads: Record<string, ChartInfo>;
  /** Revisions by `<project ref>/<service>`, oldest first. */
  revisions: Record<string, ServiceRevision[]>;
  /** Current text of tracked values files, by URL. */
  valuesFiles: Record<string, string>;
  /** Previews by `<environment id>/<service>`. */
  previews: Record<string, ServicePreview>;
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type HttpError = (
  status: number,
  name: string,
  message: string,
) => Promise<ResponseError>;

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/**
 * The Helm import part of the fake Berth backend: listings, inspection,
 * uploads, imports with per-item results, revisions, chart versions, values
 * sync and previews, with the backend's checks and messages.
 */
export class FakeHelmBackend {
  private clock = Date.parse('2026-01-10T12:00:00Z');

  constructor(
    readonly data: FakeHelmData,
    private readonly deps: {
      project: (ref: string) => Promise<BerthProject>;
      httpError: HttpError;
      actor: () => string;
    },
  ) {}

  async listRepositoryCharts(
    projectRef: string,
    repository: { repository: string } | { url: string },
  ): Promise<ChartListing[]> {
    await this.deps.project(projectRef);
    if ('repository' in repository) {
      const listing = this.data.listings[repository.repository];
      if (
        !listing ||
        !this.data.repositories.some(r => r.name === repository.repository)
      ) {
        throw await this.deps.httpError(
          400,
          'InputError',
          `No chart repository named '${repository.repository}' is configured (berth.helm.repositories)`,
        );
      }
      return clone(listing);
    }
    const listing = this.data.listings[repository.url];
    if (!listing) {
      throw await this.deps.httpError(
        400,
        'InputError',
        `Could not reach the chart repository at ${
          new URL(repository.url).host
        }`,
      );
    }
    return clone(listing);
  }

  async listGitCharts(
    projectRef: string,
    url: string,
  ): Promise<GitChartDirectory[]> {
    await this.deps.project(projectRef);
    const tree = this.data.gitTrees[url];
    if (!tree) {
      throw await this.deps.httpError(
        400,
        'InputError',
        `Could not read the Git tree ${url}`,
      );
    }
    return clone(tree);
  }

  async inspectChart(
    projectRef: string,
    source: ChartImportSource,
  ): Promise<ChartInfo> {
    await this.deps.project(projectRef);
    if (
      source.type === 'repository' &&
      source.repository &&
      !this.data.repositories.some(r => r.name === source.repository)
    ) {
      throw await this.deps.httpError(
        400,
        'InputError',
        `No chart repository named '${source.repository}' is configured (berth.helm.repositories)`,
      );
    }
    return clone(await this.chartOf(source));
  }

  async uploadChartArchive(
    projectRef: string,
    _archive: Blob,
    filename: string,
  ): Promise<ChartInfo> {
    await this.deps.project(projectRef);
    const chart = this.data.uploads[filename];
    if (!chart) {
      throw await this.deps.httpError(
        400,
        'InputError',
        `uploaded archive '${filename}' is not a gzip-compressed tar archive (.tgz)`,
      );
    }
    if (!this.data.charts.some(c => c.digest === chart.digest)) {
      this.data.charts.push(chart);
    }
    return clone(chart);
  }

  async validateChartValues(
    projectRef: string,
    digest: string,
    values: string,
  ): Promise<{
    valid: boolean;
    errors: Array<{ path: string; message: string }>;
  }> {
    await this.deps.project(projectRef);
    const chart = await this.chartOf({ type: 'archive', digest });
    const errors = this.schemaErrors(chart, values).map(message => ({
      path: message.split(':')[0],
      message,
    }));
    return { valid: errors.length === 0, errors };
  }

  async importCharts(
    projectRef: string,
    request: ChartImportRequest,
  ): Promise<ChartImportResult> {
    const project = await this.deps.project(projectRef);
    if (!Array.isArray(request.items) || request.items.length === 0) {
      throw await this.deps.httpError(
        400,
        'InputError',
        'Invalid request body: items: must NOT have fewer than 1 items',
      );
    }
    const items: ChartImportItemResult[] = [];
    for (const [index, item] of request.items.entries()) {
      try {
        items.push(
          await this.importOne(project, item, index, Boolean(request.force)),
        );
      } catch (error) {
        if (request.items.length === 1) throw error;
        const e = error as ResponseError;
        items.push({
          index,
          service: item.service,
          path: item.source.type === 'git' ? item.source.path : undefined,
          status: 'failed',
          error: {
            name: e.body?.error?.name ?? e.name,
            message: e.body?.error?.message ?? e.message,
            statusCode: e.statusCode ?? 500,
          },
        });
      }
    }
    return {
      items,
      created: items.filter(i => i.status === 'created').length,
      updated: items.filter(i => i.status === 'updated').length,
      failed: items.filter(i => i.status === 'failed').length,
    };
  }

  async listServiceRevisions(
    projectRef: string,
    service: string,
  ): Promise<ServiceRevision[]> {
    return clone([...(await this.revisionsOf(projectRef, service))].reverse());
  }

  async addServiceRevision(
    projectRef: string,
    service: string,
    spec: ServiceSpec,
  ): Promise<ServiceRevision> {
    await this.revisionsOf(projectRef, service);
    const badValues =
      spec.kind === 'helm' &&
      yamlProblem(`values of service '${service}'`, spec.values);
    if (badValues) {
      throw await this.deps.httpError(400, 'InputError', badValues);
    }
    if (spec.kind === 'helm' && spec.chart.type === 'archive') {
      const chart = await this.chartOf({
        type: 'archive',
        digest: spec.chart.digest,
      });
      await this.checkValues(chart, spec.values);
    }
    return clone(await this.addRevision(projectRef, service, spec));
  }

  async getServiceChart(
    projectRef: string,
    service: string,
    revision?: number,
  ): Promise<ChartInfo & { revision: number }> {
    const found = await this.revision(projectRef, service, revision);
    const chart = await this.archiveOf(found);
    return { ...clone(chart), revision: found.revision };
  }

  async listServiceChartVersions(
    projectRef: string,
    service: string,
  ): Promise<ChartVersionsAvailable> {
    const latest = await this.revision(projectRef, service);
    const chart = await this.archiveOf(latest);
    const origin = chart.origin;
    if (origin.type !== 'repository') {
      throw await this.deps.httpError(
        400,
        'InputError',
        `Charts imported from ${origin.type} have no other versions`,
      );
    }
    const listing = (
      this.data.listings[origin.repository ?? origin.url] ?? []
    ).find(c => c.name === origin.chart);
    return {
      current: chart.metadata.version,
      origin,
      versions: clone(listing?.versions ?? []),
    };
  }

  async upgradeServiceChart(
    projectRef: string,
    service: string,
    version: string,
  ): Promise<ServiceRevision> {
    const latest = await this.revision(projectRef, service);
    const current = await this.archiveOf(latest);
    const origin = current.origin;
    if (origin.type !== 'repository') {
      throw await this.deps.httpError(
        400,
        'InputError',
        `Charts imported from ${origin.type} have no other versions`,
      );
    }
    const next = await this.chartOf({
      type: 'repository',
      repository: origin.repository,
      url: origin.url,
      chart: origin.chart,
      version,
    });
    const spec = latest.spec as Extract<ServiceSpec, { kind: 'helm' }>;
    await this.checkValues(next, spec.values);
    return clone(
      await this.addRevision(projectRef, service, {
        ...spec,
        chart: archiveSource(next),
      }),
    );
  }

  async syncServiceValues(
    projectRef: string,
    service: string,
  ): Promise<ValuesSyncResult> {
    const latest = await this.revision(projectRef, service);
    const spec = latest.spec;
    if (spec.kind !== 'helm' || !spec.valuesFrom) {
      throw await this.deps.httpError(
        400,
        'InputError',
        `Service '${service}' does not take its values from a file in Git`,
      );
    }
    const text = this.data.valuesFiles[spec.valuesFrom.url];
    if (text === undefined || text === spec.values) {
      return { service, changed: false, revision: latest.revision };
    }
    const added = await this.addRevision(projectRef, service, {
      ...spec,
      values: text,
    });
    return { service, changed: true, revision: added.revision };
  }

  async previewService(
    environmentId: string,
    service: string,
    settings: ProposedServiceSettings,
  ): Promise<ServicePreview> {
    const preview = this.data.previews[`${environmentId}/${service}`];
    if (!preview) {
      throw await this.deps.httpError(
        400,
        'InputError',
        `Environment ${environmentId} has no service '${service}'`,
      );
    }
    if (
      settings.values !== undefined &&
      parseValues(settings.values) === undefined
    ) {
      throw await this.deps.httpError(
        400,
        'InputError',
        'values must be a YAML mapping',
      );
    }
    return clone({
      ...preview,
      settings: { ...preview.settings, ...settings },
      revision: settings.revision ?? preview.revision,
    });
  }

  private async importOne(
    project: BerthProject,
    item: ChartImportItem,
    index: number,
    force: boolean,
  ): Promise<ChartImportItemResult> {
    const chart = await this.chartOf(item.source);
    const service = item.service ?? chart.metadata.name;
    if (!LABEL.test(service) || service.length > 63) {
      throw await this.deps.httpError(
        400,
        'InputError',
        `Service name '${service}' is not a valid DNS label (RFC 1123)`,
      );
    }
    const existing = project.services.find(s => s.name === service);
    if (existing && !force) {
      throw await this.deps.httpError(
        409,
        'ConflictError',
        `Project '${project.ref}' already has a service named '${service}'`,
      );
    }
    const values =
      item.valuesUrl !== undefined
        ? this.data.valuesFiles[item.valuesUrl] ?? ''
        : item.values ?? '';
    await this.checkValues(chart, values);
    const spec: ServiceSpec = {
      kind: 'helm',
      chart: archiveSource(chart),
      values,
      images: item.images ?? [],
      ...(item.valuesUrl
        ? {
            valuesFrom: {
              url: item.valuesUrl,
              track: Boolean(item.trackValues),
            },
          }
        : {}),
    };
    const revision = await this.addRevision(project.ref, service, spec, {
      componentRef: item.componentRef ?? `component:default/${service}`,
    });
    return {
      index,
      service,
      path: item.source.type === 'git' ? item.source.path : undefined,
      status: existing ? 'updated' : 'created',
      revision: revision.revision,
      chart: {
        name: chart.metadata.name,
        version: chart.metadata.version,
        digest: chart.digest,
      },
    };
  }

  private async addRevision(
    projectRef: string,
    service: string,
    spec: ServiceSpec,
    create?: { componentRef: string },
  ): Promise<ServiceRevision> {
    const project = await this.deps.project(projectRef);
    const key = `${project.ref}/${service}`;
    const revisions = (this.data.revisions[key] ??= []);
    const revision: ServiceRevision = {
      service,
      revision: revisions.length + 1,
      spec,
      createdBy: this.deps.actor(),
      createdAt: this.now(),
    };
    revisions.push(revision);
    const existing = project.services.find(s => s.name === service);
    if (existing) {
      existing.latestRevision = revision.revision;
    } else if (create) {
      project.services.push({
        name: service,
        componentRef: create.componentRef,
        kind: 'helm',
        latestRevision: revision.revision,
      });
      project.startOrder = [...project.startOrder, [service]];
    }
    return revision;
  }

  private async revisionsOf(
    projectRef: string,
    service: string,
  ): Promise<ServiceRevision[]> {
    const project = await this.deps.project(projectRef);
    const revisions = this.data.revisions[`${project.ref}/${service}`];
    if (!project.services.some(s => s.name === service) || !revisions) {
      throw await this.deps.httpError(
        404,
        'NotFoundError',
        `Project '${project.ref}' has no service named '${service}'`,
      );
    }
    return revisions;
  }

  private async revision(
    projectRef: string,
    service: string,
    revision?: number,
  ): Promise<ServiceRevision> {
    const revisions = await this.revisionsOf(projectRef, service);
    const found =
      revision === undefined
        ? revisions[revisions.length - 1]
        : revisions.find(r => r.revision === revision);
    if (!found) {
      throw await this.deps.httpError(
        404,
        'NotFoundError',
        `Service '${service}' has no revision ${revision}`,
      );
    }
    return found;
  }

  private async archiveOf(revision: ServiceRevision): Promise<ChartInfo> {
    const spec = revision.spec;
    if (spec.kind !== 'helm' || spec.chart.type !== 'archive') {
      throw await this.deps.httpError(
        400,
        'InputError',
        `Service '${revision.service}' does not use an imported chart${
          spec.kind === 'helm'
            ? ` (its chart is of type ${spec.chart.type})`
            : ''
        }`,
      );
    }
    return this.chartOf({ type: 'archive', digest: spec.chart.digest });
  }

  private async chartOf(source: ChartImportSource): Promise<ChartInfo> {
    const found = this.data.charts.find(chart =>
      matches(chart.origin, chart, source),
    );
    if (!found) {
      throw await this.deps.httpError(404, 'NotFoundError', notFound(source));
    }
    return found;
  }

  private schemaErrors(chart: ChartInfo, values: string): string[] {
    if (!chart.schema) return [];
    const merged = mergeValues(
      parseValues(chart.values) ?? {},
      parseValues(values) ?? {},
    );
    return schemaProblems(chart.schema, merged);
  }

  private async checkValues(chart: ChartInfo, values: string): Promise<void> {
    const errors = this.schemaErrors(chart, values);
    if (errors.length) {
      throw await this.deps.httpError(
        400,
        'InputError',
        `Values of chart ${
          chart.metadata.name
        } fail its values.schema.json: ${errors.join('; ')}`,
      );
    }
  }

  private now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }
}

function matches(
  origin: ChartOrigin,
  chart: ChartInfo,
  source: ChartImportSource,
): boolean {
  const { name, version } = chart.metadata;
  switch (source.type) {
    case 'archive':
      return chart.digest === source.digest;
    case 'repository':
      return (
        origin.type === 'repository' &&
        (source.repository
          ? origin.repository === source.repository
          : origin.url === source.url) &&
        name === source.chart &&
        version === source.version
      );
    case 'oci':
      return (
        origin.type === 'oci' &&
        origin.ref === source.ref &&
        version === source.version
      );
    case 'git':
      return (
        origin.type === 'git' &&
        origin.url === source.url &&
        origin.path === source.path
      );
    default:
      return false;
  }
}

function notFound(source: ChartImportSource): string {
  switch (source.type) {
    case 'repository':
      return `Chart ${source.chart} ${source.version} not found in repository ${
        source.repository ?? source.url
      }`;
    case 'oci':
      return `Chart ${source.ref}:${source.version} not found`;
    case 'git':
      return `No Chart.yaml in ${source.path} of ${source.url}`;
    case 'extension':
      return `No chart source '${source.source}' is registered (see GET /extensions)`;
    default:
      return `No chart archive with digest '${source.digest}'`;
  }
}
