import { ConflictError, NotFoundError } from '@backstage/errors';
import { BERTH_LABELS } from '@berth/plugin-berth-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { HelmRunner } from '../kubernetes/HelmRunner';
import {
  assertReleaseNotForeign,
  berthReleaseLabels,
  helmReleaseOwner,
} from '../kubernetes/helmReleaseOwner';
import { ManifestApplier } from '../kubernetes/ManifestApplier';
import {
  restartWorkloads,
  scaleWorkloads,
  waitForWorkloadsReady,
} from '../kubernetes/workloads';
import { stringifyManifest } from '../shared/manifestYaml';
import { Deployer, ServiceDeployment, WorkloadControl } from './Deployer';
import { DeployerIdentities } from './DeployerIdentities';
import { profilePhase } from '../shared/deployProfile';

/**
 * Deploys to the real clusters: Helm services as Helm releases (labelled
 * through a post-renderer), manifests services by server-side apply with
 * pruning; readiness from the workloads' rollout state. Helm and the apply
 * run as the environment's deployer identity (see DeployerIdentities),
 * never with Berth's own credentials, and the rendered objects are checked
 * against the namespace (and the cluster's allowlists) before anything is
 * applied.
 */
export class KubernetesDeployer implements Deployer, WorkloadControl {
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly helm: HelmRunner,
    private readonly identities: DeployerIdentities,
  ) {}

  async deploy(
    deployment: ServiceDeployment,
    options: { signal?: AbortSignal } = {},
  ) {
    const { target, namespace, labels, cluster } = deployment;
    const check = this.identities.check(cluster, namespace);
    if (target.kind === 'helm') {
      // Never upgrade a release of the same name that is not Berth's.
      await profilePhase('deploy.foreignCheck', () =>
        assertReleaseNotForeign(
          this.clusters.kubeConfig(cluster),
          {
            namespace,
            release: target.release,
            environmentId: labels[BERTH_LABELS.environment],
          },
          'upgrade',
        ),
      );
      // helm waits on the API server as long as TCP allows: a watchdog
      // stops it when the cluster stops answering, naming the cluster.
      const watchdog = this.clusters.answerWatchdog(deployment.cluster);
      const signal = options.signal
        ? AbortSignal.any([options.signal, watchdog.signal])
        : watchdog.signal;
      const upgrade = async () =>
        this.helm.upgradeInstall({
          kubeConfig: await this.identities.kubeConfig(cluster, namespace),
          namespace,
          release: target.release,
          chart: target.chart,
          values: target.values,
          secretValues: target.secretValues,
          labels,
          releaseLabels: berthReleaseLabels(labels[BERTH_LABELS.environment]),
          wait: false,
          signal,
          check,
        });
      try {
        const { revision, manifest } = await upgrade().catch(async error => {
          // A release a killed helm left pending-*: only Berth deploys it,
          // one operation per environment at a time, so nobody else is
          // changing it. Repair, then try once more.
          if (!(error instanceof ConflictError)) throw error;
          await this.repair(deployment);
          return upgrade();
        });
        return { helmRevision: revision, manifest };
      } catch (error) {
        throw watchdog.signal.aborted ? watchdog.signal.reason : error;
      } finally {
        watchdog.stop();
      }
    }
    await check(target.objects);
    const { objects } = await new ManifestApplier(
      await this.identities.kubeConfig(cluster, namespace),
    ).apply({
      namespace,
      objects: target.objects,
      labels,
    });
    return { manifest: stringifyManifest(objects) };
  }

  async repair(deployment: ServiceDeployment): Promise<void> {
    if (deployment.target.kind !== 'helm') return;
    await assertReleaseNotForeign(
      this.clusters.kubeConfig(deployment.cluster),
      {
        namespace: deployment.namespace,
        release: deployment.target.release,
        environmentId: deployment.labels[BERTH_LABELS.environment],
      },
      'repair',
    );
    await this.helm.repairPending({
      kubeConfig: await this.identities.kubeConfig(
        deployment.cluster,
        deployment.namespace,
      ),
      namespace: deployment.namespace,
      release: deployment.target.release,
    });
  }

  async waitUntilReady(
    deployment: Pick<
      ServiceDeployment,
      'cluster' | 'namespace' | 'selector' | 'service'
    >,
    timeoutMs: number,
    signal?: AbortSignal,
  ) {
    await waitForWorkloadsReady({
      kubeConfig: this.clusters.kubeConfig(deployment.cluster),
      namespace: deployment.namespace,
      selector: deployment.selector,
      timeoutMs,
      signal,
    });
  }

  async remove(deployment: Parameters<Deployer['remove']>[0]): Promise<void> {
    let kubeConfig;
    try {
      kubeConfig = await this.identities.kubeConfig(
        deployment.cluster,
        deployment.namespace,
      );
    } catch (error) {
      // No namespace to make the identity in: nothing to remove either.
      if (error instanceof NotFoundError) return;
      throw error;
    }
    if (deployment.kind === 'helm') {
      // A release of the same name that is not Berth's is left alone.
      const { owner } = await helmReleaseOwner(
        this.clusters.kubeConfig(deployment.cluster),
        deployment.namespace,
        deployment.release,
        deployment.labels[BERTH_LABELS.environment],
      );
      if (owner !== 'environment') return;
      await this.helm
        .uninstall({
          kubeConfig,
          namespace: deployment.namespace,
          release: deployment.release,
          wait: true,
        })
        .catch(error => {
          if (!(error instanceof NotFoundError)) throw error;
        });
      return;
    }
    await new ManifestApplier(kubeConfig).deleteAll({
      namespace: deployment.namespace,
      service: deployment.service,
      environment: deployment.labels[BERTH_LABELS.environment],
    });
  }

  async restart(cluster: string, namespace: string, selector: string) {
    await restartWorkloads({
      kubeConfig: this.clusters.kubeConfig(cluster),
      namespace,
      selector,
    });
  }

  async scale(
    cluster: string,
    namespace: string,
    selector: string,
    replicas: number,
  ) {
    await scaleWorkloads({
      kubeConfig: this.clusters.kubeConfig(cluster),
      namespace,
      selector,
      replicas,
    });
  }
}
