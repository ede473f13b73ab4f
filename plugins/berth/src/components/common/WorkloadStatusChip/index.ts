export { WorkloadStatusChip } from './WorkloadStatusChip';
