export { CreateEnvironmentButton } from './CreateEnvironmentButton';
