import { InputError } from '@backstage/errors';
import { ChartDependencyInfo, ChartMetadata } from '@berth/plugin-berth-common';
import { parseValuesYaml, parseYamlValue } from '../values';
import { isPlainObject } from '../values/plainValues';
import { ArchiveFiles } from './readChartArchive';
import { compileValuesSchema } from '../charts/valuesSchema';

/** The largest values.yaml / Chart.yaml Berth reads. */
const MAX_CHART_YAML_BYTES = 1024 * 1024;

/** Helm's SemVer 2 (a leading `v` is tolerated, as Helm does). */
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A chart's dependency as declared, before Berth tries to resolve it. */
export interface DeclaredDependency {
  name: string;
  version: string;
  repository?: string;
  alias?: string;
  condition?: string;
  /** Whether the archive carries it under charts/. */
  bundled: boolean;
}

/** What Berth reads from a chart's files. */
export interface InspectedChart {
  /** The archive's top folder, e.g. `cart`. */
  root: string;
  metadata: ChartMetadata;
  dependencies: DeclaredDependency[];
  values: string;
  schema?: Record<string, unknown>;
}

/** Refuses a chart name that is not a DNS-1123 label. */
export function assertChartName(name: unknown, source: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InputError(`${source}: Chart.yaml has no name`);
  }
  if (name.length > 63 || !DNS_LABEL.test(name)) {
    throw new InputError(
      `${source}: the chart name '${name}' is not a DNS-1123 label (at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit)`,
    );
  }
  return name;
}

/** Refuses a version that is not SemVer 2. */
export function assertChartVersion(version: unknown, source: string): string {
  const asText =
    typeof version === 'number' ? String(version) : (version as string);
  if (typeof asText !== 'string' || !SEMVER.test(asText)) {
    throw new InputError(
      `${source}: the chart version '${String(
        version ?? '',
      )}' is not a SemVer 2 version such as 1.2.3`,
    );
  }
  return asText;
}

const optionalString = (value: unknown) =>
  value === undefined || value === null ? undefined : String(value);

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value)
    ? value.filter(v => typeof v === 'string')
    : undefined;
}

function text(files: ArchiveFiles, path: string): string | undefined {
  const file = files.get(path);
  return file === undefined ? undefined : file.toString('utf8');
}

function readDependencies(
  raw: unknown,
  files: ArchiveFiles,
  root: string,
  source: string,
): DeclaredDependency[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    throw new InputError(`${source}: 'dependencies' must be a list`);
  }
  return raw.map((dep, i) => {
    if (!isPlainObject(dep) || typeof dep.name !== 'string' || !dep.name) {
      throw new InputError(`${source}: dependency ${i + 1} has no name`);
    }
    const name = dep.name;
    const prefix = `${root}/charts/`;
    const bundled = [...files.keys()].some(
      path =>
        path === `${prefix}${name}/Chart.yaml` ||
        (path.startsWith(`${prefix}${name}-`) &&
          path.endsWith('.tgz') &&
          /^\d/.test(path.slice(`${prefix}${name}-`.length)) &&
          !path.slice(prefix.length).includes('/')),
    );
    return {
      name,
      version: optionalString(dep.version) ?? '',
      repository: optionalString(dep.repository) || undefined,
      alias: optionalString(dep.alias),
      condition: optionalString(dep.condition),
      bundled,
    };
  });
}

/**
 * Reads Chart.yaml (refusing a missing or invalid one, a name that is not a
 * DNS-1123 label and a version that is not SemVer), the dependencies,
 * values.yaml (through the safe YAML reader: no alias bombs) and
 * values.schema.json (which must compile as a JSON Schema).
 */
export function inspectChartFiles(
  files: ArchiveFiles,
  source: string,
): InspectedChart {
  const roots = new Set([...files.keys()].map(path => path.split('/')[0]));
  const withChart = [...roots].filter(root => files.has(`${root}/Chart.yaml`));
  if (withChart.length === 0) {
    throw new InputError(
      `${source} has no Chart.yaml in its top folder; is it a Helm chart?`,
    );
  }
  if (roots.size > 1) {
    throw new InputError(
      `${source} has ${roots.size} top-level entries (${[...roots]
        .slice(0, 5)
        .join(', ')}); a chart archive holds one chart folder`,
    );
  }
  const root = withChart[0];
  const chartSource = `${source}: Chart.yaml`;
  const chart = parseYamlValue(text(files, `${root}/Chart.yaml`)!, {
    source: chartSource,
    maxBytes: MAX_CHART_YAML_BYTES,
  });
  if (!isPlainObject(chart)) {
    throw new InputError(`${chartSource} is not a mapping`);
  }
  const apiVersion = chart.apiVersion;
  if (apiVersion !== 'v1' && apiVersion !== 'v2') {
    throw new InputError(
      `${chartSource}: apiVersion must be v1 or v2, not '${String(
        apiVersion ?? '',
      )}'`,
    );
  }
  const name = assertChartName(chart.name, source);
  const version = assertChartVersion(chart.version, source);
  if (
    chart.type !== undefined &&
    !['application', 'library'].includes(String(chart.type))
  ) {
    throw new InputError(
      `${chartSource}: type must be application or library, not '${String(
        chart.type,
      )}'`,
    );
  }
  const maintainers = Array.isArray(chart.maintainers)
    ? chart.maintainers.filter(isPlainObject).map(m => ({
        name: String(m.name ?? ''),
        email: optionalString(m.email),
        url: optionalString(m.url),
      }))
    : undefined;
  const metadata: ChartMetadata = {
    apiVersion,
    name,
    version: version.replace(/^v/, '') === version ? version : version,
    appVersion: optionalString(chart.appVersion),
    description: optionalString(chart.description),
    type: optionalString(chart.type),
    kubeVersion: optionalString(chart.kubeVersion),
    keywords: stringList(chart.keywords),
    home: optionalString(chart.home),
    icon: optionalString(chart.icon),
    sources: stringList(chart.sources),
    maintainers,
    deprecated: chart.deprecated === true ? true : undefined,
  };
  for (const key of Object.keys(metadata) as Array<keyof ChartMetadata>) {
    if (metadata[key] === undefined) delete metadata[key];
  }

  let declared = chart.dependencies;
  if (apiVersion === 'v1' && files.has(`${root}/requirements.yaml`)) {
    const requirements = parseYamlValue(
      text(files, `${root}/requirements.yaml`)!,
      {
        source: `${source}: requirements.yaml`,
        maxBytes: MAX_CHART_YAML_BYTES,
      },
    );
    declared = isPlainObject(requirements)
      ? requirements.dependencies
      : undefined;
  }
  const dependencies = readDependencies(declared, files, root, chartSource);

  const values = text(files, `${root}/values.yaml`) ?? '';
  parseValuesYaml(values, {
    source: `${source}: values.yaml`,
    maxBytes: MAX_CHART_YAML_BYTES,
  });

  let schema: Record<string, unknown> | undefined;
  const schemaText = text(files, `${root}/values.schema.json`);
  if (schemaText !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(schemaText);
    } catch (error) {
      throw new InputError(
        `${source}: values.schema.json is not valid JSON: ${
          (error as Error).message
        }`,
      );
    }
    if (!isPlainObject(parsed)) {
      throw new InputError(
        `${source}: values.schema.json must hold a JSON object`,
      );
    }
    compileValuesSchema(parsed, `${source}: values.schema.json`);
    schema = parsed;
  }
  return { root, metadata, dependencies, values, schema };
}

/** The dependencies as reported, after any resolution attempt. */
export function dependencyInfo(
  declared: DeclaredDependency,
  status: ChartDependencyInfo['status'],
  reason?: string,
): ChartDependencyInfo {
  const info: ChartDependencyInfo = {
    name: declared.name,
    version: declared.version,
    status,
  };
  if (declared.repository) info.repository = declared.repository;
  if (declared.alias) info.alias = declared.alias;
  if (declared.condition) info.condition = declared.condition;
  if (reason) info.reason = reason;
  return info;
}
