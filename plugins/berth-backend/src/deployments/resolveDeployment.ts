import {
  BerthProject,
  imageReferenceAt,
  EnvironmentServiceSettings,
  ServiceRevision,
} from '@berth/plugin-berth-common';
import { renderManifests } from '../manifests';
import { containerImages } from './containerImages';
import { parseValuesYaml, resolveServiceValues, valuesDigest } from '../values';
import { ServiceDeployment } from './Deployer';
import { serviceLabels, environmentServiceSelector } from './labels';
import { StoredEnvironment } from '../model/environment';
import { ChartSources } from './chartSources';
import { validateValuesAgainstSchema } from '../charts/valuesSchema';
import { mergeValues } from '../values';
import { HelmChart } from '../kubernetes/HelmRunner';
import { environmentScope, SecretScope, SecretValues } from '../secretValues';

/** A service deployment with what its deployment record needs. */
export interface ResolvedDeployment {
  deployment: ServiceDeployment;
  revision: number;
  digest: string;
  /**
   * The images it deploys, as far as known before rendering: a Helm
   * service's from its image paths (the rendered manifest's images replace
   * them on the record), a manifests service's from its containers.
   */
  images: string[];
  /** The plain texts of the secret values deployed, to scrub from messages. */
  secretTexts: string[];
  /** The secret values deployed, by id: what the deployment record's Secret keeps. */
  secretEntries: Record<string, unknown>;
}

/**
 * Turns a service revision plus the project's and environment's settings into
 * what gets deployed. Helm values go in Berth's precedence (lowest first): the
 * chart's values.yaml (applied by Helm) < the service's default values <
 * project values < environment-wide values < per-service override < image
 * overrides < per-service `--set` values.
 *
 * An imported (archive) chart is materialized as a local .tgz file through
 * `charts`, and the merged values, over the chart's values.yaml, must pass
 * the chart's values.schema.json (InputError naming the paths otherwise).
 */
export async function resolveDeployment(input: {
  project: BerthProject;
  environment: StoredEnvironment;
  componentRef: string;
  revision: ServiceRevision;
  settings: EnvironmentServiceSettings;
  charts: ChartSources;
  /** Reads the secret values from their Secrets; without it they go to helm as references. */
  secrets?: SecretValues;
  /** Merged values to deploy instead of the resolved ones (a rollback's). */
  valuesOverride?: Record<string, unknown>;
  /** The deployment record rolled back to: its Secret is read first. */
  rollbackOf?: string;
}): Promise<ResolvedDeployment> {
  const { project, environment, revision, settings } = input;
  // Where the referenced secret values are: the record rolled back to, the
  // environment's namespace, the project's namespace (services' defaults).
  const scopes: SecretScope[] = [
    ...(input.rollbackOf
      ? [
          {
            kind: 'record' as const,
            cluster: environment.cluster,
            namespace: environment.namespace,
            recordId: input.rollbackOf,
          },
        ]
      : []),
    environmentScope(environment),
    { kind: 'project', projectRef: project.ref },
  ];
  const service = revision.service;
  const labels = serviceLabels({
    projectName: project.name,
    environmentId: environment.id,
    service,
    componentRef: input.componentRef,
  });
  const base = {
    cluster: environment.cluster,
    namespace: environment.namespace,
    service,
    labels,
    selector: environmentServiceSelector(environment.id, service),
  };
  const spec = revision.spec;

  if (spec.kind === 'helm') {
    const resolved = resolveServiceValues({
      service,
      chartValues: parseValuesYaml(spec.values, {
        source: `default values of service '${service}'`,
      }),
      projectValues: parseValuesYaml(project.values, {
        source: `values of project '${project.name}'`,
      }),
      environmentValues: parseValuesYaml(environment.values, {
        source: `values of environment '${environment.name}'`,
      }),
      serviceOverrides: parseValuesYaml(settings.values ?? '', {
        source: `override values of service '${service}'`,
      }),
      imagePaths: spec.images,
      images: settings.images,
      setValues: settings.set,
    });
    const { values, digest } = input.valuesOverride
      ? {
          values: input.valuesOverride,
          digest: valuesDigest(input.valuesOverride),
        }
      : resolved;
    const opened = await input.secrets?.open(
      values,
      `values of service '${service}' in environment '${environment.name}'`,
      scopes,
    );
    let chart: HelmChart;
    // Where the images are read: the values over the chart's values.yaml
    // when it is known (an imported archive), else the values alone.
    let imageValues: Record<string, unknown> = values;
    if (spec.chart.type === 'archive') {
      if (!input.charts.archives) {
        throw new Error(
          `Service '${service}' uses an imported chart archive, but no chart archive store was given`,
        );
      }
      const archive = await input.charts.archives.materialize(
        spec.chart.digest,
      );
      const chartValues = parseValuesYaml(archive.values, {
        source: `values.yaml of chart '${spec.chart.name}'`,
        maxBytes: 1024 * 1024,
      });
      validateValuesAgainstSchema(
        archive.schema,
        mergeValues(chartValues, mergeValues(values, opened?.secretValues)),
        `The values of service '${service}' in environment '${environment.name}'`,
      );
      imageValues = mergeValues(chartValues, values);
      chart = archive.file;
    } else if (spec.chart.type === 'path') {
      chart = input.charts.path(spec.chart.path);
    } else {
      const ref = {
        repoUrl: spec.chart.url,
        name: spec.chart.name,
        version: spec.chart.version,
      };
      chart = input.charts.repository
        ? await input.charts.repository(ref)
        : ref;
    }
    const images = [
      ...new Set(
        spec.images
          .map(path => imageReferenceAt(imageValues, path))
          .filter((image): image is string => Boolean(image)),
      ),
    ];
    return {
      deployment: {
        ...base,
        target: {
          kind: 'helm',
          release: service,
          chart,
          values,
          ...(opened && { secretValues: opened.secretValues }),
        },
      },
      revision: revision.revision,
      digest,
      images,
      secretTexts: opened?.plaintexts ?? [],
      secretEntries: opened?.entries ?? {},
    };
  }

  const variables = settings.variables ?? {};
  // Sealed values (of `secret` variables) are opened only to render.
  const opened = await input.secrets?.open(
    variables,
    `variables of service '${service}' in environment '${environment.name}'`,
    scopes,
  );
  const objects = renderManifests(
    spec.manifests,
    spec.variables,
    { ...variables, ...opened?.secretValues },
    { source: `manifests of service '${service}'` },
  );
  return {
    deployment: { ...base, target: { kind: 'manifests', objects } },
    revision: revision.revision,
    digest: valuesDigest(variables),
    images: containerImages(objects),
    secretTexts: opened?.plaintexts ?? [],
    secretEntries: opened?.entries ?? {},
  };
}
