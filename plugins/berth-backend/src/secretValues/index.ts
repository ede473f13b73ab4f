export { SecretValues, isStoredSecret } from './SecretValues';
export type { OpenedSecretValues, SealOptions } from './SecretValues';
export { SecretWrites, environmentScope } from './SecretValueStore';
export type { SecretScope, SecretValueStore } from './SecretValueStore';
export {
  KubernetesSecretValueStore,
  SECRET_VALUES_LABEL,
  VALUES_SECRET,
} from './KubernetesSecretValueStore';
export { readProjectSecretsConfig } from './projectSecretsNamespace';
export {
  isSecretRef,
  secretRefIds,
  secretRefOf,
  secretRefPattern,
} from './secretRefs';
export {
  SecretValueCipher,
  isSecretToken,
  secretTokenPattern,
} from './SecretValueCipher';
export {
  maskSecretTokens,
  maskSecretTokensDeep,
  scrubSecrets,
} from './maskSecrets';
export { DEFAULT_SECRET_KEY_PATTERNS, isSecretKey } from './secretKeyPatterns';
export { findSecretValues, SECRET_MARKER_KEY } from './findSecretValues';
export { isWriteOnlyAt } from './schemaWriteOnly';
export { maskSecretResponses } from './maskResponses';
