import { maxSatisfying, validRange } from 'semver';
import { isOutboundRefusal } from '../outbound';
import { IndexEntry, RepositoryIndex } from './chartRepositoryIndex';
import { DeclaredDependency } from './inspectChartFiles';

/** How Berth fetches dependencies: every request through the outbound guard. */
export interface DependencySource {
  /** Refuses (InputError) a repository that may not be fetched from. */
  assertAllowed(repository: string): Promise<void>;
  /** The index.yaml of an http(s) repository, with its configured credentials. */
  index(repository: string): Promise<RepositoryIndex>;
  /** The archive of an index entry of an http(s) repository. */
  download(repository: string, entry: IndexEntry): Promise<Buffer>;
  /** The chart versions an OCI chart (`oci://host/path/name`) has. */
  ociVersions(ref: string): Promise<string[]>;
  pullOci(ref: string, version: string): Promise<Buffer>;
}

/** A dependency fetched into charts/. */
export interface FetchedDependency {
  name: string;
  /** `<name>-<version>.tgz`, as helm names it in charts/. */
  file: string;
  content: Buffer;
}

export interface DependencyResult {
  fetched: FetchedDependency[];
  /** Why a dependency could not be fetched, by name. */
  unresolved: Map<string, string>;
}

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * A Helm (Masterminds) version constraint as a node-semver range: commas
 * join conditions like spaces do; an empty constraint is any version.
 */
export function helmRange(constraint: string): string | undefined {
  const range = constraint.trim() === '' ? '*' : constraint.replace(/,/g, ' ');
  return validRange(range, { loose: true }) ?? undefined;
}

/** The newest version satisfying a constraint (an exact version first). */
export function pickVersion(
  versions: string[],
  constraint: string,
): string | undefined {
  if (versions.includes(constraint)) return constraint;
  const range = helmRange(constraint);
  if (!range) return undefined;
  return maxSatisfying(versions, range, { loose: true }) ?? undefined;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'name lookup failed',
  ETIMEDOUT: 'connection timed out',
};

/** Why a repository could not be read, without repeating its host. */
function unreachableCause(error: unknown): string {
  const message = oneLine(error);
  const cause = message.replace(/^.*? cannot be reached: /, '');
  const code = /^[A-Z_]+$/.test(cause) ? NETWORK_CODES[cause] : undefined;
  return code ? `${code} (${cause})` : cause;
}

function oneLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split('\n')
    .filter(Boolean)
    .slice(-2)
    .join(' ')
    .slice(0, 500);
}

/**
 * Fetches the dependencies an archive lacks, as `helm dependency build`
 * would, but with Berth's own guarded client, so that helm itself never
 * reaches the network: every repository is checked first (a refusal fails
 * the whole import before any request), then the indexes are read (when one
 * cannot be reached, none is fetched, as helm does), then each dependency at
 * its locked version (Chart.lock) or the newest matching its constraint.
 */
export async function fetchDependencies(
  dependencies: DeclaredDependency[],
  source: DependencySource,
  locked: Map<string, string>,
): Promise<DependencyResult> {
  const unresolved = new Map<string, string>();
  for (const dep of dependencies) await source.assertAllowed(dep.repository!);

  const httpRepos = [
    ...new Set(
      dependencies
        .map(d => d.repository!)
        .filter(repository => !repository.startsWith('oci://')),
    ),
  ];
  const indexes = new Map<string, RepositoryIndex>();
  const unreachable = new Map<string, string>();
  await Promise.all(
    httpRepos.map(async repository => {
      try {
        indexes.set(repository, await source.index(repository));
      } catch (error) {
        if (isOutboundRefusal(error)) throw error;
        unreachable.set(repository, unreachableCause(error));
      }
    }),
  );
  if (unreachable.size > 0) {
    for (const dep of dependencies) {
      const cause = unreachable.get(dep.repository!);
      unresolved.set(
        dep.name,
        cause
          ? `its repository ${hostOf(
              dep.repository!,
            )} cannot be reached: ${cause}`
          : `not fetched: another dependency's repository cannot be reached (${[
              ...unreachable.keys(),
            ]
              .map(hostOf)
              .join(', ')})`,
      );
    }
    return { fetched: [], unresolved };
  }

  const fetched: FetchedDependency[] = [];
  for (const dep of dependencies) {
    const repository = dep.repository!;
    try {
      const wanted = locked.get(dep.name) ?? dep.version;
      if (repository.startsWith('oci://')) {
        const ref = `${repository.replace(/\/+$/, '')}/${dep.name}`;
        const versions = (await source.ociVersions(ref)).map(t =>
          t.replace(/_/g, '+'),
        );
        const version = pickVersion(versions, wanted);
        if (!version) {
          unresolved.set(dep.name, `no version of ${ref} matches '${wanted}'`);
          continue;
        }
        fetched.push({
          name: dep.name,
          file: `${dep.name}-${version}.tgz`,
          content: await source.pullOci(ref, version),
        });
        continue;
      }
      const entries = indexes.get(repository)!.get(dep.name) ?? [];
      const version = pickVersion(
        entries.map(e => e.version),
        wanted,
      );
      const entry = entries.find(e => e.version === version);
      if (!entry) {
        unresolved.set(
          dep.name,
          entries.length === 0
            ? `its repository ${hostOf(repository)} has no chart '${dep.name}'`
            : `no version of '${dep.name}' in its repository matches '${wanted}'`,
        );
        continue;
      }
      fetched.push({
        name: dep.name,
        file: `${dep.name}-${entry.version}.tgz`,
        content: await source.download(repository, entry),
      });
    } catch (error) {
      if (isOutboundRefusal(error)) throw error;
      unresolved.set(dep.name, `not fetched: ${oneLine(error)}`);
    }
  }
  return { fetched, unresolved };
}
