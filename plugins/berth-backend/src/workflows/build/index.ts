// The `build` job type: what the plugin wiring needs.
export { createBuildJobType, type BuildJobTypeDeps } from './buildJobType';
export { readBuildConfig, type BuildConfig } from './buildConfig';
export { createEnsurePushSecret, pushSecretName } from './pushSecret';
export {
  parseBuildTerminationMessage,
  BuildFailedError,
  type BuildOutputs,
} from './buildOutputs';
export type {
  KubernetesJobRequest,
  KubernetesJobResult,
  RunKubernetesJob,
} from './kubernetesJobContract';
