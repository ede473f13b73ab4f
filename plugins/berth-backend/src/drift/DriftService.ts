import { InputError } from '@backstage/errors';
import {
  DriftState,
  EnvironmentDrift,
  ObjectDiff,
  ServiceDrift,
} from '@berth/plugin-berth-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { DeploymentStore } from '../deployments/DeploymentStore';
import { DeployOrchestrator } from '../deployments/DeployOrchestrator';
import { environmentServiceSelector } from '../deployments/labels';
import { StoredEnvironment } from '../model/environment';
import { KubeObject } from '../kubernetes/injectLabels';
import { ProjectService } from '../projects/ProjectService';
import { diffObjects, objectKey } from '../rendering/diffObjects';
import {
  dryRunApply,
  kindsOf,
  listLiveObjects,
} from '../rendering/liveObjects';
import { outOfBandFields } from '../rendering/managedFields';
import { parseManifest } from '../shared/manifestYaml';
import { isSecret } from '../shared/redactSecrets';
import { isUnreachable } from '../rendering/RenderingService';

/** Field manager of drift's dry runs: never the deploy's own. */
const DRIFT_FIELD_MANAGER = 'berth-drift';

/**
 * Whether the live objects of a service still match what Berth last
 * deployed: the manifest snapshot of the last successful deployment record
 * goes through a server-side dry-run apply (so defaults and fields others
 * own are filled in as the API server would) and is compared with the live
 * objects, normalized. Fields that a manager other than Berth, Helm or the
 * control plane set (kubectl edit, set, patch) are reported too. Secrets are
 * compared by their keys only: snapshots hold no Secret values.
 */
export class DriftService {
  constructor(
    private readonly deps: {
      projects: ProjectService;
      deployments: DeploymentStore;
      clusters: ClusterRegistry;
      orchestrator: DeployOrchestrator;
    },
  ) {}

  async environmentDrift(
    environment: StoredEnvironment,
  ): Promise<EnvironmentDrift> {
    const project = await this.deps.projects.getProject(environment.projectRef);
    const services: ServiceDrift[] = [];
    // One service after another: each is a handful of API calls.
    for (const { name } of project.services) {
      services.push(await this.check(environment, name));
    }
    return {
      environmentId: environment.id,
      state: rollUp(services.map(s => s.state)),
      services,
      checkedAt: new Date().toISOString(),
    };
  }

  async serviceDrift(
    environment: StoredEnvironment,
    service: string,
  ): Promise<ServiceDrift> {
    const project = await this.deps.projects.getProject(environment.projectRef);
    if (!project.services.some(s => s.name === service)) {
      throw new InputError(
        `Project '${project.name}' has no service named '${service}'`,
      );
    }
    return this.check(environment, service);
  }

  private async check(
    environment: StoredEnvironment,
    service: string,
  ): Promise<ServiceDrift> {
    const checkedAt = new Date().toISOString();
    const unknown = (reason: string, deploymentId?: string): ServiceDrift => ({
      service,
      state: 'Unknown',
      reason,
      deploymentId,
      objects: [],
      checkedAt,
    });
    if ((environment as { sleeping?: boolean }).sleeping) {
      return unknown('The environment is asleep');
    }
    if (this.deps.orchestrator.deploying(environment.id).has(service)) {
      return unknown('A deploy of the service is in progress');
    }
    const record = await this.deps.deployments.lastSucceeded(
      environment.id,
      service,
    );
    if (!record) {
      return unknown('Never deployed successfully into this environment');
    }
    const { manifest } = await this.deps.deployments.getSnapshot(record.id);
    if (manifest === undefined) {
      return unknown(
        'The last deploy predates deployment snapshots; redeploy the service to track drift',
        record.id,
      );
    }
    const problem = this.deps.clusters.connectionProblem(environment.cluster);
    if (problem) {
      return unknown(
        `Cluster '${environment.cluster}' is Disconnected: ${problem}`,
        record.id,
      );
    }
    try {
      const objects = await this.compare(
        environment,
        service,
        parseManifest(manifest),
      );
      return {
        service,
        state: objects.length > 0 ? 'Drifted' : 'InSync',
        deploymentId: record.id,
        objects,
        checkedAt,
      };
    } catch (error) {
      if (isUnreachable(error)) {
        return unknown((error as Error).message, record.id);
      }
      throw error;
    }
  }

  /** The objects that differ, deployed → live. */
  private async compare(
    environment: StoredEnvironment,
    service: string,
    deployed: KubeObject[],
  ): Promise<ObjectDiff[]> {
    const kubeConfig = this.deps.clusters.kubeConfig(environment.cluster);
    const { namespace } = environment;
    const live = await listLiveObjects(
      kubeConfig,
      namespace,
      environmentServiceSelector(environment.id, service),
      kindsOf(deployed),
    );
    const liveByKey = new Map(live.map(o => [objectKey(o), o]));
    // Only what is still there can be dry-run onto the live object; what is
    // gone shows as removed.
    const present = deployed.filter(o => liveByKey.has(objectKey(o)));
    const applied = await dryRunApply(
      kubeConfig,
      namespace,
      present.map(withoutSecretValues),
      DRIFT_FIELD_MANAGER,
    );
    const expected = applied.map((object, index) =>
      isSecret(object)
        ? withSecretKeysOf(
            object,
            present[index],
            liveByKey.get(objectKey(object)),
          )
        : object,
    );
    const missing = deployed.filter(o => !liveByKey.has(objectKey(o)));
    // A Secret's values are compared by key (its data is set through
    // stringData, so who owns a data field says nothing about its value).
    const outOfBand = new Map(
      applied.map(o => [
        objectKey(o),
        outOfBandFields(o).filter(
          field => !(isSecret(o) && /^[^:]+: (data|stringData)\./.test(field)),
        ),
      ]),
    );
    return diffObjects([...expected, ...missing], live, ['deployed', 'live'])
      .map(diff => {
        const key = objectKey({
          apiVersion: diff.apiVersion,
          kind: diff.kind,
          metadata: { name: diff.name },
        });
        const fields = outOfBand.get(key) ?? [];
        return fields.length > 0 ? { ...diff, outOfBand: fields } : diff;
      })
      .filter(diff => diff.change !== 'unchanged' || diff.outOfBand);
  }
}

/** A Secret without values (snapshots hold none), for the dry run. */
function withoutSecretValues(object: KubeObject): KubeObject {
  if (!isSecret(object)) return object;
  const { data: _data, stringData: _stringData, ...rest } = object;
  return rest;
}

/**
 * The Secret as deployed: the keys of the snapshot, with the live values
 * where the live Secret has the key, so that only added or removed keys
 * differ.
 */
function withSecretKeysOf(
  applied: KubeObject,
  deployed: KubeObject,
  live: KubeObject | undefined,
): KubeObject {
  const keys = [
    ...Object.keys((deployed.data as object) ?? {}),
    ...Object.keys((deployed.stringData as object) ?? {}),
  ];
  const liveData = (live?.data as Record<string, string>) ?? {};
  const { stringData: _stringData, data: _data, ...rest } = applied;
  if (keys.length === 0) return rest;
  return {
    ...rest,
    data: Object.fromEntries(
      keys.map(key => [key, liveData[key] ?? '<missing>']),
    ),
  };
}

function rollUp(states: DriftState[]): DriftState {
  if (states.includes('Drifted')) return 'Drifted';
  if (states.includes('Unknown')) return 'Unknown';
  return 'InSync';
}
