export { EnvironmentValuesEditor } from './EnvironmentValuesEditor';
