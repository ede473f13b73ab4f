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
import { HelmProcessError, runHelm } from '../helmCli';
import { parseYamlValue } from '../values';
import { isPlainObject } from '../values/plainValues';
import { PreparedChart, sha256 } from './ChartArchiveStore';
import { DependencySource, fetchDependencies } from './chartDependencies';
import { ArchiveLimits } from './helmConfig';
import {
  DeclaredDependency,
  dependencyInfo,
  inspectChartFiles,
} from './inspectChartFiles';
import { ArchiveFiles, readChartArchive } from './readChartArchive';

/** Runs `fn` with a private temporary folder that is always removed. */
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
  if (error instanceof HelmProcessError) {
    text = error.timedOut
      ? 'helm package did not finish in time'
      : error.stderr || error.message;
  }
  return text.split('\n').filter(Boolean).slice(-2).join(' ').slice(0, 500);
}

/** The versions Chart.lock pins, by dependency name (same repository only). */
function lockedVersions(
  files: ArchiveFiles,
  root: string,
  declared: DeclaredDependency[],
): Map<string, string> {
  const locked = new Map<string, string>();
  const text = files.get(`${root}/Chart.lock`)?.toString('utf8');
  if (!text) return locked;
  try {
    const lock = parseYamlValue(text, { source: 'Chart.lock' });
    const entries =
      isPlainObject(lock) && Array.isArray(lock.dependencies)
        ? lock.dependencies
        : [];
    for (const entry of entries.filter(isPlainObject)) {
      const dep = declared.find(d => d.name === entry.name);
      if (
        dep &&
        typeof entry.version === 'string' &&
        String(entry.repository ?? '') === (dep.repository ?? '')
      ) {
        locked.set(dep.name, entry.version);
      }
    }
  } catch {
    // an unreadable lock pins nothing; the constraints apply
  }
  return locked;
}

/**
 * Turns archive bytes into a chart ready to store: read safely, inspected,
 * and, when dependencies point to allowed http(s)/oci repositories but are
 * not in the archive, completed through the outbound guard (see
 * fetchDependencies) and repackaged with `helm package`. Dependencies that
 * cannot be fetched are reported `unresolved` with a reason; a repository
 * that may not be fetched from fails the whole import (InputError).
 */
export async function prepareChart(
  archive: Buffer,
  origin: ChartOrigin,
  options: {
    helm: string;
    limits: ArchiveLimits;
    timeoutMs: number;
    /** Fetches missing dependencies through the outbound guard. */
    dependencies: DependencySource;
    source: string;
  },
): Promise<PreparedChart> {
  const { limits, source } = options;
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
    // Refusals (a repository not allowed) fail the import; other problems
    // leave the dependency unresolved, with the reason.
    const { fetched, unresolved } = await fetchDependencies(
      toFetch,
      options.dependencies,
      lockedVersions(files, inspected.root, toFetch),
    );
    for (const [name, reason] of unresolved) {
      const dep = toFetch.find(d => d.name === name)!;
      statuses.set(name, dependencyInfo(dep, 'unresolved', reason));
    }
    for (const dep of fetched) {
      // Each fetched archive is read with the same limits first.
      await readChartArchive(
        dep.content,
        limits,
        `dependency '${dep.name}' of ${source}`,
      );
    }
    if (fetched.length > 0) {
      try {
        content = await withTempDir(
          'berth-chartdeps-',
          undefined,
          async dir => {
            const chartDir = join(dir, 'chart');
            const stripped = new Map<string, Buffer>();
            for (const [path, data] of files) {
              stripped.set(join('chart', relative(inspected.root, path)), data);
            }
            for (const dep of fetched) {
              stripped.set(join('chart', 'charts', dep.file), dep.content);
            }
            await writeFiles(stripped, dir);
            // helm only packages: it never reaches the network here.
            const out = join(dir, 'out');
            await runHelm({
              helm: options.helm,
              args: ['package', chartDir, '--destination', out],
              dir,
              timeoutMs: options.timeoutMs,
            });
            const [file] = await readdir(out);
            return readFile(join(out, file));
          },
        );
      } catch (error) {
        if ((error as Error).name === 'InputError') throw error;
        for (const dep of fetched) {
          statuses.set(
            dep.name,
            dependencyInfo(
              toFetch.find(d => d.name === dep.name)!,
              'unresolved',
              `not packaged: ${summarize(error)}`,
            ),
          );
        }
      }
      files = await readChartArchive(content, limits, source);
      inspected = inspectChartFiles(files, source);
      for (const dep of inspected.dependencies) {
        if (fetched.some(d => d.name === dep.name) && !statuses.has(dep.name)) {
          statuses.set(
            dep.name,
            dep.bundled
              ? dependencyInfo(dep, 'resolved')
              : dependencyInfo(dep, 'unresolved', 'it was not packaged'),
          );
        }
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
