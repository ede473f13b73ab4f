import { V1PodSpec } from '@kubernetes/client-node';
import { BuildConfig } from './buildConfig';

/** The container every build pod runs its build in (the runner reads its termination message). */
export const BUILD_CONTAINER = 'build';

/** What both build pods share: no service account token, no service links, Never restart, placement from config. */
export function basePodSpec(
  config: BuildConfig,
): Omit<V1PodSpec, 'containers'> {
  return {
    restartPolicy: 'Never',
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    ...(Object.keys(config.nodeSelector).length > 0 && {
      nodeSelector: { ...config.nodeSelector },
    }),
    ...(config.tolerations.length > 0 && {
      tolerations: config.tolerations.map(t => ({ ...t })),
    }),
  };
}
