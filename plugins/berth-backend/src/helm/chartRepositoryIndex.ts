import { InputError, NotFoundError } from '@backstage/errors';
import { ChartListing, ChartVersionSummary } from '@berth/plugin-berth-common';
import { parseYamlValue } from '../values';
import { isPlainObject } from '../values/plainValues';

/** One version of a chart as index.yaml lists it. */
export interface IndexEntry extends ChartVersionSummary {
  name: string;
  urls: string[];
  digest?: string;
}

/** A parsed index.yaml: entries by chart name. */
export type RepositoryIndex = Map<string, IndexEntry[]>;

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/;

/** Compares SemVer versions (prereleases before releases); unparsable last. */
export function compareVersions(a: string, b: string): number {
  const pa = VERSION.exec(a);
  const pb = VERSION.exec(b);
  if (!pa && !pb) return a.localeCompare(b);
  if (!pa) return -1;
  if (!pb) return 1;
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  if (pa[4] === pb[4]) return 0;
  if (!pa[4]) return 1;
  if (!pb[4]) return -1;
  const xa = pa[4].split('.');
  const xb = pb[4].split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    if (xa[i] === undefined) return -1;
    if (xb[i] === undefined) return 1;
    const na = /^\d+$/.test(xa[i]);
    const nb = /^\d+$/.test(xb[i]);
    if (na && nb && Number(xa[i]) !== Number(xb[i])) {
      return Number(xa[i]) - Number(xb[i]);
    }
    if (na !== nb) return na ? -1 : 1;
    if (xa[i] !== xb[i]) return xa[i] < xb[i] ? -1 : 1;
  }
  return 0;
}

const str = (v: unknown) =>
  v === undefined || v === null ? undefined : String(v);

/** Parses index.yaml (safe YAML: no alias bombs, bounded size). */
export function parseRepositoryIndex(
  text: string,
  source: string,
  maxBytes: number,
): RepositoryIndex {
  const index = parseYamlValue(text, { source, maxBytes });
  if (!isPlainObject(index) || !isPlainObject(index.entries ?? {})) {
    throw new InputError(`${source} is not a chart repository index`);
  }
  const result: RepositoryIndex = new Map();
  for (const [name, list] of Object.entries(
    (index.entries ?? {}) as Record<string, unknown>,
  )) {
    if (!Array.isArray(list)) continue;
    const entries = list
      .filter(isPlainObject)
      .filter(
        e => typeof e.version === 'string' || typeof e.version === 'number',
      )
      .map(e => {
        const entry: IndexEntry = {
          name,
          version: String(e.version),
          urls: Array.isArray(e.urls) ? e.urls.map(String) : [],
          digest: str(e.digest),
          appVersion: str(e.appVersion),
          description: str(e.description),
          created: str(e.created),
        };
        if (e.deprecated === true) entry.deprecated = true;
        if (typeof e.icon === 'string') (entry as any).icon = e.icon;
        return entry;
      })
      .sort((a, b) => compareVersions(b.version, a.version));
    if (entries.length > 0) result.set(name, entries);
  }
  return result;
}

/** The charts of an index, by name, versions newest first. */
export function listCharts(index: RepositoryIndex): ChartListing[] {
  return [...index.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, entries]) => {
      const listing: ChartListing = {
        name,
        versions: entries.map(
          ({ version, appVersion, description, created, deprecated }) => {
            const v: ChartVersionSummary = { version };
            if (appVersion) v.appVersion = appVersion;
            if (description) v.description = description;
            if (created) v.created = created;
            if (deprecated) v.deprecated = true;
            return v;
          },
        ),
      };
      if (entries[0].description) listing.description = entries[0].description;
      const icon = (entries[0] as any).icon;
      if (icon) listing.icon = icon;
      return listing;
    });
}

/** The index entry of a chart at a version; NotFoundError naming what is there. */
export function findChartVersion(
  index: RepositoryIndex,
  chart: string,
  version: string,
  where: string,
): IndexEntry {
  const entries = index.get(chart);
  if (!entries) {
    throw new NotFoundError(`${where} has no chart named '${chart}'`);
  }
  const entry = entries.find(e => e.version === version);
  if (!entry) {
    throw new NotFoundError(
      `${where} has no version '${version}' of chart '${chart}' (it has ${entries
        .slice(0, 10)
        .map(e => e.version)
        .join(', ')})`,
    );
  }
  if (entry.urls.length === 0) {
    throw new InputError(
      `${where}: chart '${chart}' ${version} has no download URL in index.yaml`,
    );
  }
  return entry;
}
