import { parseEntityRef } from '@backstage/catalog-model';
import { BERTH_LABELS } from '@berth/plugin-berth-common';

/** The labels Berth puts on everything it deploys for a service in an environment. */
export function serviceLabels(input: {
  projectName: string;
  environmentId: string;
  service: string;
  componentRef: string;
}): Record<string, string> {
  return {
    [BERTH_LABELS.managedBy]: 'berth',
    [BERTH_LABELS.project]: input.projectName,
    [BERTH_LABELS.environment]: input.environmentId,
    [BERTH_LABELS.service]: input.service,
    // The stock Kubernetes tab finds a Component's workloads by this label.
    [BERTH_LABELS.kubernetesId]: parseEntityRef(input.componentRef).name,
  };
}

/**
 * Selects what one service of one environment runs, whoever created it: Helm
 * sets `managed-by: Helm` on top-level objects, so unlike the manifests
 * applier's prune selector this one leaves `managed-by` out.
 */
export function environmentServiceSelector(
  environmentId: string,
  service: string,
): string {
  return `${BERTH_LABELS.environment}=${environmentId},${BERTH_LABELS.service}=${service}`;
}
