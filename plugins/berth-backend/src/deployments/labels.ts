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

/** A label selector for one service of one environment. */
export function serviceSelector(
  environmentId: string,
  service: string,
): string {
  return `${BERTH_LABELS.environment}=${environmentId},${BERTH_LABELS.service}=${service}`;
}
