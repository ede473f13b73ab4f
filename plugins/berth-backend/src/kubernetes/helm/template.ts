import { HelmCall } from './helmCall';
import { assertReleaseName, helmChartArgs } from './helmArgs';
import { HelmUpgradeInstallOptions } from './types';
import { writeValuesFile } from './valuesFile';

/** What {@link template} renders. */
export type HelmTemplateOptions = Omit<
  HelmUpgradeInstallOptions,
  'kubeConfig' | 'wait' | 'timeoutSeconds' | 'signal' | 'check'
>;

/**
 * `helm template` without hooks: the manifest an install of `chart` with
 * `values` (and `labels`, through the same post-renderer) would apply in
 * `namespace`. Needs no cluster.
 */
export async function template(
  call: HelmCall,
  options: HelmTemplateOptions,
): Promise<string> {
  const { release, chart } = options;
  assertReleaseName(release);
  const chartArgs = helmChartArgs(chart);
  return call({
    command: 'template',
    namespace: options.namespace,
    makeArgs: async dir => ({
      args: [
        'template',
        ...chartArgs.flags,
        '--values',
        await writeValuesFile(dir, 'values.json', options.values ?? {}),
        '--no-hooks',
      ],
      positional: [release, chartArgs.reference],
    }),
    labels: options.labels,
    release,
  });
}
