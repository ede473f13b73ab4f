export { EnvironmentFields } from './EnvironmentFields';
export type { EnvironmentFieldsValue } from './EnvironmentFields';
