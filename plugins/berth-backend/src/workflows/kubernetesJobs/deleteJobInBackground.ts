import { ObjectApi } from '../../kubernetes/ObjectApi';
import { kubeError, kubeStatusCode } from '../../kubernetes/kubeErrors';

/** Deletes a Job in the background (its pods with it); nothing when it is gone already. */
export async function deleteJobInBackground(
  objects: ObjectApi,
  job: { cluster: string; namespace: string; name: string },
): Promise<void> {
  const { cluster, namespace, name } = job;
  try {
    await objects.deleteInBackground({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace },
    });
  } catch (error) {
    if (kubeStatusCode(error) !== 404) {
      throw kubeError(
        `Could not delete Job '${name}' in namespace '${namespace}' of cluster '${cluster}'`,
        error,
      );
    }
  }
}
