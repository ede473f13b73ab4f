export { SecretValues } from './SecretValues';
export type { OpenedSecretValues } from './SecretValues';
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
