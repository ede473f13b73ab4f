import { InputError } from '@backstage/errors';
import {
  DeploymentDiff,
  EnvironmentServiceSettings,
  ServicePreview,
  ValuesChangePreview,
} from '@berth/plugin-berth-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { DeploymentStore } from '../deployments/DeploymentStore';
import { environmentServiceSelector } from '../deployments/labels';
import { StoredEnvironment } from '../model/environment';
import { ProjectService } from '../projects/ProjectService';
import { parseValuesYaml } from '../values';
import { diffObjects, summarize, unifiedDiff } from './diffObjects';
import { dryRunApply, kindsOf, listLiveObjects } from './liveObjects';
import {
  objectYaml,
  parseManifest,
  stringifyManifest,
} from '../shared/manifestYaml';
import { sortKeys } from './normalizeObject';
import { redactSecret } from '../shared/redactSecrets';
import { ServiceRenderer } from './ServiceRenderer';

/** Whether an error says the cluster could not be asked at all. */
export function isUnreachable(error: unknown): boolean {
  return (error as Error)?.name === 'ServiceUnavailableError';
}

/**
 * Previews of a service for an environment (rendered, and compared with
 * what is live), diffs between deployment records, and what an
 * environment-wide values change would change.
 */
export class RenderingService {
  constructor(
    private readonly deps: {
      renderer: ServiceRenderer;
      projects: ProjectService;
      deployments: DeploymentStore;
      clusters: ClusterRegistry;
      /** Seals proposed secret values, so previews never hold them in plain text. */
      environmentService?: {
        sealValues(values: string, source: string, current?: string): string;
        sealServiceSettings(
          name: string,
          setting: EnvironmentServiceSettings,
          current: EnvironmentServiceSettings | undefined,
        ): EnvironmentServiceSettings;
      };
    },
  ) {}

  /**
   * Renders a service for an environment with `proposed` settings, and
   * compares the result with the live objects: each rendered object goes
   * through a server-side dry-run apply (defaults filled in, merged with the
   * live object as a deploy would), then both sides are normalized.
   */
  async preview(
    environment: StoredEnvironment,
    service: string,
    proposed: EnvironmentServiceSettings = {},
  ): Promise<ServicePreview> {
    const project = await this.deps.projects.getProject(environment.projectRef);
    const rendered = await this.deps.renderer.render({
      project,
      environment,
      service,
      proposed:
        this.deps.environmentService?.sealServiceSettings(
          service,
          proposed,
          environment.services[service],
        ) ?? proposed,
    });
    const base = {
      environmentId: environment.id,
      service,
      kind: rendered.kind,
      revision: rendered.resolved.revision,
      settings: rendered.settings,
      values: rendered.values,
      manifest: stringifyManifest(rendered.objects.map(redactSecret)),
      images: rendered.resolved.images,
    };
    const unavailable = (message: string): ServicePreview => {
      const objects = diffObjects([], rendered.objects, ['live', 'rendered']);
      return {
        ...base,
        live: 'unavailable',
        message,
        objects,
        summary: summarize(objects),
      };
    };
    const problem = this.deps.clusters.connectionProblem(environment.cluster);
    if (problem) {
      return unavailable(
        `Cluster '${environment.cluster}' is Disconnected: ${problem}`,
      );
    }
    try {
      const kubeConfig = this.deps.clusters.kubeConfig(environment.cluster);
      // Manifests services are applied by the field manager `berth`: a dry
      // run as `berth` also drops what the new render no longer sets.
      const desired = await dryRunApply(
        kubeConfig,
        environment.namespace,
        rendered.objects,
        rendered.kind === 'manifests' ? 'berth' : 'berth-preview',
      );
      const live = await listLiveObjects(
        kubeConfig,
        environment.namespace,
        environmentServiceSelector(environment.id, service),
        kindsOf(rendered.objects),
      );
      const objects = diffObjects(live, desired, ['live', 'rendered']);
      return {
        ...base,
        live: 'compared',
        objects,
        summary: summarize(objects),
      };
    } catch (error) {
      if (isUnreachable(error)) return unavailable((error as Error).message);
      throw error;
    }
  }

  /**
   * Compares two deployment records of one service in one environment: the
   * merged values, the settings and the rendered manifests (Secret values
   * redacted in both). InputError when a record is of another service or
   * environment, NotFoundError when there is no such record.
   */
  async deploymentDiff(
    environment: StoredEnvironment,
    service: string,
    fromId: string,
    toId: string,
  ): Promise<DeploymentDiff> {
    const [from, to] = await Promise.all(
      [fromId, toId].map(id => this.deps.deployments.get(id)),
    );
    for (const record of [from, to]) {
      if (record.environmentId !== environment.id) {
        throw new InputError(
          `Deployment record '${record.id}' is of another environment, not of environment '${environment.name}'`,
        );
      }
      if (record.service !== service) {
        throw new InputError(
          `Deployment record '${record.id}' is of service '${record.service}', not of service '${service}'`,
        );
      }
    }
    const [a, b] = await Promise.all(
      [from, to].map(r => this.deps.deployments.getSnapshot(r.id)),
    );
    const objects = diffObjects(
      parseManifest(a.manifest ?? ''),
      parseManifest(b.manifest ?? ''),
      ['from', 'to'],
    );
    const missing = [from, to]
      .filter((_, i) => [a, b][i].manifest === undefined)
      .map(r => r.id);
    return {
      from,
      to,
      values: unifiedDiff('values.yaml', a.values ?? '', b.values ?? '', [
        'from',
        'to',
      ]),
      settings: unifiedDiff(
        'settings.yaml',
        a.settings ? objectYaml(sortKeys(a.settings)) : '',
        b.settings ? objectYaml(sortKeys(b.settings)) : '',
        ['from', 'to'],
      ),
      objects,
      summary: summarize(objects),
      ...(missing.length > 0 && {
        message: `No snapshot of what deployment record(s) ${missing.join(
          ', ',
        )} deployed (deployed before Berth kept snapshots, or the deploy failed before anything was applied)`,
      }),
    };
  }

  /**
   * The services whose merged values change when the environment-wide
   * values become `values`, each with a diff of its merged values. Nothing
   * is rendered or written. InputError when `values` is not valid YAML.
   */
  async valuesChange(
    environment: StoredEnvironment,
    values: string,
  ): Promise<ValuesChangePreview> {
    parseValuesYaml(values, {
      source: `values of environment '${environment.name}'`,
    });
    const project = await this.deps.projects.getProject(environment.projectRef);
    const proposed = {
      ...environment,
      values:
        this.deps.environmentService?.sealValues(
          values,
          `values of environment '${environment.name}'`,
          environment.values,
        ) ?? values,
    };
    const changed: ValuesChangePreview['changed'] = [];
    const unchanged: string[] = [];
    for (const { name } of project.services) {
      const [before, after] = await Promise.all(
        [environment, proposed].map(env =>
          this.deps.renderer.resolve({
            project,
            environment: env,
            service: name,
          }),
        ),
      );
      if (before.resolved.digest === after.resolved.digest) {
        unchanged.push(name);
      } else {
        changed.push({
          service: name,
          diff: unifiedDiff('values.yaml', before.values, after.values, [
            'current',
            'proposed',
          ]),
        });
      }
    }
    return { environmentId: environment.id, changed, unchanged };
  }
}
