export {
  SecretValueControl,
  ValuesEditor,
  valuesProblems,
} from './ValuesEditor';
export {
  markSecret,
  mergeValues,
  overridesOf,
  parseValues,
  schemaProblems,
  secretPaths,
  valuesText,
} from './values';
export type { Values } from './values';
