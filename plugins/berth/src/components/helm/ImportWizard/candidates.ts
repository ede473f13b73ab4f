import {
  ChartImportItem,
  ChartImportSource,
  ChartInfo,
  ChartListing,
  GitChartDirectory,
  ImageRule,
} from '@berth/plugin-berth-common';
import { dnsLabelProblem } from '../../../lib/names';
import { foundImages } from '../FoundImages/foundImages';
import { valuesProblems } from '../../values/ValuesEditor';
import { BerthTranslate, englishBerthT } from '../../../translation';

/** Where the wizard reads charts from. */
export type SourceDraft =
  | { kind: 'repository'; repository: string; url: string }
  | { kind: 'oci'; ref: string; version: string }
  | { kind: 'git'; url: string }
  | { kind: 'upload'; file?: File };

/** A chart the source offers, which may become one or more services. */
export interface ChartCandidate {
  /** Unique in the wizard, e.g. `web-service` or `charts/api#2`. */
  key: string;
  chart: string;
  description?: string;
  /** Git: the chart's folder. */
  path?: string;
  /** Repository: the versions, newest first. */
  versions: string[];
  version: string;
  selected: boolean;
  service: string;
  /** Inline values (YAML) over the chart's values.yaml. */
  values: string;
  /** Git: a values file of the tree instead of inline values. */
  valuesFile: string;
  /** Git: the tree's values files to choose from. */
  valuesFiles: string[];
  /** A values file URL (read by Backstage's URL readers) tracked from Git instead of inline values. */
  valuesUrl: string;
  /** A chart read already (OCI, upload), else read on the values step. */
  info?: ChartInfo;
  /** Names of found images unticked in the review: not used. */
  excludedImages: string[];
}

function candidate(
  fields: Partial<ChartCandidate> & { key: string; chart: string },
): ChartCandidate {
  return {
    versions: [],
    version: '',
    selected: false,
    service: fields.chart,
    values: '',
    valuesFile: '',
    valuesFiles: [],
    valuesUrl: '',
    excludedImages: [],
    ...fields,
  };
}

export function fromListings(listings: ChartListing[]): ChartCandidate[] {
  return listings.map(l =>
    candidate({
      key: l.name,
      chart: l.name,
      description: l.description,
      versions: l.versions.map(v => v.version),
      version: l.versions[0]?.version ?? '',
    }),
  );
}

export function fromGitTree(
  directories: GitChartDirectory[],
): ChartCandidate[] {
  const valuesFiles = [
    ...new Set(directories.flatMap(d => d.valuesFiles ?? [])),
  ].sort();
  return directories.map(d =>
    candidate({
      key: d.path,
      chart: d.name,
      description: d.description,
      path: d.path,
      version: d.version,
      valuesFiles,
    }),
  );
}

/** One chart read already: an OCI chart or an uploaded archive; selected. */
export function fromChartInfo(info: ChartInfo): ChartCandidate {
  return candidate({
    key: info.metadata.name,
    chart: info.metadata.name,
    description: info.metadata.description,
    version: info.metadata.version,
    selected: true,
    info,
  });
}

/** Another service over the same chart (e.g. with another values file). */
export function duplicate(
  c: ChartCandidate,
  all: ChartCandidate[],
): ChartCandidate {
  const keys = new Set(all.map(o => o.key));
  let n = 2;
  while (keys.has(`${c.key}#${n}`)) n += 1;
  return {
    ...c,
    key: `${c.key}#${n}`,
    service: `${c.chart}-${n}`,
    values: '',
    valuesFile: '',
    selected: true,
  };
}

/** Where to import a candidate from. */
export function sourceOf(
  draft: SourceDraft,
  c: ChartCandidate,
): ChartImportSource {
  if (c.info && (draft.kind === 'upload' || draft.kind === 'oci')) {
    if (draft.kind === 'oci') {
      return { type: 'oci', ref: draft.ref, version: draft.version };
    }
    return { type: 'archive', digest: c.info.digest };
  }
  switch (draft.kind) {
    case 'repository':
      return draft.repository
        ? {
            type: 'repository',
            repository: draft.repository,
            chart: c.chart,
            version: c.version,
          }
        : {
            type: 'repository',
            url: draft.url,
            chart: c.chart,
            version: c.version,
          };
    case 'git':
      return { type: 'git', url: draft.url, path: c.path ?? '' };
    case 'oci':
      return { type: 'oci', ref: draft.ref, version: draft.version };
    default:
      throw new Error('Upload a chart archive first');
  }
}

/**
 * The import request item of a candidate. With images unticked in the
 * review (inline values only, the chart read), the images kept are sent;
 * otherwise the backend finds them with the project's rules.
 */
export function importItem(
  draft: SourceDraft,
  c: ChartCandidate,
  review?: { info?: ChartInfo; rules?: readonly ImageRule[] },
): ChartImportItem {
  const item: ChartImportItem = {
    source: sourceOf(draft, c),
    service: c.service,
    ...valuesOf(c),
  };
  const inline = !c.valuesFile && !c.valuesUrl.trim();
  if (c.excludedImages.length > 0 && inline && review?.info) {
    const found = foundImages(review.info.values, c.values, review.rules);
    if (found) {
      item.images = found
        .map(f => f.path)
        .filter(path => !c.excludedImages.includes(path.name));
    }
  }
  return item;
}

/** Where a candidate's values come from: a file of the tree, a tracked URL, or inline. */
function valuesOf(
  c: ChartCandidate,
): Pick<
  ChartImportItem,
  'values' | 'valuesFile' | 'valuesUrl' | 'trackValues'
> {
  if (c.valuesFile) return { valuesFile: c.valuesFile };
  if (c.valuesUrl.trim()) {
    return { valuesUrl: c.valuesUrl.trim(), trackValues: true };
  }
  return { values: c.values };
}

/**
 * Why the chosen services cannot be imported: no chart chosen, names that are
 * not DNS labels, chosen twice, or taken (unless existing ones are updated).
 * By candidate key; `''` for the whole list.
 */
export function serviceProblems(
  candidates: ChartCandidate[],
  existing: string[],
  force: boolean,
  t: BerthTranslate = englishBerthT,
): Record<string, string> {
  const chosen = candidates.filter(c => c.selected);
  const problems: Record<string, string> = {};
  if (chosen.length === 0) problems[''] = t('importWizard.chooseChart');
  for (const c of chosen) {
    const problem =
      dnsLabelProblem(c.service, t('importCharts.service'), t) ??
      (chosen.filter(o => o.service === c.service).length > 1
        ? t('importWizard.serviceTwice', { service: c.service })
        : undefined) ??
      (!force && existing.includes(c.service)
        ? t('importWizard.serviceTaken', { service: c.service })
        : undefined);
    if (problem) problems[c.key] = problem;
  }
  return problems;
}

/** Why a candidate's values cannot be imported (only inline values are checked). */
export function candidateValuesProblems(
  c: ChartCandidate,
  info?: ChartInfo,
): string[] {
  if (c.valuesFile || c.valuesUrl.trim()) return [];
  return valuesProblems(c.values, {
    schema: info?.schema,
    defaults: info?.values,
  });
}
