import { UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ChartImportSource,
  ChartListing,
  ChartOrigin,
  ChartVersionSummary,
} from '@berth/plugin-berth-common';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PreparedChart, sha256 } from './ChartArchiveStore';
import {
  findChartVersion,
  listCharts,
  parseRepositoryIndex,
  RepositoryIndex,
  compareVersions,
} from './chartRepositoryIndex';
import { basicAuthHeader, fetchLimited } from './fetchLimited';
import { chartFolderFiles, readGitTree, TreeFiles } from './gitCharts';
import {
  ConfiguredRegistry,
  ConfiguredRepository,
  HelmImportConfig,
  isAllowedHost,
} from './helmConfig';
import { listRegistryTags } from './registryTags';
import { packChartFolder, prepareChart, withTempDir } from './prepareChart';
import { HelmCommandError, runHelmCommand } from './runHelmCommand';

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
 * config only and never leave this class.
 */
export class ChartFetcher {
  constructor(
    private readonly deps: {
      config: HelmImportConfig;
      helm: string;
      urlReader?: UrlReaderService;
    },
  ) {}

  repository(name: string): ConfiguredRepository {
    const repo = this.deps.config.repositories.find(r => r.name === name);
    if (!repo) {
      throw new InputError(
        `No chart repository named '${name}' is configured (berth.helm.repositories)`,
      );
    }
    return repo;
  }

  registry(name: string): ConfiguredRegistry {
    const registry = this.deps.config.registries.find(r => r.name === name);
    if (!registry) {
      throw new InputError(
        `No OCI registry named '${name}' is configured (berth.helm.registries)`,
      );
    }
    return registry;
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
    this.assertAllowedHost(url.host, 'Chart repository');
    return { name: undefined, url: normalized };
  }

  private assertAllowedHost(host: string, what: string) {
    if (!isAllowedHost(host, this.deps.config.allowedHosts)) {
      throw new InputError(
        `${what} host ${host} is not allowed (berth.helm.import.allowedHosts); use a configured one`,
      );
    }
  }

  async repositoryIndex(repo: {
    url: string;
    username?: string;
    password?: string;
  }): Promise<RepositoryIndex> {
    const { limits, timeoutMs } = this.deps.config;
    const body = await fetchLimited(`${repo.url}/index.yaml`, {
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

  /** Versions of the chart an origin points to, newest first. */
  async versionsOf(origin: ChartOrigin): Promise<ChartVersionSummary[]> {
    if (origin.type === 'repository') {
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
    if (origin.type === 'oci') {
      return (await this.ociTags(origin.ref, origin.registry)).map(version => ({
        version,
      }));
    }
    throw new InputError(
      `A chart imported from ${
        origin.type === 'git' ? 'Git' : 'an upload'
      } has no versions to move to; import it again`,
    );
  }

  /** The source of an origin at another version. */
  sourceAt(origin: ChartOrigin, version: string): ChartImportSource {
    if (origin.type === 'repository') {
      return {
        type: 'repository',
        repository: origin.repository,
        url: origin.repository ? undefined : origin.url,
        chart: origin.chart,
        version,
      };
    }
    if (origin.type === 'oci') {
      return {
        type: 'oci',
        ref: origin.ref,
        version,
        registry: origin.registry,
      };
    }
    throw new InputError(`A chart from ${origin.type} has no other versions`);
  }

  /** Fetches and prepares a chart (not stored); cached per context. */
  fetch(
    source: Exclude<ChartImportSource, { type: 'archive' }>,
    context: FetchContext,
  ): Promise<PreparedChart> {
    const key = JSON.stringify(source);
    let prepared = context.charts.get(key);
    if (!prepared) {
      prepared = this.fetchUncached(source, context);
      context.charts.set(key, prepared);
    }
    return prepared;
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
      if (!this.deps.urlReader) {
        throw new InputError('Reading Git trees is not available');
      }
      tree = readGitTree(this.deps.urlReader, url, this.deps.config);
      context.trees.set(url, tree);
    }
    return tree;
  }

  private prepare(content: Buffer, origin: ChartOrigin, source: string) {
    const { config, helm } = this.deps;
    return prepareChart(content, origin, {
      helm,
      limits: config.limits,
      timeoutMs: config.timeoutMs,
      repositories: config.repositories,
      source,
      tempDir: config.tempDir,
    });
  }

  private async fetchUncached(
    source: Exclude<ChartImportSource, { type: 'archive' }>,
    context: FetchContext,
  ): Promise<PreparedChart> {
    const { limits, timeoutMs } = this.deps.config;
    if (source.type === 'repository') {
      const repo = this.resolveRepository(source);
      const index = await this.repositoryIndex(repo);
      const where = `The chart repository at ${hostOf(repo.url)}`;
      const entry = findChartVersion(
        index,
        source.chart,
        source.version,
        where,
      );
      const url = new URL(entry.urls[0], `${repo.url}/`).toString();
      // Credentials only go to the repository's own host.
      const sameHost = hostOf(url) === hostOf(repo.url);
      if (!sameHost) this.assertAllowedHost(hostOf(url), 'Chart download');
      const content = await fetchLimited(url, {
        what: 'Chart repository',
        timeoutMs,
        maxBytes: limits.maxArchiveBytes,
        headers: sameHost ? basicAuthHeader(repo) : {},
      });
      if (entry.digest && entry.digest !== sha256(content)) {
        throw new InputError(
          `${where}: the archive of '${source.chart}' ${source.version} does not match the digest in index.yaml`,
        );
      }
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
    if (source.type === 'oci') {
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
    const tree = await this.gitTree(source.url, context);
    const files = chartFolderFiles(tree, source.path, source.url);
    const content = await packChartFolder(files);
    return this.prepare(
      content,
      { type: 'git', url: source.url, path: source.path },
      `chart at '${source.path}' of ${source.url}`,
    );
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
    if (!registry) this.assertAllowedHost(host, 'OCI registry');
    return { host, path: match[2], registry };
  }

  private async pullOci(source: {
    ref: string;
    version: string;
    registry?: string;
  }): Promise<{ content: Buffer; registry?: string }> {
    const { host, registry } = this.registryFor(source.ref, source.registry);
    const { timeoutMs, limits } = this.deps.config;
    const plainHttp =
      registry?.plainHttp ??
      /^(localhost|127\.\d+\.\d+\.\d+)(:\d+)?$/.test(host);
    return withTempDir('berth-oci-', this.deps.config.tempDir, async dir => {
      const flags = plainHttp ? ['--plain-http'] : [];
      const run = (args: string[], stdin?: string) =>
        runHelmCommand(this.deps.helm, args, { dir, timeoutMs, stdin });
      try {
        if (registry?.username || registry?.password) {
          await run(
            [
              'registry',
              'login',
              host,
              '--username',
              registry.username ?? '',
              '--password-stdin',
              ...flags,
            ],
            registry.password ?? '',
          );
        }
        const out = join(dir, 'out');
        await mkdir(out);
        await run([
          'pull',
          source.ref,
          '--version',
          source.version,
          '--destination',
          out,
          ...flags,
        ]);
        const [file] = await readdir(out);
        const content = await readFile(join(out, file));
        if (content.length > limits.maxArchiveBytes) {
          throw new InputError(
            `Chart ${source.ref}:${source.version} is ${content.length} bytes, more than the limit of ${limits.maxArchiveBytes}`,
          );
        }
        return { content, registry: registry?.name };
      } catch (error) {
        if (!(error instanceof HelmCommandError)) throw error;
        throw ociError(error, host, source, timeoutMs);
      }
    });
  }

  /** Tags of an OCI repository through the registry API v2 (SemVer ones, newest first). */
  async ociTags(ref: string, registryName?: string): Promise<string[]> {
    const { host, path, registry } = this.registryFor(ref, registryName);
    const plainHttp =
      registry?.plainHttp ??
      /^(localhost|127\.\d+\.\d+\.\d+)(:\d+)?$/.test(host);
    const tags = await listRegistryTags({
      baseUrl: `${plainHttp ? 'http' : 'https'}://${host}`,
      repository: path,
      auth: registry,
      timeoutMs: this.deps.config.timeoutMs,
    });
    return tags
      .filter(tag => /^v?\d+\.\d+\.\d+/.test(tag))
      .map(tag => tag.replace(/_/g, '+'))
      .sort((a, b) => compareVersions(b, a));
  }
}

function ociError(
  error: HelmCommandError,
  host: string,
  source: { ref: string; version: string },
  timeoutMs: number,
): Error {
  const text = error.stderr;
  if (
    error.timedOut ||
    /i\/o timeout|deadline exceeded|Client\.Timeout/i.test(text)
  ) {
    return new InputError(
      `OCI registry ${host} did not answer within ${timeoutMs / 1000} s`,
    );
  }
  if (
    /connection refused|no such host|network is unreachable|dial tcp/i.test(
      text,
    )
  ) {
    return new InputError(
      `OCI registry ${host} cannot be reached: ${text.split('\n').pop()}`,
    );
  }
  if (
    /unauthorized|401|403|denied|authentication required|credential not found/i.test(
      text,
    )
  ) {
    return new InputError(
      `OCI registry ${host} refused access to ${source.ref}; check the credentials configured for it (berth.helm.registries)`,
    );
  }
  if (/not found|manifest unknown|name unknown/i.test(text)) {
    return new NotFoundError(
      `OCI registry ${host} has no chart ${source.ref} at version ${source.version}`,
    );
  }
  return new InputError(
    `Cannot pull ${source.ref}:${source.version} from ${host}: ${
      text || error.message
    }`,
  );
}
