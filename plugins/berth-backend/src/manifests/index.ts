export {
  renderManifests,
  type RenderManifestsOptions,
} from './renderManifests';
export {
  validateVariableDefinitions,
  type ValidatedVariables,
} from './validateVariableDefinitions';
export { resolveVariableValues } from './resolveVariableValues';
export { checkVariableValue, MAX_YAML_VARIABLE_BYTES } from './variableValue';
export { findPlaceholders, type PlaceholderUse } from './placeholders';
export { checkManifestObject } from './checkManifestObject';
export { CLUSTER_SCOPED_KINDS } from './clusterScopedKinds';
export {
  MANIFEST_VARIABLE_TYPES,
  type KubernetesObject,
  type ManifestVariable,
  type ManifestVariableType,
  type ManifestVariableValue,
} from './types';
