export { PodLogsDialog } from './PodLogsDialog';
