export { parseValuesYaml } from './parseValuesYaml';
export {
  DEFAULT_MAX_YAML_BYTES,
  MAX_YAML_DEPTH,
  MAX_YAML_ALIAS_COUNT,
  parseYamlDocuments,
  parseYamlValue,
} from './safeYaml';
export type { SafeYamlOptions } from './safeYaml';
export { mergeValues } from './mergeValues';
export type { ValuesLayer } from './mergeValues';
export { parseSetValues, typedSetValue } from './parseSetValues';
export type { SetValuesInput } from './parseSetValues';
export {
  formatValuePath,
  parseValuePath,
  setValueAtPath,
  MAX_LIST_INDEX,
} from './valuePath';
export type { ValuePathSegment } from './valuePath';
export { parseImageReference, imageTagValue } from './imageReference';
export type { ImageReference } from './imageReference';
export { canonicalJson, valuesDigest } from './valuesDigest';
export { resolveServiceValues } from './resolveServiceValues';
export type {
  ResolveServiceValuesInput,
  ResolvedServiceValues,
  ServiceImagePath,
} from './resolveServiceValues';
