import { stringifyError } from '@backstage/errors';
import { BerthSandboxDetails } from '@berth/plugin-berth-common';
import { V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import { environmentServiceSelector } from '../../deployments/labels';
import { RoutingObjects } from '../routing/kube/RoutingObjects';
import { StoredSandbox } from '../SandboxStore';

type ForkStatus = BerthSandboxDetails['forkStatus'][number];

const KINDS = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
];

/** The live state of each fork's workloads in the sandbox namespace. */
export async function forkStatus(
  objects: RoutingObjects,
  sandbox: Pick<StoredSandbox, 'id' | 'namespace' | 'forks'>,
): Promise<ForkStatus[]> {
  return Promise.all(
    sandbox.forks.map(async ({ service }): Promise<ForkStatus> => {
      try {
        const selector = environmentServiceSelector(sandbox.id, service);
        const workloads = (
          await Promise.all(
            KINDS.map(kind =>
              objects.list<V1Deployment | V1StatefulSet>(
                kind,
                sandbox.namespace,
                selector,
              ),
            ),
          )
        ).flat();
        const desired = workloads.reduce(
          (sum, w) => sum + (w.spec?.replicas ?? 1),
          0,
        );
        const ready = workloads.reduce(
          (sum, w) => sum + (w.status?.readyReplicas ?? 0),
          0,
        );
        const images = [
          ...new Set(
            workloads.flatMap(w =>
              (w.spec?.template?.spec?.containers ?? []).map(c => c.image!),
            ),
          ),
        ].filter(Boolean);
        let status: ForkStatus['status'] = 'Running';
        if (workloads.length === 0) status = 'NotDeployed';
        else if (ready < desired) status = 'Deploying';
        return { service, status, ready, desired, images };
      } catch (error) {
        return {
          service,
          status: 'Disconnected',
          ready: 0,
          desired: 0,
          images: [],
          message: stringifyError(error),
        };
      }
    }),
  );
}
