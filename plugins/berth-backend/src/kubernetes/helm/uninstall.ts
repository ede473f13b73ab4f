import { HelmCall } from './helmCall';
import { assertReleaseName } from './helmArgs';
import { HelmTarget } from './types';

/** What {@link uninstall} removes. */
export type HelmUninstallOptions = HelmTarget & {
  release: string;
  wait?: boolean;
  timeoutSeconds?: number;
  signal?: AbortSignal;
};

/** `helm uninstall`; NotFoundError when there is no such release. */
export async function uninstall(
  call: HelmCall,
  options: HelmUninstallOptions,
): Promise<void> {
  assertReleaseName(options.release);
  const timeoutSeconds = options.timeoutSeconds ?? 300;
  await call({
    command: 'uninstall',
    namespace: options.namespace,
    kubeConfig: options.kubeConfig,
    makeArgs: async () => ({
      args: [
        'uninstall',
        '--timeout',
        `${timeoutSeconds}s`,
        ...(options.wait ? ['--wait'] : []),
      ],
      positional: [options.release],
    }),
    timeoutSeconds,
    release: options.release,
    signal: options.signal,
  });
}
