export { EnvironmentLink } from './EnvironmentLink';
