import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The folder `path` charts must live in: `berth.helm.chartRoot`, else the
 * demo's `berth.demo.rootDir`, else the working directory.
 */
export function readChartRoot(config: Config): string {
  return resolve(
    config.getOptionalString('berth.helm.chartRoot') ??
      config.getOptionalString('berth.demo.rootDir') ??
      '.',
  );
}

function inside(root: string, target: string) {
  const rel = relative(root, target);
  return (
    rel === '' ||
    (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
  );
}

/**
 * Resolves the folder of a `path` chart inside the chart root, or throws an
 * InputError: a path with a `..` segment, an absolute path outside the root,
 * a folder that does not exist, and a path that leads out of the root
 * through a symbolic link are all refused. An absolute path inside the root
 * is accepted (the demo project stores its charts that way). Nothing is
 * read or written beyond resolving the real path.
 */
export function resolveChartPathInRoot(root: string, path: string): string {
  if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) {
    throw new InputError('A path chart needs a folder path');
  }
  const segments = path.split(/[\\/]+/);
  if (segments.includes('..')) {
    throw new InputError(
      `Chart path '${path}' may not contain '..'; charts are read only inside the chart root (berth.helm.chartRoot)`,
    );
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(resolve(root));
  } catch {
    throw new InputError(
      `The chart root ${root} (berth.helm.chartRoot) does not exist`,
    );
  }
  const target = isAbsolute(path) ? resolve(path) : resolve(realRoot, path);
  if (!inside(realRoot, target) && !inside(resolve(root), target)) {
    throw new InputError(
      `Chart path '${path}' is outside the chart root (berth.helm.chartRoot)`,
    );
  }
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    throw new InputError(
      `Chart path '${path}' does not exist under the chart root (berth.helm.chartRoot)`,
    );
  }
  if (!inside(realRoot, real)) {
    throw new InputError(
      `Chart path '${path}' leads outside the chart root (berth.helm.chartRoot) through a symbolic link`,
    );
  }
  return real;
}

/** `resolveChartPath` for the services: paths checked against the configured root. */
export function chartPathResolver(config: Config): (path: string) => string {
  const root = readChartRoot(config);
  return path => resolveChartPathInRoot(root, path);
}
