export { DeployAllButton } from './DeployAllButton';
