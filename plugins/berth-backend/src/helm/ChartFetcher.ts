import { UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ChartImportSource,
  ChartListing,
  ChartOrigin,
  ChartVersionSummary,
} from '@berth/plugin-berth-common';
import { HostAllowlist, OutboundGuard } from '../outbound';
import { basicAuthHeader } from './basicAuth';
import { PreparedChart, sha256 } from './ChartArchiveStore';
import { DependencySource } from './chartDependencies';
import {
  findChartVersion,
  IndexEntry,
  listCharts,
  parseRepositoryIndex,
  RepositoryIndex,
  compareVersions,
} from './chartRepositoryIndex';
import { chartFolderFiles, readGitTree, TreeFiles } from './gitCharts';
import {
  ConfiguredRegistry,
  ConfiguredRepository,
  HelmImportConfig,
} from './helmConfig';
import { RegistryClient } from './registryTags';
import { packChartFolder, prepareChart } from './prepareChart';

/** Per-request caches: a Git tree is read once, a chart prepared once. */
export interface FetchContext {
  trees: Map<string, Promise<TreeFiles>>;
  charts: Map<string, Promise<PreparedChart>>;
}

export function newFetchContext(): FetchContext {
  return { trees: new Map(), charts: new Map() };
}

const OCI_REF = /^oci:\/\/([^/\s]+)\/([a-z0-9._/-]+)$/;

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Fetches charts from their sources (chart repositories, OCI registries,
 * Git trees) and prepares them (see prepareChart). Credentials come from
 * config only and never leave this class. Every request goes through the
 * outbound guard (`config.guard`): helm itself never reaches the network.
 */
export class ChartFetcher {
  private readonly gitGuard: OutboundGuard;

  constructor(
    private readonly deps: {
      config: HelmImportConfig;
      helm: string;
      urlReader?: UrlReaderService;
    },
  ) {
    const { guard, gitHosts, allowedHosts } = deps.config;
    this.gitGuard = guard.withHosts(
      new HostAllowlist([...gitHosts, ...allowedHosts]),
      'integrations hosts or berth.helm.import.allowedHosts',
    );
  }

  private get guard(): OutboundGuard {
    return this.deps.config.guard;
  }

  /**
   * Checks a Git tree or values file URL before Backstage's URL reader
   * fetches it: an integration's host or an allowed host, on allowed
   * addresses (the reader follows its own redirects).
   */
  async checkGitUrl(url: string, what: string): Promise<void> {
    await this.gitGuard.check(url, what);
  }

  repository(name: string): ConfiguredRepository {
    return configuredByName(this.deps.config.repositories, name, {
      what: 'chart repository',
      key: 'berth.helm.repositories',
    });
  }

  registry(name: string): ConfiguredRegistry {
    return configuredByName(this.deps.config.registries, name, {
      what: 'OCI registry',
      key: 'berth.helm.registries',
    });
  }

  /** A configured repository by name, or an unauthenticated one by URL. */
  resolveRepository(input: { repository?: string; url?: string }): {
    name?: string;
    url: string;
    username?: string;
    password?: string;
  } {
    if (input.repository) return this.repository(input.repository);
    if (!input.url) {
      throw new InputError('Give a repository (configured name) or a url');
    }
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new InputError(`'${input.url}' is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InputError(
        `A chart repository URL must be http(s), not '${url.protocol}'`,
      );
    }
    const normalized = input.url.replace(/\/+$/, '');
    // A configured repository's credentials go with its URL.
    const configured = this.deps.config.repositories.find(
      r => r.url === normalized,
    );
    if (configured) return configured;
    this.guard.assertUrlAllowed(url, 'Chart repository');
    return { name: undefined, url: normalized };
  }

  async repositoryIndex(repo: {
    url: string;
    username?: string;
    password?: string;
  }): Promise<RepositoryIndex> {
    const { limits, timeoutMs } = this.deps.config;
    const body = await this.guard.get(`${repo.url}/index.yaml`, {
      what: 'Chart repository',
      timeoutMs,
      maxBytes: limits.maxUncompressedBytes,
      headers: basicAuthHeader(repo),
    });
    return parseRepositoryIndex(
      body.toString('utf8'),
      `index.yaml of ${repo.url}`,
      limits.maxUncompressedBytes,
    );
  }

  async listCharts(input: {
    repository?: string;
    url?: string;
  }): Promise<ChartListing[]> {
    return listCharts(
      await this.repositoryIndex(this.resolveRepository(input)),
    );
  }

  /** Prepares an uploaded archive. */
  prepareUpload(content: Buffer, filename: string) {
    return this.prepare(
      content,
      { type: 'upload', filename },
      `uploaded archive '${filename}'`,
    );
  }

  async gitTree(url: string, context: FetchContext): Promise<TreeFiles> {
    let tree = context.trees.get(url);
    if (!tree) {
      const urlReader = this.deps.urlReader;
      if (!urlReader) {
        throw new InputError('Reading Git trees is not available');
      }
      tree = this.checkGitUrl(url, 'Git').then(() =>
        readGitTree(urlReader, url, this.deps.config),
      );
      context.trees.set(url, tree);
    }
    return tree;
  }

  /** Checks an archive and reads what Berth keeps of it (not stored). */
  prepare(content: Buffer, origin: ChartOrigin, source: string) {
    const { config, helm } = this.deps;
    return prepareChart(content, origin, {
      helm,
      limits: config.limits,
      timeoutMs: config.timeoutMs,
      dependencies: this.dependencySource(),
      source,
    });
  }

  /**
   * Refuses a chart repository URL or `oci://` registry path that the guard
   * does not allow: its host, and every address its name resolves to.
   */
  async assertRepositoryAllowed(
    repository: string,
    what: 'Dependency' | 'Chart',
  ): Promise<void> {
    if (repository.startsWith('oci://')) {
      const host = /^oci:\/\/([^/\s]+)/.exec(repository)?.[1] ?? '';
      const registry = this.deps.config.registries.find(r => r.host === host);
      await this.guard.check(
        `${registry?.plainHttp ? 'http' : 'https'}://${host}`,
        `${what} registry`,
      );
      return;
    }
    await this.guard.check(repository, `${what} repository`);
  }

  /** Dependencies of charts, fetched like charts (see fetchDependencies). */
  dependencySource(): DependencySource {
    return {
      assertAllowed: repository =>
        this.assertRepositoryAllowed(repository, 'Dependency'),
      index: repository =>
        this.repositoryIndex(this.resolveRepository({ url: repository })),
      download: (repository, entry) =>
        this.downloadEntry(this.resolveRepository({ url: repository }), entry),
      ociVersions: ref => this.ociTags(ref),
      pullOci: async (ref, version) =>
        (await this.pullOci({ ref, version })).content,
    };
  }

  /** The archive of an index entry, checked against its digest. */
  async downloadEntry(
    repo: { url: string; username?: string; password?: string },
    entry: IndexEntry,
  ): Promise<Buffer> {
    const { limits, timeoutMs } = this.deps.config;
    const url = new URL(entry.urls[0], `${repo.url}/`).toString();
    // Credentials only go to the repository's own host.
    const sameHost = hostOf(url) === hostOf(repo.url);
    const content = await this.guard.get(url, {
      what: sameHost ? 'Chart repository' : 'Chart download',
      timeoutMs,
      maxBytes: limits.maxArchiveBytes,
      headers: sameHost ? basicAuthHeader(repo) : {},
    });
    if (entry.digest && entry.digest !== sha256(content)) {
      throw new InputError(
        `The chart repository at ${hostOf(repo.url)}: the archive of '${
          entry.name
        }' ${entry.version} does not match the digest in index.yaml`,
      );
    }
    return content;
  }

  /**
   * The archive of a repository chart (`repoUrl` http(s) or `oci://`), as a
   * deploy needs it: fetched through the guard, never by helm.
   */
  async repositoryChart(chart: {
    repoUrl: string;
    name: string;
    version: string;
  }): Promise<Buffer> {
    if (chart.repoUrl.startsWith('oci://')) {
      const ref = `${chart.repoUrl.replace(/\/+$/, '')}/${chart.name}`;
      return (await this.pullOci({ ref, version: chart.version })).content;
    }
    const repo = this.resolveRepository({ url: chart.repoUrl });
    const index = await this.repositoryIndex(repo);
    const entry = findChartVersion(
      index,
      chart.name,
      chart.version,
      `The chart repository at ${hostOf(repo.url)}`,
    );
    return this.downloadEntry(repo, entry);
  }

  /** A chart of a repository's index.yaml, fetched and prepared. */
  async fetchRepository(
    source: Extract<ChartImportSource, { type: 'repository' }>,
  ): Promise<PreparedChart> {
    const repo = this.resolveRepository(source);
    const index = await this.repositoryIndex(repo);
    const where = `The chart repository at ${hostOf(repo.url)}`;
    const entry = findChartVersion(index, source.chart, source.version, where);
    const content = await this.downloadEntry(repo, entry);
    return this.prepare(
      content,
      {
        type: 'repository',
        ...(repo.name && { repository: repo.name }),
        url: repo.url,
        chart: source.chart,
        version: source.version,
      },
      `chart '${source.chart}' ${source.version}`,
    );
  }

  /** A chart of an OCI registry, pulled and prepared. */
  async fetchOci(
    source: Extract<ChartImportSource, { type: 'oci' }>,
  ): Promise<PreparedChart> {
    const { content, registry } = await this.pullOci(source);
    return this.prepare(
      content,
      {
        type: 'oci',
        ref: source.ref,
        version: source.version,
        ...(registry && { registry }),
      },
      `chart ${source.ref}:${source.version}`,
    );
  }

  /** A chart folder of a Git tree, packed and prepared. */
  async fetchGit(
    source: Extract<ChartImportSource, { type: 'git' }>,
    context: FetchContext,
  ): Promise<PreparedChart> {
    const tree = await this.gitTree(source.url, context);
    const files = chartFolderFiles(tree, source.path, source.url);
    const content = await packChartFolder(files);
    return this.prepare(
      content,
      { type: 'git', url: source.url, path: source.path },
      `chart at '${source.path}' of ${source.url}`,
    );
  }

  /** The versions of a repository chart, newest first. */
  async repositoryVersions(origin: {
    repository?: string;
    url: string;
    chart: string;
  }): Promise<ChartVersionSummary[]> {
    const repo = origin.repository
      ? this.repository(origin.repository)
      : this.resolveRepository({ url: origin.url });
    const listing = listCharts(await this.repositoryIndex(repo)).find(
      c => c.name === origin.chart,
    );
    if (!listing) {
      throw new NotFoundError(
        `The chart repository at ${hostOf(repo.url)} no longer has chart '${
          origin.chart
        }'`,
      );
    }
    return listing.versions;
  }

  private registryFor(ref: string, name?: string) {
    const match = OCI_REF.exec(ref);
    if (!match) {
      throw new InputError(
        `'${ref}' is not an OCI chart reference such as oci://registry.example.com/charts/cart`,
      );
    }
    const host = match[1];
    const registry = name
      ? this.registry(name)
      : this.deps.config.registries.find(r => r.host === host);
    if (registry && registry.host !== host) {
      throw new InputError(
        `Registry '${registry.name}' is ${registry.host}, not ${host}`,
      );
    }
    if (
      match[2].split('/').some(segment => segment === '.' || segment === '..')
    ) {
      throw new InputError(`'${ref}' has a '.' or '..' segment`);
    }
    const plainHttp =
      registry?.plainHttp ??
      /^(localhost|127\.\d+\.\d+\.\d+)(:\d+)?$/.test(host);
    const baseUrl = `${plainHttp ? 'http' : 'https'}://${host}`;
    if (!registry) this.guard.assertUrlAllowed(baseUrl, 'OCI registry');
    return { host, path: match[2], registry, baseUrl };
  }

  private async pullOci(source: {
    ref: string;
    version: string;
    registry?: string;
  }): Promise<{ content: Buffer; registry?: string }> {
    const { path, registry, baseUrl } = this.registryFor(
      source.ref,
      source.registry,
    );
    const { timeoutMs, limits } = this.deps.config;
    const content = await new RegistryClient({
      guard: this.guard,
      baseUrl,
      repository: path,
      auth: registry,
      timeoutMs,
    }).pullChart(source.version, limits.maxArchiveBytes);
    return { content, registry: registry?.name };
  }

  /** Tags of an OCI repository through the registry API v2 (SemVer ones, newest first). */
  async ociTags(ref: string, registryName?: string): Promise<string[]> {
    const { path, registry, baseUrl } = this.registryFor(ref, registryName);
    const tags = await new RegistryClient({
      guard: this.guard,
      baseUrl,
      repository: path,
      auth: registry,
      timeoutMs: this.deps.config.timeoutMs,
    }).tags();
    return tags
      .filter(tag => /^v?\d+\.\d+\.\d+/.test(tag))
      .map(tag => tag.replace(/_/g, '+'))
      .sort((a, b) => compareVersions(b, a));
  }
}

/** The entry of a configured list named `name`; an InputError when there is none. */
function configuredByName<T extends { name: string }>(
  entries: T[],
  name: string,
  list: { what: string; key: string },
): T {
  const entry = entries.find(e => e.name === name);
  if (!entry) {
    throw new InputError(
      `No ${list.what} named '${name}' is configured (${list.key})`,
    );
  }
  return entry;
}
