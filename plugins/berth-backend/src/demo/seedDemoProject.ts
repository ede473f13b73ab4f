import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ManifestVariable, ServiceSpec } from '@berth/plugin-berth-common';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { ProjectService } from '../projects/ProjectService';
import { ProjectStore } from '../projects/ProjectStore';

interface DemoService {
  name: string;
  component: string;
  kind: 'helm' | 'manifests';
  helm?: {
    chart: string;
    values?: string;
    images?: Array<{ name: string; repositoryPath: string; tagPath: string }>;
  };
  manifests?: {
    manifest: string;
    variables: string;
    values?: Record<string, unknown>;
  };
}

interface DemoProject {
  version: number;
  project: string;
  values?: Record<string, unknown>;
  services: DemoService[];
  startOrder: Array<{ name: string; services: string[] }>;
}

/**
 * Seeds a demo project (examples/demo-project.yaml) into Berth: its services
 * at revision 1, start order and project-wide values. Paths in the file are
 * relative to `rootDir`. Does nothing when the project already has services.
 */
export async function seedDemoProject(options: {
  file: string;
  rootDir: string;
  projects: ProjectService;
  projectStore: ProjectStore;
  logger: LoggerService;
}): Promise<void> {
  const path = (p: string) => (isAbsolute(p) ? p : resolve(options.rootDir, p));
  const demo = parse(await readFile(path(options.file), 'utf8')) as DemoProject;
  if (demo.version !== 1) {
    throw new InputError(
      `${options.file}: unknown demo project version ${demo.version}`,
    );
  }
  const name = demo.project.split('/').pop()!;
  await options.projectStore.upsert({ ref: demo.project, name });
  const existing = await options.projects.getProject(demo.project);
  if (existing.services.length > 0) return;

  for (const service of demo.services) {
    await options.projects.createService(
      demo.project,
      {
        name: service.name,
        componentRef: service.component,
        spec: await demoSpec(service, path),
      },
      'user:default/guest',
    );
  }
  await options.projects.setStartOrder(
    demo.project,
    demo.startOrder.map(group => group.services),
  );
  await options.projects.setValues(
    demo.project,
    demo.values ? stringifyYaml(demo.values) : '',
  );
  options.logger.info(
    `Seeded demo project ${demo.project}: ${demo.services.length} services in ${demo.startOrder.length} start-order groups`,
  );
}

async function demoSpec(
  service: DemoService,
  path: (p: string) => string,
): Promise<ServiceSpec> {
  if (service.kind === 'helm' && service.helm) {
    return {
      kind: 'helm',
      chart: { type: 'path', path: path(service.helm.chart) },
      values: service.helm.values
        ? await readFile(path(service.helm.values), 'utf8')
        : '',
      images: service.helm.images ?? [],
    };
  }
  if (service.kind === 'manifests' && service.manifests) {
    const definitions = parse(
      await readFile(path(service.manifests.variables), 'utf8'),
    ) as ManifestVariable[] | { variables: ManifestVariable[] };
    const variables = Array.isArray(definitions)
      ? definitions
      : definitions.variables;
    const given = service.manifests.values ?? {};
    return {
      kind: 'manifests',
      manifests: await readFile(path(service.manifests.manifest), 'utf8'),
      // The demo's values become the revision's defaults.
      variables: variables.map(v =>
        v.name in given ? { ...v, default: given[v.name] } : v,
      ),
    };
  }
  throw new InputError(
    `Demo service '${service.name}' has no ${service.kind} section`,
  );
}

function stringifyYaml(values: Record<string, unknown>): string {
  // JSON is YAML; the values round-trip exactly.
  return `${JSON.stringify(values, null, 2)}\n`;
}
