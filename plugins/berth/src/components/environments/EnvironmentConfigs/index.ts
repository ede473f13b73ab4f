export { EnvironmentConfigs } from './EnvironmentConfigs';
export { ConfigHistoryDialog } from './ConfigHistoryDialog';
