export { helmEnv } from './helmEnv';
export { HelmProcessError } from './HelmProcessError';
export type { HelmProcessFailure } from './HelmProcessError';
export { runHelm } from './runHelm';
export type { RunHelmOptions } from './runHelm';
export { startKubeApiProxy } from './kubeApiProxy';
export type { KubeApiProxy } from './kubeApiProxy';
