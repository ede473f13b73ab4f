import { HelmCall } from './helmCall';
import { assertReleaseName, helmChartArgs, releaseLabelArgs } from './helmArgs';
import { HelmUpgradeInstallOptions } from './types';
import { writeValuesFile } from './valuesFile';

/**
 * `helm upgrade --install`; resolves with the release's new revision and
 * its manifest (as rendered and post-rendered, without hooks).
 */
export async function upgradeInstall(
  call: HelmCall,
  options: HelmUpgradeInstallOptions,
): Promise<{ revision: number; status: string; manifest: string }> {
  const { release, chart } = options;
  assertReleaseName(release);
  const timeoutSeconds = options.timeoutSeconds ?? 300;
  const chartArgs = helmChartArgs(chart);

  const stdout = await call({
    command: 'upgrade --install',
    namespace: options.namespace,
    kubeConfig: options.kubeConfig,
    makeArgs: async dir => {
      const valuesFile = await writeValuesFile(
        dir,
        'values.json',
        options.values ?? {},
      );
      const secretArgs = options.secretValues
        ? [
            '--values',
            await writeValuesFile(
              dir,
              'secret-values.json',
              options.secretValues,
            ),
          ]
        : [];
      return {
        args: [
          'upgrade',
          '--install',
          ...releaseLabelArgs(options.releaseLabels),
          ...chartArgs.flags,
          // Berth gives every value: without it, helm reuses the last
          // release's values when the given ones are empty (a rollback to a
          // record without values kept the later overrides)
          '--reset-values',
          '--values',
          valuesFile,
          ...secretArgs,
          '--timeout',
          `${timeoutSeconds}s`,
          ...(options.wait ? ['--wait'] : []),
          '--output',
          'json',
        ],
        positional: [release, chartArgs.reference],
      };
    },
    timeoutSeconds,
    labels: options.labels,
    release,
    signal: options.signal,
    check: options.check,
  });
  const result = JSON.parse(stdout);
  return {
    revision: Number(result.version),
    status: String(result.info?.status ?? 'unknown'),
    manifest: typeof result.manifest === 'string' ? result.manifest : '',
  };
}
