export { parseValuesYaml } from './parseValuesYaml';
export {
  DEFAULT_MAX_YAML_BYTES,
  MAX_YAML_DEPTH,
  MAX_YAML_ALIAS_COUNT,
  parseYamlDocuments,
  parseYamlValue,
  type SafeYamlOptions,
} from './safeYaml';
export { mergeValues, type ValuesLayer } from './mergeValues';
export {
  parseSetValues,
  typedSetValue,
  type SetValuesInput,
} from './parseSetValues';
export {
  formatValuePath,
  parseValuePath,
  setValueAtPath,
  MAX_LIST_INDEX,
  type ValuePathSegment,
} from './valuePath';
export {
  parseImageReference,
  imageTagValue,
  type ImageReference,
} from './imageReference';
export { canonicalJson, valuesDigest } from './valuesDigest';
export {
  resolveServiceValues,
  type ResolveServiceValuesInput,
  type ResolvedServiceValues,
  type ServiceImagePath,
} from './resolveServiceValues';
