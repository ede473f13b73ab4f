export { DeploymentDiffDialog, describeRecord } from './DeploymentDiffDialog';
export { ObjectDiffList } from './ObjectDiffList';
export { UnifiedDiff, diffBodyLines } from './UnifiedDiff';
