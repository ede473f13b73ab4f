export {
  SecretValueControl,
  ValuesEditor,
  valuesProblems,
} from './ValuesEditor';
export * from './values';
