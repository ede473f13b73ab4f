export { EntityBerthEnvironmentContent } from './EntityBerthEnvironmentContent';
