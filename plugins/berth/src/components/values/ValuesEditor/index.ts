export { ValuesEditor, valuesProblems } from './ValuesEditor';
export {
  mergeValues,
  overridesOf,
  parseValues,
  schemaProblems,
  valuesText,
} from './values';
export type { Values } from './values';
