import { InputError } from '@backstage/errors';
import { maskSecretTokensDeep } from '../secretValues';
import {
  BERTH_LABELS,
  BerthProject,
  EnvironmentServiceSettings,
} from '@berth/plugin-berth-common';
import { ResolvedDeployment } from '../deployments/resolveDeployment';
import { ChartSources } from '../deployments/chartSources';
import { StoredEnvironment } from '../model/environment';
import { HelmRunner } from '../kubernetes/HelmRunner';
import { injectLabels, KubeObject } from '../kubernetes/injectLabels';
import { ServiceStore } from '../services/ServiceStore';
import { objectYaml, parseManifest } from '../shared/manifestYaml';
import { sortKeys } from './normalizeObject';
import { resolveServiceDeployment } from '../deployments/resolveServiceDeployment';

/** A service rendered for an environment. */
export interface RenderedService {
  service: string;
  kind: 'helm' | 'manifests';
  /** The settings rendered with (revision set). */
  settings: EnvironmentServiceSettings;
  resolved: ResolvedDeployment;
  /** The objects a deploy would apply, labelled; Secret values as they are. */
  objects: KubeObject[];
  /** Merged Helm values, or the manifests variables, as YAML (keys sorted). */
  values: string;
}

/**
 * Renders a service for an environment exactly as a deploy would: the same
 * resolveDeployment (values precedence, image overrides, `--set`), the same
 * labels; Helm charts through `helm template` with the deploy's
 * post-renderer, manifests as the manifests applier prepares them.
 */
export class ServiceRenderer {
  constructor(
    private readonly deps: {
      services: ServiceStore;
      helm: HelmRunner;
      /** Where the services' charts come from (as deploys get them). */
      charts: ChartSources;
    },
  ) {}

  /**
   * Resolves a service's deployment, with `proposed` settings replacing the
   * environment's field by field. No rendering: cheap, for values diffs.
   */
  async resolve(input: {
    project: BerthProject;
    environment: StoredEnvironment;
    service: string;
    proposed?: EnvironmentServiceSettings;
  }): Promise<Omit<RenderedService, 'objects'>> {
    const { project, environment, service } = input;
    const info = project.services.find(s => s.name === service);
    if (!info) {
      throw new InputError(
        `Project '${project.name}' has no service named '${service}'`,
      );
    }
    const settings: EnvironmentServiceSettings = {
      ...environment.services[service],
      ...input.proposed,
    };
    const resolved = await resolveServiceDeployment(this.deps.services, info, {
      project,
      environment,
      settings,
      charts: this.deps.charts,
    });
    const target = resolved.deployment.target;
    return {
      service,
      kind: target.kind,
      settings: { ...settings, revision: resolved.revision },
      resolved,
      values: objectYaml(
        sortKeys(
          target.kind === 'helm' ? target.values : settings.variables ?? {},
        ),
      ),
    };
  }

  /** Renders a service (see {@link resolve}) into the objects a deploy would apply. */
  async render(
    input: Parameters<ServiceRenderer['resolve']>[0],
  ): Promise<RenderedService> {
    const resolved = await this.resolve(input);
    const { deployment } = resolved.resolved;
    const { target, namespace, labels } = deployment;
    let objects: KubeObject[];
    if (target.kind === 'helm') {
      const manifest = await this.deps.helm.template({
        namespace,
        release: target.release,
        chart: target.chart,
        // Previews never see secret values: the sealed ones render masked.
        values: maskSecretTokensDeep(target.values),
        labels,
      });
      objects = parseManifest(manifest);
    } else {
      // As ManifestApplier prepares them.
      const applied = { ...labels, [BERTH_LABELS.managedBy]: 'berth' };
      objects = target.objects.map(object =>
        injectLabels(
          { ...object, metadata: { ...object.metadata, namespace } },
          applied,
        ),
      );
    }
    return { ...resolved, objects };
  }
}
