import {
  ChartDependencyInfo,
  ChartInfo,
  ChartOrigin,
} from '@berth/plugin-berth-common';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { create } from 'tar';
import { stringify } from 'yaml';
import { parseYamlValue } from '../values';
import { isPlainObject } from '../values/plainValues';
import { PreparedChart, sha256 } from './ChartArchiveStore';
import { ArchiveLimits, ConfiguredRepository } from './helmConfig';
import {
  DeclaredDependency,
  dependencyInfo,
  inspectChartFiles,
} from './inspectChartFiles';
import { ArchiveFiles, readChartArchive } from './readChartArchive';
import { HelmCommandError, runHelmCommand } from './runHelmCommand';

/**
 * Runs `fn` with a private temporary folder, under `base` (the OS's
 * temporary directory when undefined), that is always removed.
 */
export async function withTempDir<T>(
  prefix: string,
  base: string | undefined,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(base ?? tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes checked archive files under `dir` (paths were checked on read). */
export async function writeFiles(files: ArchiveFiles, dir: string) {
  const root = resolve(dir);
  for (const [path, content] of files) {
    const target = resolve(root, path);
    if (!target.startsWith(root + sep)) {
      throw new Error(`refusing to write outside ${root}: ${path}`);
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, { mode: 0o600 });
  }
}

/**
 * Packs a chart folder (files under `chart/`) as a .tgz the way `helm
 * package` lays it out (one top folder named like the chart), with fixed
 * timestamps and owners so the same files give the same digest. Unlike
 * `helm package` it does not refuse missing dependencies: prepareChart
 * resolves or reports them.
 */
export async function packChartFolder(files: ArchiveFiles): Promise<Buffer> {
  let root = 'chart';
  try {
    const chart = parseYamlValue(
      files.get('chart/Chart.yaml')?.toString('utf8') ?? '',
    );
    const name = isPlainObject(chart) ? chart.name : undefined;
    if (
      typeof name === 'string' &&
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)
    ) {
      root = name;
    }
  } catch {
    // inspectChartFiles reports a bad Chart.yaml with its details
  }
  return withTempDir('berth-pack-', undefined, async dir => {
    const renamed = new Map<string, Buffer>();
    for (const [path, content] of files) {
      renamed.set(`${root}/${path.slice('chart/'.length)}`, content);
    }
    await writeFiles(renamed, dir);
    const chunks: Buffer[] = [];
    const stream = create(
      { gzip: true, cwd: dir, portable: true, mtime: new Date(0) },
      [root],
    );
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  });
}

class UnreachableRepositories extends Error {
  constructor(readonly causes: Map<string, string>) {
    super('unreachable chart repositories');
  }
}

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function fetchable(dep: DeclaredDependency) {
  return Boolean(dep.repository && /^(https?|oci):\/\//.test(dep.repository));
}

function unfetchableReason(dep: DeclaredDependency) {
  if (!dep.repository) {
    return 'no repository is given and the archive does not carry it in charts/';
  }
  if (dep.repository.startsWith('file://')) {
    return `it points to a local folder (${dep.repository}) that the archive does not carry in charts/`;
  }
  if (dep.repository.startsWith('@') || dep.repository.startsWith('alias:')) {
    return `it names a repository alias (${dep.repository}) that Berth cannot resolve; use the repository's URL`;
  }
  return `its repository '${dep.repository}' is not an http(s) or oci URL`;
}

function summarize(error: unknown): string {
  let text = (error as Error).message;
  if (error instanceof HelmCommandError) {
    text = error.timedOut
      ? 'helm dependency build did not finish in time'
      : error.stderr || error.message;
  }
  return text.split('\n').filter(Boolean).slice(-2).join(' ').slice(0, 500);
}

/**
 * Turns archive bytes into a chart ready to store: read safely, inspected,
 * and, when dependencies point to reachable http(s)/oci repositories but are
 * not in the archive, completed with `helm dependency build` and repackaged.
 * Dependencies that cannot be fetched are reported `unresolved` with a reason.
 */
export async function prepareChart(
  archive: Buffer,
  origin: ChartOrigin,
  options: {
    helm: string;
    limits: ArchiveLimits;
    timeoutMs: number;
    /** Credentials for dependency repositories, matched by URL. */
    repositories: ConfiguredRepository[];
    source: string;
    /** Where the folder with the repositories' credentials goes (see withTempDir). */
    tempDir?: string;
  },
): Promise<PreparedChart> {
  const { limits, source, tempDir } = options;
  let content = archive;
  let files = await readChartArchive(content, limits, source);
  let inspected = inspectChartFiles(files, source);
  const statuses = new Map<string, ChartDependencyInfo>();
  const missing = inspected.dependencies.filter(d => !d.bundled);
  for (const dep of missing.filter(d => !fetchable(d))) {
    statuses.set(
      dep.name,
      dependencyInfo(dep, 'unresolved', unfetchableReason(dep)),
    );
  }
  const toFetch = missing.filter(fetchable);
  if (toFetch.length > 0) {
    try {
      content = await withTempDir('berth-chartdeps-', tempDir, async dir => {
        const chartDir = join(dir, 'chart');
        const stripped = new Map<string, Buffer>();
        for (const [path, data] of files) {
          stripped.set(join('chart', relative(inspected.root, path)), data);
        }
        await writeFiles(stripped, dir);
        const repos = [...new Set(toFetch.map(d => d.repository!))].filter(
          url => !url.startsWith('oci://'),
        );
        await mkdir(join(dir, 'helm-config'), { recursive: true });
        await writeFile(
          join(dir, 'helm-config', 'repositories.yaml'),
          stringify({
            apiVersion: '',
            generated: '0001-01-01T00:00:00Z',
            repositories: repos.map((url, i) => {
              const configured = options.repositories.find(
                r => r.url === url.replace(/\/+$/, ''),
              );
              return {
                name: `berth-dep-${i}`,
                url,
                ...(configured?.username && { username: configured.username }),
                ...(configured?.password && { password: configured.password }),
              };
            }),
          }),
          { mode: 0o600 },
        );
        if (repos.length > 0) {
          // `dependency build` reads the indexes from the cache only.
          const updated = await runHelmCommand(
            options.helm,
            ['repo', 'update'],
            { dir, timeoutMs: options.timeoutMs * 2 },
          );
          // helm reports unreachable repositories on stdout and exits 0.
          const failures = [
            ...updated.matchAll(
              /Unable to get an update from the "[^"]+" chart repository \(([^)]+)\):\s*\n\s*(.+)/g,
            ),
          ];
          if (failures.length > 0) {
            throw new UnreachableRepositories(
              new Map(failures.map(m => [m[1], m[2].trim()])),
            );
          }
        }
        await runHelmCommand(options.helm, ['dependency', 'build', chartDir], {
          dir,
          timeoutMs: options.timeoutMs * 2,
        });
        const out = join(dir, 'out');
        await runHelmCommand(
          options.helm,
          ['package', chartDir, '--destination', out],
          {
            dir,
            timeoutMs: options.timeoutMs,
          },
        );
        const [file] = await readdir(out);
        return readFile(join(out, file));
      });
      files = await readChartArchive(content, limits, source);
      inspected = inspectChartFiles(files, source);
      for (const dep of inspected.dependencies) {
        if (toFetch.some(d => d.name === dep.name)) {
          statuses.set(
            dep.name,
            dep.bundled
              ? dependencyInfo(dep, 'resolved')
              : dependencyInfo(
                  dep,
                  'unresolved',
                  'helm dependency build did not fetch it',
                ),
          );
        }
      }
    } catch (error) {
      if ((error as Error).name === 'InputError') throw error;
      const unreachable =
        error instanceof UnreachableRepositories ? error.causes : undefined;
      for (const dep of toFetch) {
        const cause = unreachable?.get(dep.repository!);
        let reason = `helm dependency build failed: ${summarize(error)}`;
        if (unreachable) {
          reason = cause
            ? `its repository ${hostOf(
                dep.repository!,
              )} cannot be reached: ${cause}`
            : `not fetched: another dependency's repository cannot be reached (${[
                ...unreachable.keys(),
              ]
                .map(hostOf)
                .join(', ')})`;
        }
        statuses.set(dep.name, dependencyInfo(dep, 'unresolved', reason));
      }
    }
  }
  const dependencies = inspected.dependencies.map(
    dep => statuses.get(dep.name) ?? dependencyInfo(dep, 'bundled'),
  );
  const info: ChartInfo = {
    digest: sha256(content),
    size: content.length,
    metadata: inspected.metadata,
    dependencies,
    values: inspected.values,
    origin,
  };
  if (inspected.schema) info.schema = inspected.schema;
  return { content, info };
}
