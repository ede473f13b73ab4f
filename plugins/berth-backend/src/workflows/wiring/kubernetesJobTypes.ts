import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { BerthJobType } from '@berth/plugin-berth-node';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { RegistryConfig } from '../../registries/RegistryConfig';
import {
  createBuildJobType,
  createEnsurePushSecret,
  readBuildConfig,
} from '../build';
import {
  createScriptJobType,
  createTestJobType,
  KubernetesJobRunner,
  kubernetesJobName,
  KubernetesJobSlots,
  readKubernetesJobSettings,
} from '../kubernetesJobs';

/**
 * The job types that run as Kubernetes Jobs (`script`, `test`, `build`),
 * with one runner over Berth's clusters and the settings of
 * `berth.workflows.jobs` and `berth.workflows.build`; every Job holds one of
 * its cluster's `slots` while it exists. Returns the runner too (the engine
 * deletes the Jobs a dead replica left through it).
 */
export function kubernetesJobTypes(deps: {
  config: Config;
  clusters: ClusterRegistry;
  registries: RegistryConfig;
  environments: {
    get(
      projectRef: string,
      name: string,
    ): Promise<{ cluster: string; namespace: string }>;
  };
  logger: LoggerService;
  slots?: KubernetesJobSlots;
}): { jobTypes: Map<string, BerthJobType>; runner: KubernetesJobRunner } {
  const settings = readKubernetesJobSettings(deps.config);
  const runner = new KubernetesJobRunner({
    clusters: deps.clusters,
    settings,
    logger: deps.logger,
    slots: deps.slots,
  });
  const scriptOptions = {
    runner,
    settings,
    environments: deps.environments,
  };
  const jobTypes = new Map<string, BerthJobType>([
    ['script', createScriptJobType(scriptOptions)],
    ['test', createTestJobType(scriptOptions)],
    [
      'build',
      createBuildJobType({
        config: readBuildConfig(deps.config),
        registries: deps.registries,
        runKubernetesJob: request => runner.run(request),
        kubernetesJobName,
        ensurePushSecret: createEnsurePushSecret(deps.clusters),
      }),
    ],
  ]);
  return { jobTypes, runner };
}
