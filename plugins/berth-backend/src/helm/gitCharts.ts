import { UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { GitChartDirectory } from '@berth/plugin-berth-common';
import { posix } from 'node:path';
import { parseYamlValue } from '../values';
import { isPlainObject } from '../values/plainValues';
import { ArchiveLimits } from './helmConfig';
import { helmIgnore } from './helmIgnore';
import { checkEntryPath } from './readChartArchive';

/** The files of a Git tree, by path from the tree's root. */
export type TreeFiles = Map<string, Buffer>;

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Reads a tree through Backstage's URL readers (GitHub, GitLab, Bitbucket,
 * Azure, Gitea, ...), bounded in time, file count and total size; paths are
 * checked like archive entries.
 */
export async function readGitTree(
  urlReader: UrlReaderService,
  url: string,
  options: { limits: ArchiveLimits; timeoutMs: number },
): Promise<TreeFiles> {
  const { limits } = options;
  const maxFiles = limits.maxEntries * 20;
  const maxBytes = limits.maxUncompressedBytes * 4;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new InputError(
            `Git host ${hostOf(url)} did not answer within ${
              options.timeoutMs / 1000
            } s for ${url}`,
          ),
        ),
      options.timeoutMs,
    );
  });
  try {
    const read = async () => {
      let response;
      try {
        response = await urlReader.readTree(url);
      } catch (error) {
        const e = error as Error;
        if (e.name === 'NotFoundError') {
          throw new NotFoundError(`No tree at ${url}: ${e.message}`);
        }
        throw new InputError(
          `Cannot read the tree ${url} from ${hostOf(url)}: ${e.message}`,
        );
      }
      const entries = await response.files();
      if (entries.length > maxFiles) {
        throw new InputError(
          `The tree ${url} has ${entries.length} files, more than the limit of ${maxFiles}`,
        );
      }
      const files: TreeFiles = new Map();
      let total = 0;
      for (const entry of entries) {
        const path = checkEntryPath(entry.path, `tree ${url}`);
        const content = await entry.content();
        total += content.length;
        if (content.length > limits.maxEntryBytes) {
          throw new InputError(
            `tree ${url}: the file '${path}' is more than the limit of ${limits.maxEntryBytes} bytes`,
          );
        }
        if (total > maxBytes) {
          throw new InputError(
            `The tree ${url} holds more than ${maxBytes} bytes`,
          );
        }
        files.set(path, content);
      }
      return files;
    };
    return await Promise.race([read(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The folders of a tree that hold a Chart.yaml, with what it says. */
export function listChartDirectories(files: TreeFiles): GitChartDirectory[] {
  const dirs = [...files.keys()]
    .filter(path => posix.basename(path) === 'Chart.yaml')
    .map(path => posix.dirname(path))
    // A chart's bundled subcharts (charts/x under another chart) are not listed.
    .filter(
      (dir, _, all) =>
        !all.some(
          other =>
            other !== dir &&
            other !== '.' &&
            dir.startsWith(`${other}/charts/`),
        ),
    )
    .sort();
  const inChart = (path: string) =>
    dirs.some(dir => dir === '.' || path.startsWith(`${dir}/`));
  const valuesFiles = [...files.keys()]
    .filter(path => /\.ya?ml$/.test(path) && !inChart(path))
    .sort();
  return dirs.map(dir => {
    let chart: Record<string, unknown> = {};
    try {
      const parsed = parseYamlValue(
        files
          .get(dir === '.' ? 'Chart.yaml' : `${dir}/Chart.yaml`)!
          .toString('utf8'),
        { source: `${dir}/Chart.yaml` },
      );
      if (isPlainObject(parsed)) chart = parsed;
    } catch {
      // listed with what can be read; the import reports the problem
    }
    const listed: GitChartDirectory = {
      path: dir,
      name: String(chart.name ?? posix.basename(dir)),
      version: String(chart.version ?? ''),
    };
    if (chart.description) listed.description = String(chart.description);
    if (valuesFiles.length > 0) listed.valuesFiles = valuesFiles;
    return listed;
  });
}

/** The files of one chart folder, re-rooted under `<name>/` for packaging. */
export function chartFolderFiles(
  files: TreeFiles,
  path: string,
  url: string,
): TreeFiles {
  const dir = path.replace(/^\/+|\/+$/g, '');
  checkEntryPath(dir || '.', `tree ${url}`);
  const prefix = dir === '' || dir === '.' ? '' : `${dir}/`;
  if (!files.has(`${prefix}Chart.yaml`)) {
    throw new NotFoundError(
      `The tree ${url} has no chart at '${dir || '.'}' (no Chart.yaml there)`,
    );
  }
  const helmignore = files.get(`${prefix}.helmignore`);
  const ignored = helmignore
    ? helmIgnore(helmignore.toString('utf8'))
    : () => false;
  const chart: TreeFiles = new Map();
  for (const [file, content] of files) {
    const inChart = file.slice(prefix.length);
    if (file.startsWith(prefix) && !ignored(inChart)) {
      chart.set(`chart/${inChart}`, content);
    }
  }
  return chart;
}
