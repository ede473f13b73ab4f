export { EnvironmentPage } from './EnvironmentPage';
