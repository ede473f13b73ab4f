export { renderManifests } from './renderManifests';
export type { RenderManifestsOptions } from './renderManifests';
export { validateVariableDefinitions } from './validateVariableDefinitions';
export type { ValidatedVariables } from './validateVariableDefinitions';
export { resolveVariableValues } from './resolveVariableValues';
export { checkVariableValue, MAX_YAML_VARIABLE_BYTES } from './variableValue';
export { findPlaceholders } from './placeholders';
export type { PlaceholderUse } from './placeholders';
export { checkManifestObject } from './checkManifestObject';
export { CLUSTER_SCOPED_KINDS } from './clusterScopedKinds';
export { MANIFEST_VARIABLE_TYPES } from './types';
export type {
  KubernetesObject,
  ManifestVariable,
  ManifestVariableType,
  ManifestVariableValue,
} from './types';
