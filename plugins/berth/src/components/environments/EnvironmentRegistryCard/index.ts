export { EnvironmentRegistryCard } from './EnvironmentRegistryCard';
